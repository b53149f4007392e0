import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_BUCKETS } from './bucket-store.js';
import { Reader, Writer } from './byte-io.js';
import { deserializeChunk, serializeChunk, serializedMode } from './chunk-codec.js';
import { finalize, mergeChunks, SketchAccumulator } from './chunk.js';
import { bucketOf, CellSummary, HIGHEST_BUCKET, LOWEST_BUCKET } from './log-sketch.js';
import type { ChunkResult } from './types.js';

/** Doubles with the awkward cases weighted in: signed zeros, infinities, subnormals, odd NaN payloads. */
const awkward = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, 1, 1),
  fc.tuple(fc.nat(0xfffff), fc.nat(0xffffffff), fc.boolean()).map(([hi, lo, sign]) => {
    const words = Uint32Array.of(lo, ((sign ? 0xfff00000 : 0x7ff00000) | hi | 1) >>> 0);
    return new Float64Array(words.buffer)[0]!; // a NaN with a payload of its own
  }),
);

/** A column of one value per path: all "no row", one repeated value, or anything. */
const column = (paths: number) =>
  fc.oneof(
    fc.constant(Array.from({ length: paths }, () => NaN)),
    awkward.map((x) => Array.from({ length: paths }, () => x)),
    fc.array(awkward, { minLength: paths, maxLength: paths }),
  );

const exactChunk = fc
  .record({ first: fc.nat(50), paths: fc.nat(6), periods: fc.integer({ min: 1, max: 4 }), keys: fc.integer({ min: 0, max: 4 }) })
  .chain(({ first, paths, periods, keys }) =>
    fc.array(fc.array(column(paths), { minLength: periods, maxLength: periods }), { minLength: keys, maxLength: keys }).map((columns): ChunkResult => {
      const names = columns.map((_, k) => `model|m${k}|price`);
      const values = new Map<string, Float64Array>();
      columns.forEach((cols, k) => {
        const block = new Float64Array(paths * periods);
        cols.forEach((col, t) => col.forEach((x, p) => (block[p * periods + t] = x)));
        values.set(names[k]!, block);
      });
      return { firstPath: first, endPath: first + paths, periods, startDate: '2025-01-01', periodMonths: 1, mode: 'exact', keys: names, values, cells: new Map() };
    }),
  );

function bits(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function expectSameChunk(a: ChunkResult, b: ChunkResult): void {
  expect({ ...b, values: undefined }).toEqual({ ...a, values: undefined });
  for (const key of a.keys) expect(bits(b.values.get(key)!).equals(bits(a.values.get(key)!))).toBe(true);
}

describe('chunk codec (exact mode)', () => {
  it('round-trips every bit: NaN payloads, -0, infinities, subnormals; the same chunk gives the same bytes', () => {
    fc.assert(
      fc.property(exactChunk, (chunk) => {
        const bytes = serializeChunk(chunk);
        const back = deserializeChunk(bytes);
        expectSameChunk(chunk, back);
        expect(serializeChunk(back).equals(bytes)).toBe(true);
      }),
      { numRuns: 300, seed: 1130 },
    );
  });

  it('reads bytes lying at any offset in memory (as a driver may hand them over)', () => {
    fc.assert(
      fc.property(exactChunk, fc.nat(7), (chunk, shift) => {
        const bytes = serializeChunk(chunk);
        const moved = new Uint8Array(bytes.length + shift).subarray(shift);
        moved.set(bytes);
        expectSameChunk(chunk, deserializeChunk(moved));
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it('merges decoded chunks to the same bytes as the chunks themselves, however they were split', () => {
    fc.assert(
      fc.property(exactChunk, fc.nat(), (chunk, at) => {
        const paths = chunk.endPath - chunk.firstPath;
        const cut = paths === 0 ? 0 : at % (paths + 1);
        const part = (from: number, to: number): ChunkResult => {
          const values = new Map([...chunk.values].map(([k, v]) => [k, v.slice(from * chunk.periods, to * chunk.periods)]));
          return { ...chunk, firstPath: chunk.firstPath + from, endPath: chunk.firstPath + to, values };
        };
        const parts = [part(0, cut), part(cut, paths)];
        const merged = mergeChunks(parts.map((p) => deserializeChunk(serializeChunk(p))));
        expect(serializeChunk(merged).equals(serializeChunk(chunk))).toBe(true);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('stores a column that is empty or the same in every path once, not once per path', () => {
    const paths = 250;
    const values = new Map([
      ['market|market|empty', new Float64Array(paths * 2).fill(NaN)],
      ['market|market|same', new Float64Array(paths * 2).fill(-0)],
    ]);
    const chunk: ChunkResult = { firstPath: 0, endPath: paths, periods: 2, startDate: '2025-01-01', periodMonths: 1, mode: 'exact', keys: [...values.keys()], values, cells: new Map() };
    expect(serializeChunk(chunk).length).toBeLessThan(128);
    expectSameChunk(chunk, deserializeChunk(serializeChunk(chunk)));
  });

  it('refuses a corrupt column tag', () => {
    const values = new Map([['market|market|x', Float64Array.of(1, 2)]]);
    const bytes = serializeChunk({ firstPath: 0, endPath: 2, periods: 1, startDate: '2025-01-01', periodMonths: 1, mode: 'exact', keys: ['market|market|x'], values, cells: new Map() });
    const tagAt = bytes.indexOf(Buffer.from('market|market|x')) + 'market|market|x'.length;
    bytes[tagAt] = 9;
    expect(() => deserializeChunk(bytes)).toThrow(/column tag/);
  });
});

describe('chunk codec (sketch mode)', () => {
  const sketchChunk = (first: number, cellValues: number[][], keys = ['model|m|price']): ChunkResult => {
    const periods = cellValues.length;
    const cells = new Map(
      keys.map((key, k) => [
        key,
        cellValues.map((xs) => {
          if (xs.length === 0) return undefined;
          const cell = new CellSummary();
          xs.forEach((x) => cell.add(k === 0 ? x : -x / 3));
          return cell;
        }),
      ]),
    );
    return { firstPath: first, endPath: first + 1, periods, startDate: '2025-01-01', periodMonths: 1, mode: 'sketch', keys, values: new Map(), cells };
  };
  const value = fc.oneof(
    fc.double({ min: -1e12, max: 1e12, noNaN: true }),
    fc.constantFrom(0, -0, 1e-300, 1e-12, 5e-324, Infinity, -Infinity),
    // magnitudes beyond MAX_BUCKETS apart, so stores fold
    fc.integer({ min: -300, max: 300 }).map((e) => 10 ** e),
  );
  const cellsOf = fc.array(fc.array(value, { maxLength: 30 }), { minLength: 1, maxLength: 4 });
  /** Same periods as `a`, cells from `b` (padded with empty cells). */
  const aligned = (a: number[][], b: number[][]) => b.slice(0, a.length).concat(Array.from({ length: Math.max(0, a.length - b.length) }, () => []));

  it('decodes cells that merge and finalize as the originals (subnormals, zeros, infinities)', () => {
    fc.assert(
      fc.property(cellsOf, cellsOf, (a, b) => {
        const [x, y] = [sketchChunk(0, a), sketchChunk(1, aligned(a, b))];
        expect(finalize(deserializeChunk(serializeChunk(x)))).toEqual(finalize(x));
        const viaCodec = mergeChunks([x, y].map((c) => deserializeChunk(serializeChunk(c))));
        expect(finalize(viaCodec)).toEqual(finalize(mergeChunks([x, y])));
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('folds chunks from their bytes into the state merging the chunks gives (the merged chunk encodes to the same bytes)', () => {
    fc.assert(
      fc.property(cellsOf, cellsOf, cellsOf, fc.boolean(), (a, b, c, newKey) => {
        const parts = [sketchChunk(0, a), sketchChunk(1, aligned(a, b), newKey ? ['model|n|price', 'model|m|price'] : undefined), sketchChunk(2, aligned(a, c))];
        const fromBytes = new SketchAccumulator();
        for (const part of parts) fromBytes.addBytes(serializeChunk(part));
        const merged = mergeChunks(parts);
        expect(serializeChunk(fromBytes.result()).equals(serializeChunk(merged))).toBe(true);
        expect(fromBytes.result().keys).toEqual(merged.keys);
        expect(finalize(fromBytes.result())).toEqual(finalize(merged));
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it('folds signed zeros into the same min and max in either order (-0 below +0)', () => {
    for (const order of [[[0], [-0]], [[-0], [0]]]) {
      const folded = new SketchAccumulator();
      order.forEach((xs, i) => folded.addBytes(serializeChunk(sketchChunk(i, [xs]))));
      const cell = folded.result().cells.get('model|m|price')![0]!;
      expect([Object.is(cell.min, -0), Object.is(cell.max, 0)]).toEqual([true, true]);
    }
  });

  it('refuses bytes out of order, of another mode, or of an older format, naming what to do', () => {
    const one = sketchChunk(0, [[1, 2]]);
    const acc = new SketchAccumulator();
    acc.addBytes(serializeChunk(one));
    expect(() => acc.addBytes(serializeChunk(one))).toThrow(/in order/);
    const exact: ChunkResult = { firstPath: 1, endPath: 2, periods: 1, startDate: '2025-01-01', periodMonths: 1, mode: 'exact', keys: [], values: new Map(), cells: new Map() };
    expect(serializedMode(serializeChunk(exact))).toBe('exact');
    expect(() => acc.addBytes(serializeChunk(exact))).toThrow(/sketch-mode/);
    expect(() => new SketchAccumulator().addBytes(serializeChunk(exact))).toThrow(/sketch-mode/);
    for (const magic of ['FMC2', 'FMC3']) {
      const older = serializeChunk(one);
      older.write(magic, 0, 'latin1');
      expect(() => deserializeChunk(older)).toThrow(new RegExp(`${magic}, written by an older worker .* retry the run`));
      expect(() => acc.addBytes(older)).toThrow(/older worker/);
    }
    // Exact chunks keep FMC3 (their format did not change); FMC4 is for sketch chunks only.
    const exactBytes = serializeChunk(exact);
    expect(exactBytes.toString('latin1', 0, 4)).toBe('FMC3');
    expect(serializeChunk(one).toString('latin1', 0, 4)).toBe('FMC4');
    exactBytes.write('FMC4', 0, 'latin1');
    expect(() => deserializeChunk(exactBytes)).toThrow(/corrupt \(mode\)/);
  });

  it('refuses bucket indices beyond those of [1e-300, Number.MAX_VALUE] (FMC4 indices)', () => {
    // One positive value: the bytes end with its store (1 bucket, its index, count 1) and an empty negative store.
    const one = serializeChunk(sketchChunk(0, [[7]]));
    const store = (lo: number, n: number) => {
      const w = new Writer();
      w.uvarint(n);
      w.svarint(lo);
      for (let k = 0; k < n; k++) w.uvarint(1);
      w.uvarint(0);
      return w.result();
    };
    const head = one.subarray(0, one.length - store(bucketOf(7), 1).length);
    const withStore = (lo: number, n: number) => deserializeChunk(Buffer.concat([head, store(lo, n)])).cells.get('model|m|price')![0]!.positive;
    expect(bucketOf(7)).toBe(2 * 128 + 96);
    expect(withStore(bucketOf(7), 1).get(bucketOf(7))).toBe(1);
    expect([withStore(LOWEST_BUCKET, 2).lo, withStore(HIGHEST_BUCKET - 1, 2).hi]).toEqual([LOWEST_BUCKET, HIGHEST_BUCKET]);
    expect(() => withStore(LOWEST_BUCKET - 1, 2)).toThrow(/corrupt \(bucket index\)/);
    expect(() => withStore(HIGHEST_BUCKET, 2)).toThrow(/corrupt \(bucket index\)/);
  });

  it('refuses a bucket count past 2^32 - 1 (stores count in 32 bits) and reads one at the limit', () => {
    // One positive value: the bytes end with its store (1 bucket, its index, count 1) and an empty negative store.
    const one = serializeChunk(sketchChunk(0, [[7]]));
    expect([...one.subarray(-2)]).toEqual([1, 0]);
    const withCount = (count: number) => {
      const w = new Writer();
      w.uvarint(count);
      w.uvarint(0);
      return Buffer.concat([one.subarray(0, -2), w.result()]);
    };
    expect(deserializeChunk(withCount(0xffffffff)).cells.get('model|m|price')![0]!.positive.get(bucketOf(7))).toBe(0xffffffff);
    expect(() => deserializeChunk(withCount(2 ** 32))).toThrow(/corrupt \(bucket count\)/);
  });

  it('takes a fraction of the bytes of f64 counts: ~1-2 bytes per bucket', () => {
    const xs = Array.from({ length: 2500 }, (_, i) => 100 * 1.3 ** Math.sin(i));
    const bytes = serializeChunk(sketchChunk(0, [xs]));
    const cell = sketchChunk(0, [xs]).cells.get('model|m|price')![0]!;
    const buckets = cell.positive.hi - cell.positive.lo + 1;
    expect(buckets).toBeGreaterThan(40);
    expect(bytes.length).toBeLessThan(100 + 2 * buckets);
  });
});

describe('varints', () => {
  it('round-trip safe integers (signed: below 2^52 in magnitude) and refuse overlong input', () => {
    const edges = [0, 1, 127, 128, 16383, 16384, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 52 + 1, Number.MAX_SAFE_INTEGER];
    const w = new Writer();
    for (const x of edges) w.uvarint(x);
    const signed = edges.filter((x) => x < 2 ** 52);
    for (const x of signed) (w.svarint(x), w.svarint(-x));
    w.svarint(-MAX_BUCKETS);
    const r = new Reader(w.result());
    for (const x of edges) expect(r.uvarint()).toBe(x);
    for (const x of signed) expect([r.svarint(), r.svarint()]).toEqual([x, x === 0 ? 0 : -x]);
    expect(r.svarint()).toBe(-MAX_BUCKETS);
    expect(r.done).toBe(true);
    expect(() => new Reader(Uint8Array.of(0x80, 0x80)).uvarint()).toThrow(/truncated/);
    expect(() => new Reader(new Uint8Array(9).fill(0xff)).uvarint()).toThrow(/corrupt/);
  });
});

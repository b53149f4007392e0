import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { deserializeChunk, serializeChunk } from './chunk-codec.js';
import { finalize, mergeChunks } from './chunk.js';
import { CellSummary } from './log-sketch.js';
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
  const sketchChunk = (first: number, cellValues: number[][]): ChunkResult => {
    const cells = cellValues.map((xs) => {
      if (xs.length === 0) return undefined;
      const cell = new CellSummary();
      xs.forEach((x) => cell.add(x));
      return cell;
    });
    return { firstPath: first, endPath: first + 1, periods: cells.length, startDate: '2025-01-01', periodMonths: 1, mode: 'sketch', keys: ['model|m|price'], values: new Map(), cells: new Map([['model|m|price', cells]]) };
  };
  const value = fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constantFrom(0, -0, 1e-300, 1e-12, Infinity, -Infinity));
  const cellsOf = fc.array(fc.array(value, { maxLength: 30 }), { minLength: 1, maxLength: 4 });

  it('decodes cells that merge and finalize as the originals (subnormals, zeros, infinities)', () => {
    fc.assert(
      fc.property(cellsOf, cellsOf, (a, b) => {
        const b2 = b.slice(0, a.length).concat(Array.from({ length: Math.max(0, a.length - b.length) }, () => []));
        const [x, y] = [sketchChunk(0, a), sketchChunk(1, b2)];
        expect(finalize(deserializeChunk(serializeChunk(x)))).toEqual(finalize(x));
        const viaCodec = mergeChunks([x, y].map((c) => deserializeChunk(serializeChunk(c))));
        expect(finalize(viaCodec)).toEqual(finalize(mergeChunks([x, y])));
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});

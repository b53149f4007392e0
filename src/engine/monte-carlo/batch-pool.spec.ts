import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { growChunk, runChunk, SKETCH_BATCH_PATHS, type SimulateFn } from './chunk.js';
import { SUM_BLOCK } from './exact-sum.js';
import { CellSummary } from './log-sketch.js';
import { serializeChunk } from './chunk-codec.js';
import { BatchPool } from './batch-pool.js';
import type { ChunkResult, RunOptions } from './types.js';
import { validateScenario } from '../scenario/validate-scenario.js';
import type { ScenarioDoc } from '../scenario/types.js';
import { simulatePath } from '../simulation/simulate-path.js';

// a dynamic import keeps the JSON import attribute through @swc/jest
const threeLabs = (await import('../scenario/fixtures/three-labs.json', { with: { type: 'json' } })).default;

/* eslint-disable @typescript-eslint/no-explicit-any */
function docWithDraws(): ScenarioDoc {
  const d: any = structuredClone(threeLabs);
  d.periods = 7;
  d.labs[0].brand = { dist: 'normal', mean: 0.5, sd: 0.3 };
  d.labs[1].brand = { dist: 'uniform', min: -1, max: 1, perPeriod: true };
  const r = validateScenario(d);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.doc;
}

/** The series of a path as copies, in a map of their own (nothing in place in the batch). */
const copying =
  (change: (key: string, values: Float64Array) => Float64Array = (_, v) => v): SimulateFn =>
  (timeline) => {
    const r = simulatePath(timeline);
    return { series: new Map([...r.series].map(([k, v]) => [k, change(k, v.slice())])) };
  };

function sketchBytes(doc: ScenarioDoc, opts: RunOptions, simulate: SimulateFn, block: number): Buffer {
  const chunk = runChunk(doc, opts, 3, 3, simulate);
  for (let end = 3; end < opts.paths; ) growChunk(chunk, doc, opts, (end = Math.min(opts.paths, end + block)), simulate);
  expect(chunk.mode).toBe('sketch');
  return serializeChunk(chunk);
}

describe('sketch batches written in place', () => {
  const doc = docWithDraws();
  const opts: RunOptions = { paths: 100, seed: 4, exactPathLimit: 10 };

  it('give the chunk of copied series (the same batches)', () => {
    for (const block of [1, 37, 200]) expect(sketchBytes(doc, opts, simulatePath, block).equals(sketchBytes(doc, opts, copying(), block))).toBe(true);
  });

  it('give the bytes of batches of SUM_BLOCK paths (a batch adds each cell a block at a time)', () => {
    const long: RunOptions = { ...opts, paths: 3 + SKETCH_BATCH_PATHS + SUM_BLOCK + 40 };
    expect(SKETCH_BATCH_PATHS).toBeGreaterThan(SUM_BLOCK);
    expect(sketchBytes(doc, long, simulatePath, SKETCH_BATCH_PATHS).equals(sketchBytes(doc, long, simulatePath, SUM_BLOCK))).toBe(true);
  });

  it('copy in the series a simulate function moved out of place', () => {
    const doubleMarket = (key: string, v: Float64Array) => (key.startsWith('market|') ? v.map((x) => 2 * x) : v);
    const moved: SimulateFn = (timeline, pool) => {
      const r = simulatePath(timeline, pool);
      return { series: new Map([...r.series].map(([k, v]) => [k, doubleMarket(k, v)])), buffers: r.buffers };
    };
    expect(sketchBytes(doc, opts, moved, 37).equals(sketchBytes(doc, opts, copying(doubleMarket), 37))).toBe(true);
  });
});

describe('BatchPool.take', () => {
  it('lends all-NaN buffers whatever the batch before wrote, in the slots it took and those packSlots moved values to', () => {
    const periods = 2;
    const keys = ['model|a|x', 'model|a|y'];
    const pool = new BatchPool(periods, 4);
    const chunk = { periods, keys: [], cells: new Map() } as unknown as ChunkResult;
    for (let batch = 0; batch < 3; batch++) {
      for (let slot = 0; slot < 4; slot++) {
        pool.startPath(slot);
        // The first batch has the entity in slots 1 and 3 only: the flush moves their values to 0 and 1.
        if (batch === 0 && slot % 2 === 0) continue;
        const buffer = pool.take(keys.length * periods, keys);
        expect(Array.from(buffer).every(Number.isNaN)).toBe(true);
        buffer.fill(batch * 10 + slot);
        // Lists the keys, so the flush adds (and packs) the slab.
        if (batch === 0 && slot === 1) pool.admit(chunk, { series: new Map(keys.map((key, m) => [key, buffer.subarray(m * periods, (m + 1) * periods)])) });
      }
      pool.flush(chunk);
    }
    expect(chunk.cells.get(keys[0]!)![0]!.count).toBe(2 + 4 + 4);
  });
});

describe('a batch flush', () => {
  // Per key, per period, path p's value: cells all NaN, one value (zeros of one sign or both, the
  // other sign first, last or among NaN), all present, present in some paths, absent from a batch's
  // first paths, infinite in some. B is a block (a batch holds several: the last of a run fewer).
  const B = SUM_BLOCK;
  const kinds: ((p: number) => number)[][] = [
    [() => NaN, () => 2.5, (p) => (p % B === 0 ? -0 : 0), () => -0, (p) => 1 + p * 0.37, (p) => (p % 5 === 2 ? NaN : 10 + p), (p) => (p % B === 0 ? NaN : 4), (p) => (p % 3 === 0 ? NaN : p % 3 === 1 ? -0 : 0)],
    [(p) => (p % B < 3 ? NaN : p), (p) => (p % B === B - 1 ? NaN : 1), (p) => (p % 7 === 0 ? Infinity : 3), () => 0, (p) => -p, (p) => (p % 2 ? -0 : NaN), () => 1e-310, (p) => (p % B === B - 1 ? -0 : 0)],
  ];
  const keys = ['model|a|price', 'lab|b|cash'];

  /**
   * What the flush must give: a cell's values of each block of SUM_BLOCK paths of a batch, NaN left
   * out, added in path order (batches of SUM_BLOCK paths would add the same).
   */
  function reference(value: (k: number, t: number, p: number) => number, periods: number, paths: number): Map<string, (CellSummary | undefined)[]> {
    const cells = new Map(keys.map((key) => [key, new Array<CellSummary | undefined>(periods).fill(undefined)]));
    const blocks: [number, number][] = [];
    for (let batch = 0; batch < paths; batch += SKETCH_BATCH_PATHS) {
      const end = Math.min(paths, batch + SKETCH_BATCH_PATHS);
      for (let start = batch; start < end; start += SUM_BLOCK) blocks.push([start, Math.min(end, start + SUM_BLOCK)]);
    }
    for (const [start, end] of blocks) {
      keys.forEach((key, k) => {
        for (let t = 0; t < periods; t++) {
          const values: number[] = [];
          for (let p = start; p < end; p++) if (!Number.isNaN(value(k, t, p))) values.push(value(k, t, p));
          if (values.length === 0) continue;
          const cell = (cells.get(key)![t] ??= new CellSummary());
          if (values.every((x) => Object.is(x, values[0]))) cell.addRepeated(values[0]!, values.length);
          else cell.addAll(Float64Array.from(values), 0, values.length);
        }
      });
    }
    return cells;
  }

  /** Whether a sketch chunk of paths whose key k has value(k, t, p) holds the reference's cells. */
  function expectFlushed(value: (k: number, t: number, p: number) => number, periods: number, paths: number): void {
    let path = 0;
    const crafted: SimulateFn = () => {
      const p = path++;
      return { series: new Map(keys.map((key, k) => [key, Float64Array.from({ length: periods }, (_, t) => value(k, t, p))])) };
    };
    const chunk = runChunk(docWithDraws(), { paths, seed: 1, exactPathLimit: 10, periods }, 0, paths, crafted);
    expect(chunk.mode).toBe('sketch');
    const expected = reference(value, periods, paths);
    for (const key of keys) expect(chunk.cells.get(key)).toEqual(expected.get(key));
  }

  it('adds each cell as the values, NaN left out, added in path order would', () => {
    expectFlushed((k, t, p) => kinds[k]![t]!(p), kinds[0]!.length, 2 * B + 22);
  });

  it('does so for cells of random values (NaN, signed zeros, infinities, repeats, either sign), bits and order included', () => {
    const special = [0, -0, Infinity, -Infinity, 1e-310, -1e-310, 2.5, -2.5, 1e300, -1e-300];
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 3 }), (seed, periods) => {
        // Per cell a mixture: how often a value is NaN (never in half the cells), special or repeated, and its sign.
        let state = (seed >>> 0) % 2147483646 + 1;
        const next = (): number => (state = (state * 48271) % 2147483647) / 2147483647;
        const mixes = keys.map(() => Array.from({ length: periods }, () => [next() < 0.5 ? 0 : next() ** 2, next() ** 2, next(), next()]));
        const values = keys.map((_, k) =>
          Array.from({ length: periods }, (_, t) => {
            const [nan, rare, repeat, negative] = mixes[k]![t]!;
            const repeated = special[Math.floor(next() * special.length)]!;
            const cell = Float64Array.from({ length: B + 39 }, () => {
              const u = next();
              if (u < nan!) return NaN;
              if (u < nan! + rare!) return special[Math.floor(next() * special.length)]!;
              if (u < repeat!) return repeated;
              return (next() < negative! ? -1 : 1) * next() * 10 ** Math.floor(next() * 6 - 2);
            });
            // A third ascending (-0 before 0, NaN last), a third descending: the extremes first or last.
            const order = next();
            return order < 1 / 3 ? cell : order < 2 / 3 ? cell.sort() : cell.sort().reverse();
          }),
        );
        // A full batch and one of 39, whose values do not come in fours.
        expectFlushed((k, t, p) => values[k]![t]![p]!, periods, B + 39);
      }),
      { numRuns: 25 },
    );
  });
});

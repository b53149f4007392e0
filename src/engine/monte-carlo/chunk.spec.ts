import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { appendChunk, appendSketchBytes, finalize, growChunk, mergeChunks, runChunk, type SimulateFn } from './chunk.js';
import { deserializeChunk, serializeChunk } from './chunk-codec.js';
import { runMonteCarlo } from './run-monte-carlo.js';
import type { ResultRow, RunOptions } from './types.js';
import { validateScenario } from '../scenario/validate-scenario.js';
import type { ScenarioDoc } from '../scenario/types.js';
import { seriesKey } from '../simulation/types.js';
import { PathRecorder, SEGMENT_SHARE_PREFIX } from '../simulation/path-recorder.js';
import { buildTimeline } from '../scenario/build-timeline.js';
import { pathStream } from '../random/path-stream.js';
import { RELATIVE_ACCURACY } from './log-sketch.js';

// a dynamic import keeps the JSON import attribute through @swc/jest
const threeLabs = (await import('../scenario/fixtures/three-labs.json', { with: { type: 'json' } })).default;

/* eslint-disable @typescript-eslint/no-explicit-any */
function docWithDraws(): ScenarioDoc {
  const d: any = structuredClone(threeLabs);
  d.periods = 6;
  d.labs[0].brand = { dist: 'normal', mean: 0.5, sd: 0.3 };
  d.labs[1].brand = { dist: 'uniform', min: -1, max: 1, perPeriod: true };
  const r = validateScenario(d);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.doc;
}

/**
 * A stand-in for simulatePath whose outputs depend on the path's draws: a per-path series, a
 * per-period one, negative values and zeros, and a series that exists only in some paths and
 * has no row in period 0.
 */
const fakeSimulate: SimulateFn = (timeline) => {
  const T = timeline.periods;
  const b0 = timeline.at(0).labs[0]!.brand;
  const series = new Map<string, Float64Array>();
  series.set(seriesKey('market', 'market', 'scaled'), Float64Array.from({ length: T }, (_, t) => b0 * (t + 1) * 1e3));
  series.set(seriesKey('lab', 'Follower', 'perPeriod'), Float64Array.from({ length: T }, (_, t) => timeline.at(t).labs[1]!.brand));
  series.set(seriesKey('segment', 'x', 'zero'), new Float64Array(T));
  if (b0 > 0.5) series.set(seriesKey('model', 'rare', 'late'), Float64Array.from({ length: T }, (_, t) => (t === 0 ? NaN : -b0 * t)));
  return { series };
};

/** Bytes of every number and string of the rows: "identical" means these are equal. */
function rowBytes(rows: ResultRow[]): Buffer {
  const nums = new Float64Array(rows.length * 7);
  rows.forEach((r, i) => nums.set([r.period, r.mean, r.p05, r.p25, r.p50, r.p75, r.p95], i * 7));
  const text = rows.map((r) => `${r.date}|${r.entityType}|${r.entity}|${r.metric}`).join('\n');
  return Buffer.concat([Buffer.from(nums.buffer), Buffer.from(text)]);
}

function chunked(doc: ScenarioDoc, opts: RunOptions, cuts: number[], viaCodec = false): ResultRow[] {
  const bounds = [0, ...[...new Set(cuts.map((c) => c % opts.paths))].filter((c) => c > 0).sort((a, b) => a - b), opts.paths];
  const chunks = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const c = runChunk(doc, opts, bounds[k]!, bounds[k + 1]!, fakeSimulate);
    chunks.push(viaCodec ? deserializeChunk(serializeChunk(c)) : c);
  }
  return finalize(mergeChunks(chunks));
}

describe(runChunk.name, () => {
  const doc = docWithDraws();

  it.each([
    ['exact', { paths: 300, seed: 7 }],
    ['sketch', { paths: 300, seed: 7, exactPathLimit: 100 }],
  ] as const)('gives identical bytes however the paths are split (%s)', (_mode, opts) => {
    const whole = rowBytes(chunked(doc, opts, []));
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), (cuts, viaCodec) => {
        expect(rowBytes(chunked(doc, opts, cuts, viaCodec)).equals(whole)).toBe(true);
      }),
      { numRuns: 25 },
    );
    // one chunk of all paths vs seven uneven ones
    expect(rowBytes(chunked(doc, opts, [1, 2, 50, 51, 170, 299])).equals(whole)).toBe(true);
  });

  it('gives the same bytes for the same seed and different ones for another seed', () => {
    const opts = { paths: 50, seed: 3 };
    expect(rowBytes(chunked(doc, opts, [])).equals(rowBytes(chunked(doc, opts, [])))).toBe(true);
    expect(rowBytes(chunked(doc, { ...opts, seed: 4 }, [])).equals(rowBytes(chunked(doc, opts, [])))).toBe(false);
  });

  it('computes exact statistics over the paths in which a row exists', () => {
    const opts = { paths: 101, seed: 5 };
    const rows = chunked(doc, opts, [40]);
    // recompute 'late' in period 2 independently, path by path
    const values: number[] = [];
    for (let p = 0; p < 101; p++) {
      const one = finalize(runChunk(doc, { paths: 101, seed: 5 }, p, p + 1, fakeSimulate));
      const late = one.find((r) => r.metric === 'late' && r.period === 2);
      if (late) values.push(late.mean);
    }
    values.sort((a, b) => a - b);
    const n = values.length;
    expect(n).toBeGreaterThan(10);
    expect(n).toBeLessThan(101);
    const row = rows.find((r) => r.metric === 'late' && r.period === 2)!;
    const h = (n - 1) * 0.25;
    const lo = Math.floor(h);
    expect(row.p25).toBeCloseTo(values[lo]! + (h - lo) * (values[lo + 1]! - values[lo]!), 12);
    expect(row.p50).toBeCloseTo(n % 2 ? values[(n - 1) / 2]! : (values[n / 2 - 1]! + values[n / 2]!) / 2, 12);
    expect(row.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / n, 12);
    // no row where no path has one
    expect(rows.some((r) => r.metric === 'late' && r.period === 0)).toBe(false);
    expect(rows.filter((r) => r.metric === 'zero').every((r) => r.mean === 0 && r.p95 === 0)).toBe(true);
  });

  it('dates rows by the first day of their period', () => {
    const rows = chunked(doc, { paths: 3, seed: 1 }, []);
    expect([...new Set(rows.map((r) => `${r.period}:${r.date}`))].slice(0, 3)).toEqual(['0:2025-01-01', '1:2025-02-01', '2:2025-03-01']);
  });

  it('has sketch means equal to exact means and sketch quantiles within the documented bound', () => {
    const paths = 400;
    const exact = chunked(doc, { paths, seed: 9 }, [123]);
    const sketch = chunked(doc, { paths, seed: 9, exactPathLimit: 10 }, [77]);
    expect(sketch.length).toBe(exact.length);
    // the values of every cell, path by path, to find each quantile's neighbouring order statistics
    const cells = new Map<string, number[]>();
    for (let p = 0; p < paths; p++) {
      const result = fakeSimulate(buildTimeline(doc, pathStream(9, p)));
      for (const [key, series] of result.series) {
        series.forEach((x, t) => {
          if (Number.isNaN(x)) return;
          const cell = `${key}@${t}`;
          if (!cells.has(cell)) cells.set(cell, []);
          cells.get(cell)!.push(x);
        });
      }
    }
    exact.forEach((e, i) => {
      const s = sketch[i]!;
      expect([s.metric, s.period, s.mean]).toEqual([e.metric, e.period, e.mean]);
      const values = cells.get(`${e.entityType}|${e.entity}|${e.metric}@${e.period}`)!.sort((a, b) => a - b);
      const levels = { p05: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95 };
      for (const [column, q] of Object.entries(levels) as [keyof typeof levels, number][]) {
        const h = (values.length - 1) * q;
        const near = Math.max(Math.abs(values[Math.floor(h)]!), Math.abs(values[Math.ceil(h)]!));
        expect(Math.abs(s[column] - e[column])).toBeLessThanOrEqual(RELATIVE_ACCURACY * near * (1 + 1e-12));
      }
    });
  });

  it.each([
    ['exact', { paths: 120, seed: 8 }],
    ['sketch', { paths: 120, seed: 8, exactPathLimit: 50 }],
  ] as const)('appends later parts to a chunk grown for the whole range as mergeChunks merges them (%s)', (_mode, opts) => {
    const own = runChunk(doc, opts, 10, 10, fakeSimulate);
    growChunk(own, doc, opts, 40, fakeSimulate, 110);
    const parts = [runChunk(doc, opts, 40, 77, fakeSimulate), runChunk(doc, opts, 77, 110, fakeSimulate)];
    const merged = mergeChunks([runChunk(doc, opts, 10, 40, fakeSimulate), ...parts]);
    for (const part of parts) appendChunk(own, part, 110);
    expect(own.keys).toEqual(merged.keys);
    expect(own.values).toEqual(merged.values);
    expect(rowBytes(finalize(own)).equals(rowBytes(finalize(merged)))).toBe(true);
    expect(rowBytes(finalize(own)).equals(rowBytes(finalize(runChunk(doc, opts, 10, 110, fakeSimulate))))).toBe(true);
  });

  it('appends later sketch parts from their bytes as from the chunks, and refuses bytes out of order or of an exact chunk', () => {
    const opts = { paths: 120, seed: 8, exactPathLimit: 50 };
    const grow = () => {
      const own = runChunk(doc, opts, 10, 10, fakeSimulate);
      growChunk(own, doc, opts, 40, fakeSimulate, 110);
      return own;
    };
    const parts = [runChunk(doc, opts, 40, 77, fakeSimulate), runChunk(doc, opts, 77, 110, fakeSimulate)];
    const fromChunks = grow();
    const fromBytes = grow();
    for (const part of parts) {
      appendChunk(fromChunks, part);
      appendSketchBytes(fromBytes, serializeChunk(part));
    }
    expect(serializeChunk(fromBytes).equals(serializeChunk(fromChunks))).toBe(true);
    expect(() => appendSketchBytes(grow(), serializeChunk(parts[1]!))).toThrow(/in order/);
    expect(() => appendSketchBytes(grow(), serializeChunk(runChunk(doc, { ...opts, exactPathLimit: 500 }, 40, 77, fakeSimulate)))).toThrow(/sketch/);
  });

  it('appends to an exact chunk only up to the capacity it was grown with', () => {
    const opts = { paths: 20, seed: 2 };
    const own = runChunk(doc, opts, 0, 0, fakeSimulate);
    growChunk(own, doc, opts, 5, fakeSimulate, 10);
    expect(() => appendChunk(own, runChunk(doc, opts, 5, 12, fakeSimulate), 12)).toThrow(/capacity/);
    expect(() => appendChunk(own, runChunk(doc, opts, 6, 10, fakeSimulate), 10)).toThrow(/in order/);
  });

  it("copies an exact path with the previous path's entities by place: share series made in another order land under their keys", () => {
    let path = 0;
    // Model a's shares in segments x and y, made in an order that flips from path to path; each
    // value names its path and segment.
    const simulate: SimulateFn = (timeline, pool) => {
      const recorder = new PathRecorder(timeline.periods, pool);
      recorder.models.indexOf('a');
      recorder.segments.indexOf('x');
      recorder.segments.indexOf('y');
      const p = path++;
      for (const s of p % 2 === 0 ? [0, 1] : [1, 0]) recorder.segmentShare(0, s).fill(p * 10 + s);
      return recorder.toResult();
    };
    const chunk = runChunk(doc, { paths: 5, seed: 1 }, 0, 5, simulate);
    ['x', 'y'].forEach((segment, s) => {
      const values = chunk.values.get(seriesKey('model', 'a', SEGMENT_SHARE_PREFIX + segment))!;
      expect(Array.from(values)).toEqual(Array.from({ length: 5 * doc.periods }, (_, i) => Math.floor(i / doc.periods) * 10 + s));
    });
  });

  it('refuses chunks out of order, from another run, or outside the run', () => {
    const opts = { paths: 10, seed: 1 };
    const a = runChunk(doc, opts, 0, 5, fakeSimulate);
    const b = runChunk(doc, opts, 5, 10, fakeSimulate);
    expect(() => mergeChunks([b, a])).toThrow(/in order/);
    expect(() => mergeChunks([a, runChunk(doc, { ...opts, exactPathLimit: 1 }, 5, 10, fakeSimulate)])).toThrow(/different run/);
    expect(() => runChunk(doc, opts, 5, 11, fakeSimulate)).toThrow(RangeError);
    expect(() => deserializeChunk(Buffer.from('nope'))).toThrow(RangeError);
    expect(() => deserializeChunk(serializeChunk(a).subarray(0, 40))).toThrow(RangeError);
  });
});

describe(runMonteCarlo.name, () => {
  it('runs the real model on the example and gives one row per series and period', () => {
    const r = validateScenario(threeLabs);
    if (!r.ok) throw new Error('fixture invalid');
    const rows = runMonteCarlo(r.doc, { paths: 8, seed: 1, periods: 4 }, { chunkPaths: 3 });
    const market = rows.filter((x) => x.entityType === 'market' && x.metric === 'gpuRentalPrice');
    expect(market.map((x) => x.period)).toEqual([0, 1, 2, 3]);
    expect(market[0]!.mean).toBe(2.5);
    for (const row of rows) {
      expect(row.p05).toBeLessThanOrEqual(row.p25);
      expect(row.p25).toBeLessThanOrEqual(row.p50);
      expect(row.p50).toBeLessThanOrEqual(row.p75);
      expect(row.p75).toBeLessThanOrEqual(row.p95);
    }
    const again = runMonteCarlo(r.doc, { paths: 8, seed: 1, periods: 4 }, { chunkPaths: 8 });
    expect(rowBytes(again).equals(rowBytes(rows))).toBe(true);
  });

  it('merges sketch chunks as they come to the same bytes as one merge', () => {
    const doc = docWithDraws();
    const opts = { paths: 120, seed: 2, exactPathLimit: 50 };
    const once = rowBytes(chunked(doc, opts, []));
    expect(rowBytes(runMonteCarlo(doc, opts, { chunkPaths: 7, simulate: fakeSimulate })).equals(once)).toBe(true);
    expect(rowBytes(runMonteCarlo(doc, { ...opts, exactPathLimit: 500 }, { chunkPaths: 7, simulate: fakeSimulate })).equals(once)).toBe(false);
    // Growing one chunk in place, from uneven starts, is the same as merging separate chunks.
    const grown = runChunk(doc, opts, 0, 3, fakeSimulate);
    for (const end of [4, 60, 61, 120]) growChunk(grown, doc, opts, end, fakeSimulate);
    expect(rowBytes(finalize(grown)).equals(once)).toBe(true);
    expect(() => growChunk(grown, doc, opts, 121, fakeSimulate)).toThrow(/inside/);
    // Exact chunks grow from an empty start, to the same bytes as merged chunks.
    const exactOpts = { ...opts, exactPathLimit: 500 };
    const exactOnce = rowBytes(chunked(doc, exactOpts, []));
    expect(() => growChunk(runChunk(doc, exactOpts, 0, 3, fakeSimulate), doc, exactOpts, 4, fakeSimulate)).toThrow(/empty start/);
    const exactGrown = runChunk(doc, exactOpts, 0, 0, fakeSimulate);
    for (const end of [1, 2, 59, 120]) growChunk(exactGrown, doc, exactOpts, end, fakeSimulate);
    expect(rowBytes(finalize(exactGrown)).equals(exactOnce)).toBe(true);
    // An exact chunk grown to a capacity short of the run's end is the chunk runChunk makes.
    const part = runChunk(doc, exactOpts, 30, 30, fakeSimulate);
    for (const end of [31, 45, 70]) growChunk(part, doc, exactOpts, end, fakeSimulate, 70);
    expect(part).toEqual(runChunk(doc, exactOpts, 30, 70, fakeSimulate));
    expect(() => growChunk(part, doc, exactOpts, 71, fakeSimulate, 70)).toThrow(/inside/);
  });

  it('refuses options outside the limits', () => {
    const doc = docWithDraws();
    expect(() => runMonteCarlo(doc, { paths: 0, seed: 1 })).toThrow(/paths/);
    expect(() => runMonteCarlo(doc, { paths: 100_001, seed: 1 })).toThrow(/paths/);
    expect(() => runMonteCarlo(doc, { paths: 1, seed: -1 })).toThrow(/seed/);
    expect(() => runMonteCarlo(doc, { paths: 1, seed: 1, periods: 601 })).toThrow(/periods/);
  });
});

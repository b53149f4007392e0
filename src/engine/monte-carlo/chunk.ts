/**
 * Monte Carlo aggregation by chunks of paths (MODEL.md sections 7 and 8). A chunk runs paths
 * [firstPath, endPath), each on its own (seed, path) stream; chunks merged in chunk order and
 * finalized give identical bytes however the paths were split:
 * - up to the exact limit, every value is kept and quantiles are numpy 'linear' on the sorted
 *   values; means are exact sums (fsum) divided by the count;
 * - beyond it, each (series, period) cell keeps a CellSummary (exact count, sum, min, max and a
 *   log-bucket histogram), all order-free, so memory stays flat as paths grow.
 */
import { pathStream } from '../random/path-stream.js';
import { buildTimeline } from '../scenario/build-timeline.js';
import type { ScenarioDoc } from '../scenario/types.js';
import { BufferPool } from '../simulation/buffer-pool.js';
import { simulatePath } from '../simulation/simulate-path.js';
import { parseSeriesKey, type PathResult, type Timeline } from '../simulation/types.js';
import { Calendar } from '../time.js';
import { BatchPool } from './batch-pool.js';
import { deserializeChunk, foldSketchChunk } from './chunk-codec.js';
import { ExactSum, exactMean, SUM_BLOCK } from './exact-sum.js';
import { QUANTILE_LEVELS, quantileSorted } from './quantiles.js';
import { quantilesOf } from './select-quantiles.js';
import { EXACT_PATH_LIMIT, sketchCellsOf, type ChunkResult, type ResultRow, type RunOptions } from './types.js';

/**
 * Paths buffered before sketch cells are updated (memory: this many paths' series, ~42 MB for the
 * preset): two of the exact sum's blocks. The flush adds a cell's batch a block (SUM_BLOCK paths,
 * the most the sum takes in one two-level pass, see addOneSign) at a time, the adds of batches of
 * SUM_BLOCK, but visits each cell once a batch: a cell's state is fetched once for two blocks
 * (D1 misses -4.6% at preset 2,520). A flush pays a cost per cell whatever the batch, so 126 paths
 * took 15% fewer flush instructions a path than 64.
 */
export const SKETCH_BATCH_PATHS = 2 * SUM_BLOCK;

/** Simulates one path; series buffers may be borrowed from `pool` (see PathResult.buffers). */
export type SimulateFn = (timeline: Timeline, pool?: BufferPool) => PathResult;

/** Exact or sketch, from the run's total paths (so all chunks of a run agree). */
export function aggregationMode(opts: RunOptions): 'exact' | 'sketch' {
  return opts.paths <= (opts.exactPathLimit ?? EXACT_PATH_LIMIT) ? 'exact' : 'sketch';
}

/** Runs paths [firstPath, endPath) of a run and summarises them (MODEL.md section 8). */
export function runChunk(doc: ScenarioDoc, opts: RunOptions, firstPath: number, endPath: number, simulate: SimulateFn = simulatePath): ChunkResult {
  if (!(Number.isInteger(firstPath) && Number.isInteger(endPath) && 0 <= firstPath && firstPath <= endPath && endPath <= opts.paths)) {
    throw new RangeError(`chunk [${firstPath}, ${endPath}) is not inside the run's ${opts.paths} paths`);
  }
  const periods = opts.periods ?? doc.periods;
  const chunk: ChunkResult = {
    firstPath,
    endPath: firstPath,
    periods,
    startDate: doc.startDate,
    periodMonths: doc.periodMonths,
    mode: aggregationMode(opts),
    keys: [],
    values: new Map(),
    cells: new Map(),
  };
  runPaths(chunk, doc, opts, endPath, simulate, endPath - firstPath);
  batchPools.delete(chunk);
  return chunk;
}

/**
 * Runs a run's next paths [chunk.endPath, endPath) into the chunk itself, which must have been
 * started empty to grow (runChunk(doc, opts, first, first)) and is grown in order up to
 * `capacityEndPath` (default: the run's end). The result equals running the paths as chunks of
 * their own and merging them (sketch adds are order-free; exact values go to the same slots),
 * without a second set of cells or value arrays per chunk. While it grows, an exact chunk's value
 * arrays have room for paths up to capacityEndPath: finalize, merge or send it once it reaches
 * that path, not before.
 */
export function growChunk(
  chunk: ChunkResult,
  doc: ScenarioDoc,
  opts: RunOptions,
  endPath: number,
  simulate: SimulateFn = simulatePath,
  capacityEndPath = opts.paths,
): void {
  if (!(Number.isInteger(endPath) && chunk.endPath <= endPath && endPath <= capacityEndPath && capacityEndPath <= opts.paths)) {
    throw new RangeError(`chunk [${chunk.endPath}, ${endPath}) is not inside [${chunk.firstPath}, ${capacityEndPath}) of the run's ${opts.paths} paths`);
  }
  const capacityPaths = capacityEndPath - chunk.firstPath;
  if (chunk.mode === 'exact' && chunk.values.size > 0 && chunk.values.values().next().value!.length !== capacityPaths * chunk.periods) {
    throw new RangeError('an exact chunk grows only from an empty start (runChunk over no paths), to one capacity');
  }
  runPaths(chunk, doc, opts, endPath, simulate, capacityPaths);
  if (endPath === capacityEndPath) batchPools.delete(chunk);
}

/**
 * Adds paths [chunk.endPath, endPath) to the chunk; an exact chunk's new value arrays hold
 * `capacityPaths` paths from chunk.firstPath.
 */
function runPaths(chunk: ChunkResult, doc: ScenarioDoc, opts: RunOptions, endPath: number, simulate: SimulateFn, capacityPaths: number): void {
  if (chunk.mode === 'exact') runExactPaths(chunk, doc, opts, endPath, simulate, capacityPaths);
  else runSketchPaths(chunk, doc, opts, endPath, simulate);
  chunk.endPath = endPath;
}

function simulateOne(chunk: ChunkResult, doc: ScenarioDoc, opts: RunOptions, path: number, simulate: SimulateFn, pool: BufferPool): PathResult {
  return simulate(buildTimeline(doc, pathStream(opts.seed, path), chunk.periods), pool);
}

/**
 * Exact mode: each path's series go to their slots of the chunk's value arrays. A path with the
 * previous path's keys (PathResult.keysAsBefore) is copied buffer by buffer along the places its
 * series had then, without its series map (~1,200 entries a synthetic path, built on reading).
 */
function runExactPaths(chunk: ChunkResult, doc: ScenarioDoc, opts: RunOptions, endPath: number, simulate: SimulateFn, capacityPaths: number): void {
  const { periods } = chunk;
  // Paths list the same keys in the same order (the recorder's cached strings): look up by position.
  const lastKeys: string[] = [];
  const lastValues: Float64Array[] = [];
  const pool = new BufferPool();
  let places: Float64Array[][] | undefined;
  for (let path = chunk.endPath; path < endPath; path++) {
    const result = simulateOne(chunk, doc, opts, path, simulate, pool);
    const slot = path - chunk.firstPath;
    const { buffers } = result;
    if (result.keysAsBefore === true && places !== undefined && buffers !== undefined && buffers.length === places.length) {
      copyByPlace(buffers, places, periods, slot * periods);
    } else {
      let position = 0;
      for (const [key, series] of result.series) {
        if (series.length !== periods) throw new Error(`series ${key} has ${series.length} values for ${periods} periods`);
        let values = lastKeys[position] === key ? lastValues[position] : chunk.values.get(key);
        if (!values) {
          values = new Float64Array(capacityPaths * periods).fill(NaN);
          chunk.values.set(key, values);
          chunk.keys.push(key);
        }
        lastKeys[position] = key;
        lastValues[position++] = values;
        values.set(series, slot * periods);
      }
      places = buffers === undefined ? undefined : placesOf(result.series, buffers, lastValues, periods);
    }
    if (buffers !== undefined) pool.give(buffers);
  }
}

/**
 * Per buffer, per block of T values, the chunk's value array of the series there (`values` by
 * position in the series map); undefined unless every series is such a block and every block a series.
 */
function placesOf(series: Map<string, Float64Array>, buffers: readonly Float64Array[], values: readonly Float64Array[], periods: number): Float64Array[][] | undefined {
  const byStorage = new Map<ArrayBufferLike, number>();
  buffers.forEach((buffer, k) => byStorage.set(buffer.buffer, k));
  // Buffers sharing storage would not tell a view's buffer: no places then.
  if (byStorage.size !== buffers.length) return undefined;
  const places: Float64Array[][] = buffers.map((buffer) => new Array<Float64Array>(buffer.length / periods));
  let position = 0;
  for (const view of series.values()) {
    const k = byStorage.get(view.buffer);
    if (k === undefined) return undefined;
    const block = (view.byteOffset - buffers[k]!.byteOffset) / (8 * periods);
    if (!Number.isInteger(block) || block < 0 || block >= places[k]!.length) return undefined;
    places[k]![block] = values[position++]!;
  }
  let blocks = 0;
  for (const list of places) for (const values of list) if (values !== undefined) blocks++;
  return blocks === position && places.every((list, k) => list.length * periods === buffers[k]!.length) ? places : undefined;
}

/** Copies each buffer's blocks of T values to slot `at` of their value arrays. */
function copyByPlace(buffers: readonly Float64Array[], places: readonly Float64Array[][], periods: number, at: number): void {
  for (let k = 0; k < buffers.length; k++) {
    const buffer = buffers[k]!;
    const list = places[k]!;
    if (buffer.length !== list.length * periods) throw new Error(`buffer ${k} has ${buffer.length} values, not the previous path's ${list.length * periods}`);
    for (let b = 0, from = 0; b < list.length; b++, from += periods) {
      const values = list[b]!;
      for (let t = 0; t < periods; t++) values[at + t] = buffer[from + t]!;
    }
  }
}

/**
 * Sketch mode buffers a batch of paths, then adds cell by cell: far kinder to the cache than
 * touching every cell once per path. Adds are order-free, so batching cannot change results.
 * The recorder writes each path straight into its batch slot (BatchPool).
 */
function runSketchPaths(chunk: ChunkResult, doc: ScenarioDoc, opts: RunOptions, endPath: number, simulate: SimulateFn): void {
  const pool = batchPool(chunk);
  let inBatch = 0;
  for (let path = chunk.endPath; path < endPath; path++) {
    pool.startPath(inBatch);
    const result = simulateOne(chunk, doc, opts, path, simulate, pool);
    if (!pool.inPlace(result)) pool.admit(chunk, result);
    if (++inBatch === SKETCH_BATCH_PATHS || path === endPath - 1) {
      pool.flush(chunk);
      inBatch = 0;
    }
  }
}

/**
 * A sketch chunk's batch pool, kept while the chunk grows: a growChunk call per block of paths
 * would otherwise allocate its slabs (MBs) again each time, and their external memory drives
 * full GCs.
 */
const batchPools = new WeakMap<ChunkResult, BatchPool>();

function batchPool(chunk: ChunkResult): BatchPool {
  let pool = batchPools.get(chunk);
  if (!pool) batchPools.set(chunk, (pool = new BatchPool(chunk.periods, SKETCH_BATCH_PATHS)));
  return pool;
}

function checkFollows(prev: ChunkResult, next: ChunkResult, k: number): void {
  if (next.firstPath !== prev.endPath) throw new RangeError(`chunk ${k} starts at path ${next.firstPath}, not ${prev.endPath}: merge chunks in order`);
  if (next.mode !== prev.mode || next.periods !== prev.periods || next.startDate !== prev.startDate || next.periodMonths !== prev.periodMonths) {
    throw new RangeError(`chunk ${k} belongs to a different run (mode, periods or calendar differ)`);
  }
}

/** Adds a sketch chunk's cells into `into` (which it mutates); cells taken over are cloned. */
function absorbSketch(into: ChunkResult, chunk: ChunkResult): void {
  for (const key of chunk.keys) {
    const cells = sketchCellsOf(into, key);
    const from = chunk.cells.get(key)!;
    for (let t = 0; t < into.periods; t++) {
      const cell = from[t];
      if (!cell) continue;
      const target = cells[t];
      if (target) target.merge(cell);
      else cells[t] = cell.clone();
    }
  }
  into.endPath = chunk.endPath;
}

/** Merges chunks given in chunk order (contiguous paths); the inputs are left untouched. */
export function mergeChunks(chunks: readonly ChunkResult[]): ChunkResult {
  if (chunks.length === 0) throw new RangeError('nothing to merge');
  const first = chunks[0]!;
  for (let k = 1; k < chunks.length; k++) checkFollows(chunks[k - 1]!, chunks[k]!, k);
  const endPath = chunks[chunks.length - 1]!.endPath;
  const merged: ChunkResult = { ...first, endPath: first.firstPath, keys: [], values: new Map(), cells: new Map() };
  for (const c of chunks) appendChunk(merged, c, endPath);
  return merged;
}

/**
 * Appends the chunk that follows `into` (its paths start where into's end) to `into` itself, as
 * mergeChunks would merge the two; `next` is left untouched. An exact `into` must have room for
 * paths up to `capacityEndPath` (>= next.endPath): grown by growChunk with that capacity, or
 * empty. So a chunk grown for a whole range takes the later parts' values without a merged copy.
 */
export function appendChunk(into: ChunkResult, next: ChunkResult, capacityEndPath = next.endPath): void {
  checkFollows(into, next, 1);
  if (into.mode === 'sketch') {
    absorbSketch(into, next);
    return;
  }
  const capacity = (capacityEndPath - into.firstPath) * into.periods;
  if (next.endPath > capacityEndPath || (into.values.size > 0 && into.values.values().next().value!.length !== capacity)) {
    throw new RangeError(`an exact chunk appends paths up to its capacity only (path ${capacityEndPath})`);
  }
  const offset = (next.firstPath - into.firstPath) * into.periods;
  for (const key of next.keys) {
    let values = into.values.get(key);
    if (!values) {
      values = new Float64Array(capacity).fill(NaN);
      into.values.set(key, values);
      into.keys.push(key);
    }
    values.set(next.values.get(key)!, offset);
  }
  into.endPath = next.endPath;
}

/**
 * Appends the serialized sketch chunk (serializeChunk) that follows `into` to `into` itself,
 * decoding each cell straight into into's: appendChunk(into, deserializeChunk(bytes)) without
 * building the chunk's own cells.
 */
export function appendSketchBytes(into: ChunkResult, bytes: Uint8Array): void {
  foldSketchChunk(into, bytes, (header) => {
    if (into.mode !== 'sketch' || header.mode !== 'sketch') throw new RangeError('only sketch-mode bytes append to a sketch-mode chunk');
    checkFollows(into, header, 1);
  });
}

/**
 * A running merge of sketch-mode chunks that arrive in order: memory stays that of one summary
 * however many chunks pass through (MODEL.md section 8). Exact-mode chunks go to mergeChunks.
 */
export class SketchAccumulator {
  private merged: ChunkResult | undefined;

  add(chunk: ChunkResult): void {
    if (chunk.mode !== 'sketch') throw new RangeError('SketchAccumulator takes sketch-mode chunks');
    if (!this.merged) {
      this.merged = mergeChunks([chunk]);
      return;
    }
    checkFollows(this.merged, chunk, 1);
    absorbSketch(this.merged, chunk);
  }

  /**
   * Adds a sketch chunk from its serialized bytes (serializeChunk), decoding each cell straight
   * into the running summary: the same state as add(deserializeChunk(bytes)), without building
   * the chunk's own cells.
   */
  addBytes(bytes: Uint8Array): void {
    if (!this.merged) {
      const chunk = deserializeChunk(bytes);
      if (chunk.mode !== 'sketch') throw new RangeError('SketchAccumulator takes sketch-mode chunks');
      this.merged = chunk;
      return;
    }
    appendSketchBytes(this.merged, bytes);
  }

  result(): ChunkResult {
    if (!this.merged) throw new RangeError('nothing to merge');
    return this.merged;
  }
}

/** Whether all values are the same number (zeros of one sign). */
function allSame(values: Float64Array): boolean {
  const x = values[0]!;
  for (let i = 1; i < values.length; i++) if (values[i] !== x) return false;
  if (x !== 0) return true;
  for (let i = 1; i < values.length; i++) if (!Object.is(values[i], x)) return false;
  return true;
}

/**
 * Deals an exact key's values (path-major, NaN = no row) into `columns`: period t's values in
 * path order at [t * paths, t * paths + counts[t]). One sequential read of the key's values,
 * instead of a pass with a stride of a path's row per period.
 */
function dealColumns(values: Float64Array, paths: number, periods: number, columns: Float64Array, counts: Int32Array): void {
  counts.fill(0);
  for (let p = 0; p < paths; p++) {
    for (let t = 0, at = p * periods; t < periods; t++) {
      const x = values[at + t]!;
      if (x === x) columns[t * paths + counts[t]!++] = x;
    }
  }
}

/**
 * Tidy rows of a merged result (MODEL.md section 7): per series, per period, statistics over
 * the paths in which the row exists; no row where no path has one.
 */
export function finalize(merged: ChunkResult): ResultRow[] {
  const calendar = new Calendar(merged.startDate, merged.periodMonths, merged.periods);
  const dates = Array.from({ length: merged.periods }, (_, t) => calendar.periodStart(t));
  const rows: ResultRow[] = [];
  const paths = merged.endPath - merged.firstPath;
  const exact = merged.mode === 'exact';
  const columns = new Float64Array(exact ? paths * merged.periods : 0);
  const counts = new Int32Array(merged.periods);
  const sum = new ExactSum();
  for (const key of merged.keys) {
    const { entityType, entity, metric } = parseSeriesKey(key);
    const row = (period: number, mean: number, q: number[]): ResultRow => ({
      period,
      date: dates[period]!,
      entityType,
      entity,
      metric,
      mean,
      p05: q[0]!,
      p25: q[1]!,
      p50: q[2]!,
      p75: q[3]!,
      p95: q[4]!,
    });
    if (exact) {
      dealColumns(merged.values.get(key)!, paths, merged.periods, columns, counts);
      for (let t = 0; t < merged.periods; t++) {
        const count = counts[t]!;
        if (count === 0) continue;
        const cell = columns.subarray(t * paths, t * paths + count);
        sum.reset();
        // Columns the same in every path are common (a model's tier, a fixed cost): n x value,
        // exactly, and already in sorted order (what quantilesOf finds after two passes).
        if (allSame(cell)) {
          sum.addRepeated(cell[0]!, count);
          rows.push(row(t, exactMean(sum, count), QUANTILE_LEVELS.map((q) => quantileSorted(cell, q))));
        } else {
          sum.addAll(cell, 0, count);
          rows.push(row(t, exactMean(sum, count), quantilesOf(cell, QUANTILE_LEVELS)));
        }
      }
    } else {
      const cells = merged.cells.get(key)!;
      for (let t = 0; t < merged.periods; t++) {
        const cell = cells[t];
        if (!cell || cell.count === 0) continue;
        rows.push(row(t, cell.mean(), cell.quantiles(QUANTILE_LEVELS)));
      }
    }
  }
  return rows;
}

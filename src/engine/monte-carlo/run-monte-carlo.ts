/**
 * A whole Monte Carlo run in-process (MODEL.md section 8): paths in chunks, merged in order,
 * finalized into tidy rows. The CLI uses it; workers use runChunk / mergeChunks / finalize.
 */
import type { ScenarioDoc } from '../scenario/types.js';
import { LIMITS } from '../scenario/types.js';
import { aggregationMode, extendSketchChunk, finalize, mergeChunks, runChunk, type SimulateFn } from './chunk.js';
import type { ChunkResult, ResultRow, RunOptions } from './types.js';

export interface RunMonteCarloOptions {
  /** Paths per chunk; default 250 (only progress granularity depends on it, never results). */
  chunkPaths?: number;
  simulate?: SimulateFn;
  /** Called after each chunk with the number of paths done. */
  onChunk?: (pathsDone: number) => void;
}

/** Checks run options against SERVICE.md's limits; throws RangeError naming the option. */
export function checkRunOptions(opts: RunOptions): void {
  if (!Number.isInteger(opts.paths) || opts.paths < 1 || opts.paths > LIMITS.maxPaths) {
    throw new RangeError(`paths: must be a whole number from 1 to ${LIMITS.maxPaths}, got ${opts.paths}`);
  }
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) throw new RangeError(`seed: must be a whole number from 0 to 2^53 - 1, got ${opts.seed}`);
  if (opts.periods !== undefined && (!Number.isInteger(opts.periods) || opts.periods < 1 || opts.periods > LIMITS.maxPeriods)) {
    throw new RangeError(`periods: must be a whole number from 1 to ${LIMITS.maxPeriods}, got ${opts.periods}`);
  }
}

/** Runs all paths of a validated document and returns its result rows (MODEL.md sections 7, 8). */
export function runMonteCarlo(doc: ScenarioDoc, opts: RunOptions, options: RunMonteCarloOptions = {}): ResultRow[] {
  checkRunOptions(opts);
  const size = Math.max(1, Math.floor(options.chunkPaths ?? 250));
  // Sketch summaries are merged as they come, so a long run holds one summary, not one per
  // chunk; exact chunks (at most EXACT_PATH_LIMIT paths in all) are merged once at the end,
  // which avoids re-copying the growing value arrays after every small chunk.
  const exact = aggregationMode(opts) === 'exact';
  // Sketch paths go straight into one growing summary (the same cells merging chunks would give).
  const pending: ChunkResult[] = [];
  let sketch: ChunkResult | undefined;
  for (let first = 0; first < opts.paths; first += size) {
    const end = Math.min(opts.paths, first + size);
    if (exact) pending.push(runChunk(doc, opts, first, end, options.simulate));
    else if (sketch === undefined) sketch = runChunk(doc, opts, first, end, options.simulate);
    else extendSketchChunk(sketch, doc, opts, end, options.simulate);
    options.onChunk?.(end);
  }
  return finalize(exact ? mergeChunks(pending) : sketch!);
}

/**
 * A whole Monte Carlo run in-process (MODEL.md section 8): paths in chunks, merged in order,
 * finalized into tidy rows. The CLI uses it; workers use runChunk / mergeChunks / finalize.
 */
import type { ScenarioDoc } from '../scenario/types.js';
import { LIMITS } from '../scenario/types.js';
import { finalize, growChunk, runChunk, type SimulateFn } from './chunk.js';
import type { ResultRow, RunOptions } from './types.js';

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
  // Paths go straight into one growing chunk: the same summary merging chunks would give, without
  // a set of cells (sketch) or value arrays (exact) per chunk to build, copy and collect.
  const chunk = runChunk(doc, opts, 0, 0, options.simulate);
  for (let first = 0; first < opts.paths; first += size) {
    const end = Math.min(opts.paths, first + size);
    growChunk(chunk, doc, opts, end, options.simulate);
    options.onChunk?.(end);
  }
  return finalize(chunk);
}

import type { EntityType } from '../simulation/types.js';
import type { CellSummary } from './log-sketch.js';

/** Options of a Monte Carlo run (MODEL.md section 8). */
export interface RunOptions {
  paths: number;
  seed: number;
  /** Overrides the scenario's `periods` when given. */
  periods?: number;
  /** Overrides EXACT_PATH_LIMIT (tests, benchmarks); must be the same for every chunk of a run. */
  exactPathLimit?: number;
}

/** One tidy output row (MODEL.md section 7). `date` is the period's first day, ISO. */
export interface ResultRow {
  period: number;
  date: string;
  entityType: EntityType;
  entity: string;
  metric: string;
  mean: number;
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/**
 * Paths up to which quantiles are exact (all values kept); beyond it, each cell keeps a
 * mergeable log-bucket sketch whose size does not grow with paths (MODEL.md section 8).
 * Decided from the run's total paths, so every chunk of a run agrees.
 */
export const EXACT_PATH_LIMIT = 2000;

/**
 * What a chunk of paths [firstPath, endPath) leaves for aggregation; chunks merged in order
 * give the same bytes as one chunk of all paths.
 */
export interface ChunkResult {
  firstPath: number;
  endPath: number;
  periods: number;
  startDate: string;
  periodMonths: number;
  mode: 'exact' | 'sketch';
  /** Series keys in order of first appearance over the chunk's paths. */
  keys: string[];
  /** Exact mode: per key, value of path p (relative to firstPath) in period t at p * periods + t; NaN = no row. */
  values: Map<string, Float64Array>;
  /** Sketch mode: per key, one summary per period (undefined where no path had a row). */
  cells: Map<string, (CellSummary | undefined)[]>;
}

/** A sketch chunk's cells of `key`, added (all undefined, the key listed) if the chunk has none yet. */
export function sketchCellsOf(chunk: ChunkResult, key: string): (CellSummary | undefined)[] {
  let cells = chunk.cells.get(key);
  if (!cells) {
    cells = new Array<CellSummary | undefined>(chunk.periods).fill(undefined);
    chunk.cells.set(key, cells);
    chunk.keys.push(key);
  }
  return cells;
}

import type { EntityType } from '../simulation/types.js';

/** Options of a Monte Carlo run (MODEL.md section 8). */
export interface RunOptions {
  paths: number;
  seed: number;
  /** Overrides the scenario's `periods` when given. */
  periods?: number;
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

import type { Scenario } from '../scenario/types.js';

/** Entity types of the tidy output rows (MODEL.md section 7). */
export type EntityType = 'model' | 'lab' | 'segment' | 'market';

/** The scenario in force in each period of one path: events applied, distributions sampled. */
export interface Timeline {
  /** T, the number of periods to simulate. */
  readonly periods: number;
  /** The scenario in force during period t (0 <= t < T). May return the same object for many t. */
  at(t: number): Scenario;
  /**
   * Optional, for 1 <= t < T: the top-level keys under which at(t) may differ from at(t - 1). Every
   * other key of at(t - 1) is a key of at(t) with the same value (by identity), and at(t) has no
   * other key. Undefined when not known.
   */
  changedKeys?(t: number): readonly string[] | undefined;
}

/** Key of one series: entity type, entity name and metric key, joined by '|'. */
export function seriesKey(entityType: EntityType, entity: string, metric: string): string {
  return `${entityType}|${entity}|${metric}`;
}

/** Inverse of `seriesKey`. Entity names may contain '|'; metric keys and types may not. */
export function parseSeriesKey(key: string): { entityType: EntityType; entity: string; metric: string } {
  const first = key.indexOf('|');
  const last = key.lastIndexOf('|');
  return {
    entityType: key.slice(0, first) as EntityType,
    entity: key.slice(first + 1, last),
    metric: key.slice(last + 1),
  };
}

/**
 * One path's output: for each series key, T values, NaN where the metric has no row in that
 * period (e.g. a model not yet released). Keys are inserted in a deterministic order.
 */
export interface PathResult {
  series: Map<string, Float64Array>;
  /**
   * The buffers the series are views of, when the simulation borrowed them from a BufferPool:
   * give them back (`pool.give`) once the series are copied out, and read the series no more.
   * With a pool, the next path simulated with it may refill and return this same `series` map.
   */
  buffers?: Float64Array[];
  /**
   * True when the previous path simulated with the same pool had the same series keys in the same
   * order (so a consumer that lists keys can skip this path's, and need not read `series`), each
   * series at the same place (buffer position and offset) of `buffers` as in that path's.
   */
  keysAsBefore?: boolean;
}

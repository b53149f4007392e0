import { Injectable } from '@nestjs/common';
import { LruMap } from '../../core/lru-map.js';
import type { ResultSeries, SeriesPoint } from './models/results.model.js';
import type { SeriesPointRow } from './results.repository.js';

/** Every entity's series of one (run, entity type, statistic, metric), in the engine's order. */
export interface EntitySeries {
  all: readonly ResultSeries[];
  byEntity: ReadonlyMap<string, SeriesPoint[]>;
  points: number;
}

/**
 * Points kept per API instance (about 100 bytes each, so ~50 MB): 400 dashboard series of a
 * preset run (30 models x 40 periods).
 */
export const SERIES_CACHE_MAX_POINTS = 500_000;

/** Groups a key's points by entity, in the order the rows come (the engine's). */
export function groupSeries(rows: readonly SeriesPointRow[]): EntitySeries {
  const byEntity = new Map<string, SeriesPoint[]>();
  // Every entity has the same dates: share one string per period instead of one per point.
  const dates = new Map<number, string>();
  for (const r of rows) {
    let list = byEntity.get(r.entity);
    if (!list) byEntity.set(r.entity, (list = []));
    let date = dates.get(r.period);
    if (date === undefined) dates.set(r.period, (date = r.date));
    list.push({ date, period: r.period, value: r.value });
  }
  return { all: [...byEntity].map(([entity, points]) => ({ entity, points })), byEntity, points: rows.length };
}

/**
 * The series of SUCCEEDED runs, shared by every request of this process. A run's rows are written
 * in the same transaction that makes it SUCCEEDED and never change after, so an entry cannot go
 * stale; it is only ever read for a run whose row the same request has just read as SUCCEEDED, so
 * a deleted run (its row gone) is never answered from here, on this instance or any other, and its
 * entries age out. Bounded by SERIES_CACHE_MAX_POINTS, least recently used first out.
 */
@Injectable()
export class SeriesCache {
  private readonly entries = new LruMap<string, EntitySeries>(SERIES_CACHE_MAX_POINTS, (s) => s.points);

  /** `key` is the series loader's key, which starts with the run id. */
  get(key: string): EntitySeries | undefined {
    return this.entries.get(key);
  }

  set(key: string, series: EntitySeries): void {
    this.entries.set(key, series);
  }
}

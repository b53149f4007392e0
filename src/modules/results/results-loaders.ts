import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { EntityType } from '../../engine/simulation/types.js';
import type { RowFilter, Stat } from './results.repository.js';
import { ResultsService, type RowPage } from './results.service.js';
import type { ResultKpis } from './result-kpis.js';
import { type EntitySeries, groupSeries, SeriesCache } from './series-cache.js';

/** The loaders of one GraphQL request. */
export interface ResultLoaderSet {
  /** Key `${runId}|${entityType}|${stat}|${metric}`: the series in engine order. */
  series: DataLoader<string, EntitySeries>;
  kpis: DataLoader<string, ResultKpis | null>;
  /** Key: JSON of {runId, filter, after, first}. */
  rowPages: DataLoader<string, RowPage>;
}

interface PageKey {
  runId: string;
  filter: RowFilter;
  after: string | null;
  first: number;
}

/**
 * DataLoaders per request (WeakMap on the GraphQL context object), so `runs { items { series ...
 * resultKpis ... } }` costs one statement per field, not one per run.
 */
@Injectable()
export class ResultLoaders {
  private readonly perRequest = new WeakMap<object, ResultLoaderSet>();

  constructor(
    private readonly results: ResultsService,
    private readonly cache: SeriesCache,
  ) {}

  /**
   * The series of `key` (see ResultLoaderSet.series), from the process-wide cache when the caller
   * has just read the run as SUCCEEDED (its rows are final), else batched with the request's other
   * series into one statement.
   */
  async series(context: object, key: string, succeeded: boolean): Promise<EntitySeries> {
    const cached = succeeded ? this.cache.get(key) : undefined;
    if (cached) return cached;
    const series = await this.for(context).series.load(key);
    if (succeeded) this.cache.set(key, series);
    return series;
  }

  for(context: object): ResultLoaderSet {
    let set = this.perRequest.get(context);
    if (!set) {
      set = this.create();
      this.perRequest.set(context, set);
    }
    return set;
  }

  private create(): ResultLoaderSet {
    return {
      series: new DataLoader(async (keys) => {
        const points = await this.results.seriesPoints(
          keys.map((k) => {
            const [runId, entityType, stat, ...metric] = k.split('|');
            return { runId: runId!, entityType: entityType as EntityType, stat: stat as Stat, metric: metric.join('|') };
          }),
        );
        return points.map(groupSeries);
      }),
      kpis: new DataLoader(async (runIds) => this.results.kpis(runIds)),
      rowPages: new DataLoader(async (keys) => {
        // Runs asking for the same page shape share one statement; different shapes (rare within
        // one request) get one each.
        const parsed = keys.map((k) => JSON.parse(k) as PageKey);
        const groups = new Map<string, number[]>();
        parsed.forEach((p, i) => {
          const shape = JSON.stringify([p.filter, p.after, p.first]);
          groups.set(shape, [...(groups.get(shape) ?? []), i]);
        });
        const out: RowPage[] = new Array<RowPage>(keys.length);
        await Promise.all(
          [...groups.values()].map(async (idx) => {
            const { filter, after, first } = parsed[idx[0]!]!;
            const pages = await this.results.rowPages(
              idx.map((i) => parsed[i]!.runId),
              filter,
              after,
              first,
            );
            idx.forEach((i, j) => (out[i] = pages[j]!));
          }),
        );
        return out;
      }),
    };
  }
}

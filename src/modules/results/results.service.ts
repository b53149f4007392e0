import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { ResultRow } from '../../engine/monte-carlo/types.js';
import { applyOverrides, type Override } from '../../engine/scenario/overrides.js';
import type { ScenarioDoc } from '../../engine/scenario/types.js';
import type { EntityType } from '../../engine/simulation/types.js';
import { InvalidResultArgsError, ResultRunNotFoundError, ResultsNotReadyError } from './results.errors.js';
import { ResultsRepository, type RowFilter, type SeriesKey, type SeriesPointRow, type StoredResultRow } from './results.repository.js';
import { computeResultKpis, KPI_METRICS, type ResultKpis } from './result-kpis.js';

/** Bounds of every list the results API takes or returns. */
export const RESULT_LIMITS = {
  pageDefault: 100,
  pageMax: 1_000,
  entitiesMax: 200,
  metricsMax: 100,
  compareRunsMax: 20,
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stored row without its storage fields. */
export function toResultRow(r: StoredResultRow): ResultRow {
  return {
    period: r.period,
    date: r.date,
    entityType: r.entityType,
    entity: r.entity,
    metric: r.metric,
    mean: r.mean,
    p05: r.p05,
    p25: r.p25,
    p50: r.p50,
    p75: r.p75,
    p95: r.p95,
  };
}

/** One page of rows per run, and where the next one starts. */
export interface RowPage {
  rows: StoredResultRow[];
  nextCursor: string | null;
}

@Injectable()
export class ResultsService {
  constructor(private readonly repo: ResultsRepository) {}

  /** Throws InvalidResultArgsError unless the list has at most `max` entries. */
  checkListSize(field: string, list: readonly unknown[] | null | undefined, max: number): void {
    if (list && list.length > max) throw new InvalidResultArgsError(field, `${field}: at most ${max} entries, got ${list.length}`);
  }

  /** Page size within 1..pageMax. */
  checkPageSize(first: number): void {
    if (!Number.isInteger(first) || first < 1 || first > RESULT_LIMITS.pageMax) {
      throw new InvalidResultArgsError('first', `first: between 1 and ${RESULT_LIMITS.pageMax}, got ${first}`);
    }
  }

  /** A row cursor is the seq of the last row seen. */
  checkCursor(after: string | null | undefined): string | null {
    if (after === null || after === undefined) return null;
    if (!/^\d{1,18}$/.test(after)) throw new InvalidResultArgsError('after', 'after: not a cursor returned by this API');
    return after;
  }

  /** Points of each series key, grouped by key in input order (one statement). */
  async seriesPoints(keys: readonly SeriesKey[]): Promise<SeriesPointRow[][]> {
    const rows = await this.repo.seriesPoints(keys);
    const byKey: SeriesPointRow[][] = keys.map(() => []);
    // WITH ORDINALITY counts from 1.
    for (const r of rows) byKey[r.key - 1]!.push(r);
    return byKey;
  }

  /** KPIs of each run; null for a run that has not SUCCEEDED (or does not exist). Two statements. */
  async kpis(runIds: readonly string[]): Promise<(ResultKpis | null)[]> {
    const facts = await this.repo.runFacts(runIds);
    const done = facts.filter((f) => f.status === 'SUCCEEDED');
    const rows = done.length === 0 ? [] : await this.repo.rowsOfMetrics(done.map((f) => f.runId), KPI_METRICS);
    const rowsByRun = new Map<string, ResultRow[]>();
    for (const r of rows) {
      let list = rowsByRun.get(r.runId);
      if (!list) rowsByRun.set(r.runId, (list = []));
      list.push(toResultRow(r));
    }
    const byRun = new Map<string, ResultKpis>();
    for (const f of done) byRun.set(f.runId, computeResultKpis(rowsByRun.get(f.runId) ?? [], runDocument(f.document, f.overrides)));
    return runIds.map((id) => byRun.get(id) ?? null);
  }

  /** A page of each run's rows (one statement for all runs). */
  async rowPages(runIds: readonly string[], filter: RowFilter, after: string | null, first: number): Promise<RowPage[]> {
    // One extra row per run tells whether another page follows.
    const rows = await this.repo.rowPages(runIds, filter, after, first + 1);
    const byRun = new Map<string, StoredResultRow[]>();
    for (const r of rows) {
      let list = byRun.get(r.runId);
      if (!list) byRun.set(r.runId, (list = []));
      list.push(r);
    }
    return runIds.map((id) => {
      const list = byRun.get(id) ?? [];
      const more = list.length > first;
      const page = more ? list.slice(0, first) : list;
      return { rows: page, nextCursor: more ? page[page.length - 1]!.seq : null };
    });
  }

  /** One entity's metric in each run, in the order of `runIds` (two statements). */
  async compare(
    runIds: readonly string[],
    entityType: EntityType,
    entity: string,
    metric: string,
  ): Promise<{ runId: string; label: string | null; rows: StoredResultRow[] }[]> {
    if (runIds.length === 0) throw new InvalidResultArgsError('runIds', 'runIds: at least one run');
    this.checkListSize('runIds', runIds, RESULT_LIMITS.compareRunsMax);
    for (const id of runIds) if (!UUID.test(id)) throw new ResultRunNotFoundError(id);
    const facts = await this.repo.runFacts(runIds);
    const labels = new Map(facts.map((f) => [f.runId, f.label]));
    for (const id of runIds) if (!labels.has(id)) throw new ResultRunNotFoundError(id);
    const rows = await this.repo.compareRows(runIds, entityType, entity, metric);
    return runIds.map((runId) => ({ runId, label: labels.get(runId) ?? null, rows: rows.filter((r) => r.runId === runId) }));
  }

  /** The run's rows as COPY text in engine order; refuses unknown runs and runs without results. */
  async exportStream(runId: string): Promise<Readable> {
    if (!UUID.test(runId)) throw new ResultRunNotFoundError(runId);
    const [facts] = await this.repo.runFacts([runId]);
    if (!facts) throw new ResultRunNotFoundError(runId);
    if (facts.status !== 'SUCCEEDED') throw new ResultsNotReadyError(runId, facts.status);
    return this.repo.copyRowsOut(runId);
  }
}

/** The document the run ran: its version's, with its overrides (sweep variants) applied. */
function runDocument(document: unknown, overrides: unknown): ScenarioDoc {
  if (!Array.isArray(overrides) || overrides.length === 0) return document as ScenarioDoc;
  const applied = applyOverrides(document, overrides as Override[]);
  // A run that succeeded had valid overrides; should the engine's rules have changed since, the
  // version's own document still names the labs, models and tiers the KPIs need.
  return applied.ok ? applied.doc : (document as ScenarioDoc);
}

/**
 * The read side of results: every SQL statement the results API issues. Raw pg (one pool of its
 * own) because the CSV export needs COPY ... TO STDOUT on a dedicated client and the dashboard
 * queries are hot; each method is one statement for any number of runs, so the loaders above it
 * turn a nested GraphQL query into a constant number of round trips.
 */
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import { AppConfig } from '../../config/app-config.js';
import type { ResultRow } from '../../engine/monte-carlo/types.js';
import type { EntityType } from '../../engine/simulation/types.js';

const log = new Logger('ResultsRepository');

/** One stored result row: the engine's row (`date` an ISO day) with its run and position. */
export interface StoredResultRow extends ResultRow {
  runId: string;
  seq: string;
}

/** The statistics of a stored row. */
export type Stat = 'mean' | 'p05' | 'p25' | 'p50' | 'p75' | 'p95';

/** One series request: a metric of one entity type in one run, one statistic. */
export interface SeriesKey {
  runId: string;
  entityType: EntityType;
  metric: string;
  stat: Stat;
}

/** One point of a series; `key` is the index of its SeriesKey in the request. */
export interface SeriesPointRow {
  key: number;
  entity: string;
  period: number;
  date: string;
  value: number;
}

/** Filters of the raw row pages; absent = no filter. */
export interface RowFilter {
  entityType?: EntityType;
  entities?: readonly string[];
  metrics?: readonly string[];
  periodFrom?: number;
  periodTo?: number;
}

/** The facts about a run the results API needs besides its rows. */
export interface RunFacts {
  runId: string;
  status: string;
  label: string | null;
  document: unknown;
  overrides: unknown;
}

/**
 * Every entity type, for queries that filter on metric but not on entity type: the primary key is
 * (run_id, entity_type, metric, entity, period), so naming each type lets the index go straight to
 * each (type, metric) range instead of reading every key of the run.
 */
const ENTITY_TYPES = Object.keys({ model: true, lab: true, segment: true, market: true } satisfies Record<EntityType, true>);

const ROW_COLUMNS = `run_id AS "runId", seq::text AS seq, period, to_char(date, 'YYYY-MM-DD') AS date,
  entity_type AS "entityType", entity, metric, mean, p05, p25, p50, p75, p95`;

@Injectable()
export class ResultsRepository implements OnModuleDestroy {
  private readonly pool: pg.Pool;

  constructor(config: AppConfig) {
    this.pool = new pg.Pool({ connectionString: config.databaseUrl, max: 8, connectionTimeoutMillis: 5_000 });
    this.pool.on('error', (err) => log.warn(`idle database connection lost: ${err.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }

  /** Status, document and overrides of each run that exists (one statement). */
  async runFacts(runIds: readonly string[]): Promise<RunFacts[]> {
    const { rows } = await this.pool.query<RunFacts>(
      `SELECT r.id AS "runId", r.status::text AS status, r.label, v.document, r.overrides
       FROM runs r JOIN scenario_versions v ON v.id = r.scenario_version_id
       WHERE r.id = ANY($1::uuid[])`,
      [runIds],
    );
    return rows;
  }

  /**
   * Each key's points (one statistic), in engine order, tagged with the key's index (one statement
   * for all keys). Only the asked statistic is read: this is the dashboards' hot path.
   */
  async seriesPoints(keys: readonly SeriesKey[]): Promise<SeriesPointRow[]> {
    const { rows } = await this.pool.query<SeriesPointRow>(
      `SELECT k.i::int AS key, x.entity, x.period, to_char(x.date, 'YYYY-MM-DD') AS date,
              CASE k.stat WHEN 'mean' THEN x.mean WHEN 'p05' THEN x.p05 WHEN 'p25' THEN x.p25
                          WHEN 'p50' THEN x.p50 WHEN 'p75' THEN x.p75 ELSE x.p95 END AS value
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS k(run_id, entity_type, metric, stat, i)
       JOIN run_results x ON x.run_id = k.run_id AND x.entity_type = k.entity_type AND x.metric = k.metric
       ORDER BY k.i, x.seq`,
      [keys.map((k) => k.runId), keys.map((k) => k.entityType), keys.map((k) => k.metric), keys.map((k) => k.stat)],
    );
    return rows;
  }

  /** Rows of the named metrics of each run (means feed the KPIs), in engine order (one statement). */
  async rowsOfMetrics(runIds: readonly string[], metrics: readonly string[]): Promise<StoredResultRow[]> {
    const { rows } = await this.pool.query<StoredResultRow>(
      `SELECT ${ROW_COLUMNS} FROM run_results
       WHERE run_id = ANY($1::uuid[]) AND entity_type = ANY($3::text[]) AND metric = ANY($2::text[])
       ORDER BY run_id, run_results.seq`,
      [runIds, metrics, ENTITY_TYPES],
    );
    return rows;
  }

  /**
   * A page of rows for each run, in engine order after `after` (a seq), at most `limit` each: one
   * statement for all the runs (a LATERAL join), so a page of runs costs one round trip.
   */
  async rowPages(runIds: readonly string[], filter: RowFilter, after: string | null, limit: number): Promise<StoredResultRow[]> {
    const { rows } = await this.pool.query<StoredResultRow>(
      `SELECT p.* FROM unnest($1::uuid[]) AS ids(id)
       CROSS JOIN LATERAL (
         SELECT ${ROW_COLUMNS} FROM run_results
         WHERE run_id = ids.id
           AND ($2::bigint IS NULL OR seq > $2::bigint)
           AND ($3::text[] IS NULL OR entity_type = ANY($3::text[]))
           AND ($4::text[] IS NULL OR entity = ANY($4::text[]))
           AND ($5::text[] IS NULL OR metric = ANY($5::text[]))
           AND ($6::int IS NULL OR period >= $6::int)
           AND ($7::int IS NULL OR period <= $7::int)
         ORDER BY run_results.seq LIMIT $8
       ) p`,
      [
        runIds,
        after,
        filter.entityType ? [filter.entityType] : filter.metrics ? ENTITY_TYPES : null,
        filter.entities ?? null,
        filter.metrics ?? null,
        filter.periodFrom ?? null,
        filter.periodTo ?? null,
        limit,
      ],
    );
    return rows;
  }

  /** One entity's metric across runs (compareRuns), in period order (one statement). */
  async compareRows(runIds: readonly string[], entityType: EntityType, entity: string, metric: string): Promise<StoredResultRow[]> {
    const { rows } = await this.pool.query<StoredResultRow>(
      `SELECT ${ROW_COLUMNS} FROM run_results
       WHERE run_id = ANY($1::uuid[]) AND entity_type = $2 AND entity = $3 AND metric = $4
       ORDER BY run_id, period`,
      [runIds, entityType, entity, metric],
    );
    return rows;
  }

  /**
   * The run's rows in engine order as COPY text (tab-separated, MODEL.md column order, `\N` never
   * occurs: every column is NOT NULL). The stream holds a pooled client until it ends or fails.
   */
  async copyRowsOut(runId: string): Promise<Readable> {
    const client = await this.pool.connect();
    // The id goes in as a literal because COPY takes no parameters; escapeLiteral quotes it safely.
    const sql =
      `COPY (SELECT period, to_char(date, 'YYYY-MM-DD'), entity_type, entity, metric, mean, p05, p25, p50, p75, p95 ` +
      `FROM run_results WHERE run_id = ${client.escapeLiteral(runId)}::uuid ORDER BY seq) TO STDOUT`;
    let released = false;
    const release = (err?: Error) => {
      if (released) return;
      released = true;
      client.release(err);
    };
    try {
      const stream = client.query(copyStreams.to(sql));
      stream.once('end', () => release());
      stream.once('error', (err: Error) => release(err));
      // Closed before its end (the HTTP client went away): the connection is mid-COPY, so it is
      // destroyed rather than handed back to the pool.
      stream.once('close', () => release(new Error('CSV export closed before its end')));
      return stream;
    } catch (err) {
      release(err as Error);
      throw err;
    }
  }
}

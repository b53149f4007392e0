import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { RunningApi } from '../helpers/api-app.js';
import { eventually } from '../helpers/eventually.js';

/** What the run specs read back from GraphQL. */
export const RUN_FIELDS = 'id status progress chunksDone chunksTotal paths seed periods error generation label scheduleId engineVersion contentHash scenarioVersion';

export interface RunView {
  id: string;
  status: string;
  progress: number;
  chunksDone: number;
  chunksTotal: number;
  paths: number;
  seed: number;
  periods: number;
  error: string | null;
  generation: number;
  label: string | null;
  scheduleId: string | null;
  engineVersion: string;
  contentHash: string;
  scenarioVersion: number;
}

/** A result row as the CLI's JSON writes it. */
export interface StoredRow {
  period: number;
  date: string;
  entityType: string;
  entity: string;
  metric: string;
  mean: number;
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Inserts a scenario with one version holding `document` as it stands (valid or not: the worker
 * validates), the way the scenarios module stores them. Returns the scenario id.
 */
export async function insertScenario(databaseUrl: string, document: unknown, name = `scenario-${randomUUID()}`): Promise<string> {
  const id = randomUUID();
  const hash = createHash('sha256').update(JSON.stringify(document)).digest('hex');
  await withClient(databaseUrl, async (c) => {
    await c.query('BEGIN');
    await c.query('INSERT INTO scenarios (id, name, latest_version) VALUES ($1, $2, 1)', [id, name]);
    await c.query('INSERT INTO scenario_versions (id, scenario_id, version, document, content_hash) VALUES ($1, $2, 1, $3, $4)', [
      randomUUID(),
      id,
      JSON.stringify(document),
      hash,
    ]);
    await c.query('COMMIT');
  });
  return id;
}

/** The stored rows of a run in a fixed order, dates as ISO days. */
export async function storedRows(databaseUrl: string, runId: string): Promise<StoredRow[]> {
  return withClient(databaseUrl, async (c) => {
    const { rows } = await c.query<StoredRow>(
      `SELECT period, to_char(date, 'YYYY-MM-DD') AS date, entity_type AS "entityType", entity, metric, mean, p05, p25, p50, p75, p95
       FROM run_results WHERE run_id = $1 ORDER BY entity_type, entity, metric, period`,
      [runId],
    );
    return rows;
  });
}

/** Rows in the same order as storedRows, for comparing with engine or CLI output. */
export function sortRows<T extends { entityType: string; entity: string; metric: string; period: number }>(rows: readonly T[]): T[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => cmp(a.entityType, b.entityType) || cmp(a.entity, b.entity) || cmp(a.metric, b.metric) || a.period - b.period);
}

export async function count(databaseUrl: string, sql: string, params: unknown[] = []): Promise<number> {
  return withClient(databaseUrl, async (c) => Number((await c.query<{ n: string }>(sql, params)).rows[0]!.n));
}

export async function startRun(api: RunningApi, scenarioId: string, options: Record<string, unknown>): Promise<RunView> {
  const res = await api.graphql<{ startRun: RunView }>(
    `mutation($s: ID!, $o: StartRunInput!) { startRun(scenarioId: $s, options: $o) { ${RUN_FIELDS} } }`,
    { s: scenarioId, o: options },
  );
  if (res.errors) throw new Error(`startRun: ${JSON.stringify(res.errors)}`);
  return res.data!.startRun;
}

export async function getRun(api: RunningApi, id: string): Promise<RunView> {
  const res = await api.graphql<{ run: RunView }>(`query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id });
  if (res.errors || !res.data?.run) throw new Error(`run ${id}: ${JSON.stringify(res.errors ?? 'null')}`);
  return res.data.run;
}

/** Polls the run until `done(run)`; fails with the run's last state after `timeoutMs`. */
export async function waitForRun(api: RunningApi, id: string, done: (run: RunView) => boolean, timeoutMs = 60_000): Promise<RunView> {
  let last: RunView | undefined;
  try {
    return await eventually(
      async () => {
        last = await getRun(api, id);
        return done(last) ? last : undefined;
      },
      { what: `run ${id}`, timeoutMs, intervalMs: 150 },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last state ${JSON.stringify(last)}`);
  }
}

export const finished = (run: RunView) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status);

/**
 * A nested query over N runs must cost the same number of SQL statements as over one run: the
 * results fields are batched per request (DataLoader), never one statement per run. Statements are
 * counted at the pg driver (Client#query), which every database call in the process goes through
 * (Prisma's pg adapter, the results pool, the API-key lookup).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadPreset } from '../../src/engine/presets/presets.js';
import { Role } from '../../src/modules/auth/roles.decorator.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { useTestContext } from '../helpers/test-context.js';
import { insertScenario } from '../runs/run-fixtures.js';
import { replaceRunResults } from '../../src/modules/results/results-writer.repository.js';
import { engineRows, insertSucceededRun } from './result-fixtures.js';

const ctx = useTestContext();

const NESTED = `query($first: Int!, $s: ID!) {
  runs(first: $first, filter: { scenarioId: $s }) {
    items {
      id
      series(entityType: MARKET, metric: "totalSpend", stat: P50) { entity points { period value } }
      models: series(entityType: MODEL, metric: "price") { entity points { period value } }
      resultKpis { cumulativeSpend labs { lab cumulativeRevenue } premiumAbove2x { tier monthsAbove2x } }
      resultRows(first: 5, filter: { entityType: LAB }) { items { entity metric period mean } nextCursor }
    }
  }
}`;

describe('results fields of a page of runs', () => {
  let api: RunningApi;
  let scenarioId: string;
  let rows: ReturnType<typeof engineRows>;
  const statements: string[] = [];
  let counting = false;
  const original = pg.Client.prototype.query;

  beforeAll(async () => {
    api = await startApi(ctx.config);
    const doc = loadPreset('deepseek-debates-2025')!;
    scenarioId = await insertScenario(ctx.database.url, doc);
    rows = engineRows(doc, 2, 1, 3);
    for (let i = 0; i < 5; i++) await insertSucceededRun(ctx.database.url, scenarioId, rows, { paths: 2, seed: 1, periods: 3, label: `r${i}` });
    (pg.Client.prototype as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
      if (counting) statements.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text ?? 'copy/cursor'));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
  }, 60_000);

  afterAll(async () => {
    pg.Client.prototype.query = original;
    await api?.close();
  });

  const countFor = async (first: number) => {
    // A warm-up request first, so one-time work (pool connects, key cache) is not counted.
    await api.graphql(NESTED, { first, s: scenarioId }, Role.Viewer);
    statements.length = 0;
    counting = true;
    const res = await api.graphql<{ runs: { items: { id: string; series: unknown[]; resultKpis: unknown; resultRows: { items: unknown[] } }[] } }>(
      NESTED,
      { first, s: scenarioId },
      Role.Viewer,
    );
    counting = false;
    expect(res.errors).toBeUndefined();
    expect(res.data!.runs.items).toHaveLength(first);
    for (const run of res.data!.runs.items) {
      expect(run.series).toHaveLength(1);
      expect(run.resultKpis).not.toBeNull();
      expect(run.resultRows.items).toHaveLength(5);
    }
    return [...statements];
  };

  /** The smallest of three counts: a background statement (a periodic sweep) cannot inflate all three. */
  const fewest = async (first: number) => {
    const tries = [await countFor(first), await countFor(first), await countFor(first)];
    return tries.reduce((a, b) => (b.length < a.length ? b : a));
  };

  it('issues as many statements for 5 runs as for 1', async () => {
    const one = await fewest(1);
    const five = await fewest(5);
    expect(one.length).toBeGreaterThan(0);
    expect(five.length).toBe(one.length);
    // kpis (run facts + rows), row pages (1), and series only on the warm-up (SUCCEEDED runs are cached).
    expect(five.filter((s) => /run_results/.test(s)).length).toBeLessThanOrEqual(3);
  });

  const SERIES = `query($s: ID!) { runs(first: 10, filter: { scenarioId: $s }) { items { id status series(entityType: MODEL, metric: "price") { entity points { period value } } } } }`;
  type SeriesPage = { runs: { items: { id: string; status: string; series: { entity: string; points: unknown[] }[] }[] } };

  /** The runs of `scenario` with their price series, and how many series statements that took. */
  const seriesOf = async (scenario: string) => {
    statements.length = 0;
    counting = true;
    const res = await api.graphql<SeriesPage>(SERIES, { s: scenario }, Role.Viewer);
    counting = false;
    expect(res.errors).toBeUndefined();
    return { items: res.data!.runs.items, seriesStatements: statements.filter((s) => /WITH ORDINALITY/.test(s)).length };
  };

  const sql = async (fn: (db: pg.Client) => Promise<unknown>) => {
    const db = new pg.Client({ connectionString: ctx.database.url });
    await db.connect();
    try {
      await fn(db);
    } finally {
      await db.end();
    }
  };

  it('reads the series of runs it has not seen in one statement, and those of SUCCEEDED runs never again', async () => {
    const fresh = await insertScenario(ctx.database.url, loadPreset('deepseek-debates-2025')!);
    for (let i = 0; i < 3; i++) await insertSucceededRun(ctx.database.url, fresh, rows, { paths: 2, seed: 1, periods: 3 });
    const first = await seriesOf(fresh);
    expect(first.items).toHaveLength(3);
    expect(first.seriesStatements).toBe(1);
    const again = await seriesOf(fresh);
    expect(again.seriesStatements).toBe(0);
    expect(again.items).toEqual(first.items);
  });

  it('does not keep the empty series of a run that has not SUCCEEDED yet', async () => {
    const fresh = await insertScenario(ctx.database.url, loadPreset('deepseek-debates-2025')!);
    const runId = await insertSucceededRun(ctx.database.url, fresh, [], { paths: 2, seed: 1, periods: 3 });
    await sql((db) => db.query(`UPDATE runs SET status = 'RUNNING', finished_at = NULL WHERE id = $1`, [runId]));
    expect((await seriesOf(fresh)).items).toEqual([{ id: runId, status: 'RUNNING', series: [] }]);
    // The finalizer writes the rows and SUCCEEDED in one transaction.
    await sql(async (db) => {
      await db.query('BEGIN');
      await replaceRunResults(db, runId, rows);
      await db.query(`UPDATE runs SET status = 'SUCCEEDED', finished_at = now() WHERE id = $1`, [runId]);
      await db.query('COMMIT');
    });
    const done = await seriesOf(fresh);
    expect(done.items[0]!.status).toBe('SUCCEEDED');
    expect(done.items[0]!.series.length).toBeGreaterThan(0);
  });

  it('answers nothing for a deleted run whose series it had kept', async () => {
    const fresh = await insertScenario(ctx.database.url, loadPreset('deepseek-debates-2025')!);
    const runId = await insertSucceededRun(ctx.database.url, fresh, rows, { paths: 2, seed: 1, periods: 3 });
    const ONE = `query($id: ID!) { run(id: $id) { series(entityType: MODEL, metric: "price") { entity } } }`;
    const before = await api.graphql<{ run: { series: unknown[] } | null }>(ONE, { id: runId }, Role.Viewer);
    expect(before.data!.run!.series.length).toBeGreaterThan(0);
    // Deleted as another API instance would (deleteScenario there): nothing tells this instance.
    await sql((db) => db.query('DELETE FROM runs WHERE id = $1', [runId]));
    const after = await api.graphql<{ run: unknown }>(ONE, { id: runId }, Role.Viewer);
    expect(after).toEqual({ data: { run: null } });
    expect((await seriesOf(fresh)).items).toEqual([]);
  });
});

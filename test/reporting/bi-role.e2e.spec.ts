/**
 * The BI feed as a BI tool sees it: logged in as the read-only role, the five docs/bi.md queries
 * run and return rows after a run; the views carry the stored numbers under readable names; reading
 * a table outside `reporting` and every kind of write are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadPreset } from '../../src/engine/presets/presets.js';
import type { ResultRow } from '../../src/engine/monte-carlo/types.js';
import { PrismaService } from '../../src/modules/database/prisma.service.js';
import { BI_ROLE, ReportingRepository } from '../../src/modules/reporting/reporting.repository.js';
import { useTestContext } from '../helpers/test-context.js';
import { insertScenario } from '../runs/run-fixtures.js';
import { engineRows, insertSucceededRun } from '../results/result-fixtures.js';
import { dashboardQueries, readDoc } from './dashboard-queries.js';

const ctx = useTestContext();
const PRESET = 'deepseek-debates-2025';
const PASSWORD = "bi-test 'quoted' pass";

function biUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.username = BI_ROLE;
  url.password = PASSWORD;
  return url.toString();
}

describe('the reporting schema through the read-only BI role', () => {
  let bi: pg.Client;
  let prisma: PrismaService;
  let rows: ResultRow[];
  let latestRunId: string;

  beforeAll(async () => {
    const doc = loadPreset(PRESET)!;
    const scenarioId = await insertScenario(ctx.database.url, doc, PRESET);
    rows = engineRows(doc, 3, 11, 6);
    await insertSucceededRun(ctx.database.url, scenarioId, engineRows(doc, 2, 5, 3), { paths: 2, seed: 5, periods: 3, label: 'older', finishedAt: new Date('2026-01-01T00:00:00Z') });
    latestRunId = await insertSucceededRun(ctx.database.url, scenarioId, rows, { paths: 3, seed: 11, periods: 6, label: 'newest', finishedAt: new Date('2026-02-01T00:00:00Z') });
    prisma = new PrismaService(ctx.config);
    await new ReportingRepository(prisma).setBiLogin(PASSWORD);
    bi = new pg.Client({ connectionString: biUrl(ctx.database.url) });
    await bi.connect();
  }, 60_000);

  afterAll(async () => {
    await bi?.end();
    await prisma?.$disconnect();
  });

  it('runs each docs/bi.md dashboard query and gets rows of the latest run', async () => {
    const queries = dashboardQueries();
    expect(queries.map((q) => q.name)).toEqual([
      'price-paths-by-tier',
      'market-share-by-lab',
      'jevons-spend-vs-price-index',
      'gpu-rental-price-vs-demand',
      'lab-profit-and-runway',
    ]);
    const doc = readDoc('docs/bi.md');
    for (const q of queries) {
      expect(doc).toContain(q.sql);
      const res = await bi.query(q.sql);
      // The latest run has 6 periods (the older one 3): every chart spans them.
      const dates = new Set(res.rows.map((r: { period_date: Date }) => r.period_date.toISOString().slice(0, 10)));
      expect({ query: q.name, periods: dates.size }).toEqual({ query: q.name, periods: 6 });
      for (const row of res.rows as Record<string, unknown>[]) for (const [col, v] of Object.entries(row)) if (col !== 'period_date') expect(v).not.toBeUndefined();
    }
  });

  it('gives market share by lab that sums to 1 in each period (shares of served tokens)', async () => {
    const q = dashboardQueries().find((x) => x.name === 'market-share-by-lab')!;
    const res = await bi.query<{ period_date: Date; market_share: number }>(q.sql);
    const byDate = new Map<string, number>();
    for (const r of res.rows) byDate.set(r.period_date.toISOString(), (byDate.get(r.period_date.toISOString()) ?? 0) + r.market_share);
    for (const total of byDate.values()) expect(total).toBeCloseTo(1, 9);
  });

  it('shows the stored numbers under readable names, with the latest run per scenario', async () => {
    const latest = await bi.query('SELECT run_id, scenario_name, run_label, status, paths, seed FROM reporting.latest_runs');
    expect(latest.rows).toEqual([{ run_id: latestRunId, scenario_name: PRESET, run_label: 'newest', status: 'SUCCEEDED', paths: 3, seed: 11 }]);
    const lab = await bi.query<{ lab_name: string; period: number; mean: number; p95: number; period_date: Date }>(
      `SELECT lab_name, period, period_date, mean, p95 FROM reporting.lab_metrics WHERE run_id = $1 AND metric = 'revenue' ORDER BY lab_name, period`,
      [latestRunId],
    );
    const expected = rows
      .filter((r) => r.entityType === 'lab' && r.metric === 'revenue')
      .map((r) => ({ lab_name: r.entity, period: r.period, period_date: r.date, mean: r.mean, p95: r.p95 }))
      .sort((a, b) => (a.lab_name < b.lab_name ? -1 : a.lab_name > b.lab_name ? 1 : a.period - b.period));
    expect(lab.rows.map((r) => ({ ...r, period_date: r.period_date.toISOString().slice(0, 10) }))).toEqual(expected);
    const models = await bi.query<{ model_name: string; lab_name: string | null }>(
      `SELECT DISTINCT model_name, lab_name FROM reporting.model_metrics WHERE run_id = $1`,
      [latestRunId],
    );
    const preset = loadPreset(PRESET)!;
    for (const m of models.rows) {
      const base = preset.models.find((x) => x.name === m.model_name || m.model_name.startsWith(`${x.name}+`));
      expect({ model: m.model_name, lab: m.lab_name }).toEqual({ model: m.model_name, lab: base?.lab });
    }
  });

  it('refuses tables outside reporting and any write', async () => {
    const refused = async (sql: string) => {
      const err = await bi.query(sql).then(
        () => null,
        (e: { code?: string }) => e,
      );
      // 42501 insufficient_privilege, 25006 read_only_sql_transaction, 55000 for a write into a
      // view that is not updatable (PostgreSQL says so before it checks privileges).
      expect({ sql, code: err?.code }).toEqual({ sql, code: expect.stringMatching(/^(42501|25006|55000)$/) });
    };
    await refused('SELECT * FROM public.runs LIMIT 1');
    await refused('SELECT * FROM public.run_results LIMIT 1');
    await refused('SELECT * FROM public.api_keys LIMIT 1');
    await refused('SELECT * FROM public.scenario_versions LIMIT 1');
    await refused(`INSERT INTO reporting.runs (run_id) VALUES (gen_random_uuid())`);
    await refused(`UPDATE reporting.lab_metrics SET mean = 0`);
    await refused(`DELETE FROM public.run_results`);
    await refused('CREATE TABLE public.bi_scratch (x int)');
    await refused('CREATE TABLE reporting.bi_scratch (x int)');
    await refused('CREATE VIEW reporting.bi_view AS SELECT 1 AS x');
    // Not even by leaving read-only mode: the grants alone refuse writes.
    await bi.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE');
    await refused(`DELETE FROM public.run_results`);
    await refused(`INSERT INTO reporting.runs (run_id) VALUES (gen_random_uuid())`);
    await refused('CREATE TABLE public.bi_scratch (x int)');
  });

  it('cannot log in once the password is withdrawn', async () => {
    await new ReportingRepository(prisma).setBiLogin(undefined);
    const client = new pg.Client({ connectionString: biUrl(ctx.database.url) });
    await expect(client.connect()).rejects.toThrow(/not permitted to log in/);
    await client.end().catch(() => undefined);
    await new ReportingRepository(prisma).setBiLogin(PASSWORD);
  });
});

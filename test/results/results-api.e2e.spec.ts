/**
 * After a preset run through the real queue and worker, every series, KPI, raw row and the CSV
 * export agree with the simulate CLI's own output for the same seed and paths (MODEL.md section 7:
 * the same rows everywhere), and the arguments are bounded.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadPreset } from '../../src/engine/presets/presets.js';
import type { ScenarioDoc } from '../../src/engine/scenario/types.js';
import { Role } from '../../src/modules/auth/roles.decorator.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { spawnEntrypoint, type SpawnedEntrypoint } from '../helpers/spawn-entrypoint.js';
import { useTestContext } from '../helpers/test-context.js';
import { finished, insertScenario, startRun, waitForRun, type StoredRow } from '../runs/run-fixtures.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const exec = promisify(execFile);
const ctx = useTestContext({ workerConcurrency: 2 });

const PRESET = 'deepseek-debates-2025';
const PATHS = 6;
const SEED = 42;
const PERIODS = 8;
const STATS = ['mean', 'p05', 'p25', 'p50', 'p75', 'p95'] as const;

interface Point {
  date: string;
  period: number;
  value: number;
}

/** |a - b| within 1e-12 relative: sums taken in the same order should agree to the last bits. */
function expectClose(actual: number | null | undefined, expected: number, what: string): void {
  expect({ what, ok: actual !== null && actual !== undefined && Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), actual, expected }).toMatchObject({
    what,
    ok: true,
  });
}

describe('results of a preset run over GraphQL and CSV', () => {
  let api: RunningApi;
  let worker: SpawnedEntrypoint;
  let doc: ScenarioDoc;
  let cliRows: StoredRow[];
  let cliCsv: string;
  let runId: string;

  beforeAll(async () => {
    api = await startApi(ctx.config);
    worker = spawnEntrypoint('worker', { ...ctx.env, LOG_LEVEL: 'info' });
    await worker.waitForLine(/worker ready/, 90_000);
    doc = loadPreset(PRESET)!;
    const scenarioId = await insertScenario(ctx.database.url, doc, PRESET);
    const queued = await startRun(api, scenarioId, { paths: PATHS, seed: SEED, periods: PERIODS, chunkSize: 4, label: 'api-vs-cli' });
    runId = queued.id;
    const dir = await mkdtemp(join(tmpdir(), 'results-cli-'));
    try {
      const args = ['--import', 'tsx', 'src/cli/simulate.ts', '--scenario', PRESET, '--paths', String(PATHS), '--seed', String(SEED), '--periods', String(PERIODS)];
      await exec(process.execPath, [...args, '--json', join(dir, 'out.json'), '--csv', join(dir, 'out.csv')], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
      cliRows = (JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')) as { rows: StoredRow[] }).rows;
      cliCsv = await readFile(join(dir, 'out.csv'), 'utf8');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const done = await waitForRun(api, runId, finished, 120_000);
    expect(done.status).toBe('SUCCEEDED');
  }, 300_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  }, 60_000);

  it('pages through the raw rows in the CLI\'s order with the CLI\'s numbers', async () => {
    const all: StoredRow[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: { data?: { run: { resultRows: { items: StoredRow[]; nextCursor: string | null } } } | null; errors?: unknown } = await api.graphql(
        `query($id: ID!, $after: String) { run(id: $id) { resultRows(first: 300, after: $after) {
          items { period date entityType entity metric mean p05 p25 p50 p75 p95 } nextCursor } } }`,
        { id: runId, after },
        Role.Viewer,
      );
      expect(res.errors).toBeUndefined();
      const page = res.data!.run.resultRows;
      expect(page.items.length).toBeLessThanOrEqual(300);
      all.push(...page.items);
      after = page.nextCursor;
      pages++;
    } while (after !== null && pages < 1000);
    expect(pages).toBe(Math.ceil(cliRows.length / 300));
    // GraphQL names the entity type by its enum value (MODEL, LAB, ...).
    expect(all).toEqual(cliRows.map((r) => ({ ...r, entityType: r.entityType.toUpperCase() })));
  });

  it('filters rows by entity type, entities, metrics and periods', async () => {
    const res = await api.graphql<{ run: { resultRows: { items: StoredRow[]; nextCursor: string | null } } }>(
      `query($id: ID!) { run(id: $id) { resultRows(first: 100, filter: { entityType: LAB, entities: ["DeepSeek", "OpenAI"], metrics: ["revenue", "cash"], periodFrom: 2, periodTo: 5 }) {
        items { period date entityType entity metric mean p05 p25 p50 p75 p95 } nextCursor } } }`,
      { id: runId },
      Role.Viewer,
    );
    expect(res.errors).toBeUndefined();
    const expected = cliRows.filter(
      (r) => r.entityType === 'lab' && ['DeepSeek', 'OpenAI'].includes(r.entity) && ['revenue', 'cash'].includes(r.metric) && r.period >= 2 && r.period <= 5,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(res.data!.run.resultRows).toEqual({ items: expected.map((r) => ({ ...r, entityType: 'LAB' })), nextCursor: null });
  });

  it('gives every series of every metric and statistic as the CLI\'s rows', async () => {
    const pairs = [...new Set(cliRows.map((r) => `${r.entityType}|${r.metric}`))].map((k) => {
      const [entityType, metric] = k.split('|') as [string, string];
      return { entityType, metric };
    });
    expect(pairs.length).toBeGreaterThan(30);
    for (const stat of STATS) {
      for (let i = 0; i < pairs.length; i += 15) {
        const batch = pairs.slice(i, i + 15);
        const fields = batch
          .map((p, j) => `s${j}: series(entityType: ${p.entityType.toUpperCase()}, metric: ${JSON.stringify(p.metric)}, stat: ${stat.toUpperCase()}) { entity points { date period value } }`)
          .join('\n');
        const res = await api.graphql<{ run: Record<string, { entity: string; points: Point[] }[]> }>(`query($id: ID!) { run(id: $id) { ${fields} } }`, { id: runId }, Role.Viewer);
        expect(res.errors).toBeUndefined();
        batch.forEach((p, j) => {
          const rows = cliRows.filter((r) => r.entityType === p.entityType && r.metric === p.metric);
          const entities = [...new Set(rows.map((r) => r.entity))];
          const expected = entities.map((entity) => ({
            entity,
            points: rows.filter((r) => r.entity === entity).map((r) => ({ date: r.date, period: r.period, value: r[stat] })),
          }));
          expect({ stat, ...p, series: res.data!.run[`s${j}`] }).toEqual({ stat, ...p, series: expected });
        });
      }
    }
  });

  it('returns the requested entities in the order asked, empty for one without rows', async () => {
    const res = await api.graphql<{ run: { series: { entity: string; points: Point[] }[] } }>(
      `query($id: ID!) { run(id: $id) { series(entityType: LAB, entities: ["OpenAI", "no-such-lab", "DeepSeek"], metric: "revenue", stat: P95) { entity points { date period value } } } }`,
      { id: runId },
      Role.Viewer,
    );
    const pts = (lab: string) => cliRows.filter((r) => r.entityType === 'lab' && r.entity === lab && r.metric === 'revenue').map((r) => ({ date: r.date, period: r.period, value: r.p95 }));
    expect(res.data!.run.series).toEqual([
      { entity: 'OpenAI', points: pts('OpenAI') },
      { entity: 'no-such-lab', points: [] },
      { entity: 'DeepSeek', points: pts('DeepSeek') },
    ]);
  });

  it('computes every KPI as the CLI\'s rows give it (means across paths)', async () => {
    const res = await api.graphql<{ run: { resultKpis: Record<string, unknown> } }>(
      `query($id: ID!) { run(id: $id) { resultKpis {
        periods periodMonths cumulativeTokens cumulativeSpend
        labs { lab strategy cumulativeRevenue cumulativeOperatingProfit finalShare finalCash finalRunwayPeriods minRunwayPeriods }
        peakGpuRentalPrice { value period date }
        premiumAbove2x { tier periodsAbove2x monthsAbove2x }
        zeroMarginRunway { lab finalRunwayPeriods minRunwayPeriods finalCash cashOutPeriod cashOutDate }
      } } }`,
      { id: runId },
      Role.Viewer,
    );
    expect(res.errors).toBeUndefined();
    const k = res.data!.run.resultKpis as {
      periods: number;
      periodMonths: number;
      cumulativeTokens: number;
      cumulativeSpend: number;
      labs: { lab: string; strategy: string; cumulativeRevenue: number; cumulativeOperatingProfit: number; finalShare: number; finalRunwayPeriods: number | null }[];
      peakGpuRentalPrice: { value: number; period: number; date: string };
      premiumAbove2x: { tier: string; periodsAbove2x: number; monthsAbove2x: number }[];
      zeroMarginRunway: { lab: string; finalRunwayPeriods: number | null; minRunwayPeriods: number | null }[];
    };
    const mean = (type: string, entity: string, metric: string) => cliRows.filter((r) => r.entityType === type && r.entity === entity && r.metric === metric);
    const total = (rows: StoredRow[]) => rows.reduce((s, r) => s + r.mean, 0);
    const last = PERIODS - 1;
    expect(k.periods).toBe(PERIODS);
    expect(k.periodMonths).toBe(doc.periodMonths);
    expectClose(k.cumulativeTokens, total(mean('market', 'market', 'totalTokens')), 'cumulativeTokens');
    expectClose(k.cumulativeSpend, total(mean('market', 'market', 'totalSpend')), 'cumulativeSpend');
    expect(k.labs.map((l) => l.lab)).toEqual(doc.labs.map((l) => l.name));
    for (const lab of doc.labs) {
      const got = k.labs.find((l) => l.lab === lab.name)!;
      expect(got.strategy).toBe(lab.pricing.strategy);
      expectClose(got.cumulativeRevenue, total(mean('lab', lab.name, 'revenue')), `${lab.name} revenue`);
      expectClose(got.cumulativeOperatingProfit, total(mean('lab', lab.name, 'operatingProfit')), `${lab.name} profit`);
      // The lab's models: its own, and roadmap successors named `<model>+<n>`.
      const own = doc.models.filter((m) => m.lab === lab.name).map((m) => m.name);
      const share = cliRows
        .filter((r) => r.entityType === 'model' && r.metric === 'marketShare' && r.period === last && own.some((n) => r.entity === n || r.entity.startsWith(`${n}+`)))
        .reduce((s, r) => s + r.mean, 0);
      expectClose(got.finalShare, share, `${lab.name} share`);
    }
    const gpu = mean('market', 'market', 'gpuRentalPrice');
    const peak = gpu.reduce((a, b) => (b.mean > a.mean ? b : a));
    expect(k.peakGpuRentalPrice).toEqual({ value: peak.mean, period: peak.period, date: peak.date });
    for (const tier of doc.tiers) {
      const above = mean('segment', tier.name, 'leaderPremium').filter((r) => r.mean > 2).length;
      expect(k.premiumAbove2x.find((t) => t.tier === tier.name)).toEqual({ tier: tier.name, periodsAbove2x: above, monthsAbove2x: above * doc.periodMonths });
    }
    const zero = doc.labs.filter((l) => l.pricing.strategy === 'ZERO_MARGIN');
    expect(zero.length).toBeGreaterThan(0);
    expect(k.zeroMarginRunway.map((z) => z.lab)).toEqual(zero.map((l) => l.name));
    for (const z of k.zeroMarginRunway) {
      const runway = mean('lab', z.lab, 'runwayPeriods');
      expect(z.finalRunwayPeriods).toBe(runway.find((r) => r.period === last)!.mean);
      expect(z.minRunwayPeriods).toBe(Math.min(...runway.map((r) => r.mean)));
    }
    // The run's stored KPIs (written when it succeeded) say the same for what they hold.
    const stored = await api.graphql<{ run: { kpis: { labs: { lab: string; cumulativeRevenue: number }[]; cumulativeSpend: number } } }>(
      'query($id: ID!) { run(id: $id) { kpis { cumulativeSpend labs { lab cumulativeRevenue } } } }',
      { id: runId },
      Role.Viewer,
    );
    expect(stored.data!.run.kpis.labs).toEqual(k.labs.map((l) => ({ lab: l.lab, cumulativeRevenue: l.cumulativeRevenue })));
    expect(stored.data!.run.kpis.cumulativeSpend).toBe(k.cumulativeSpend);
  });

  it('exports the same CSV bytes as the CLI, streamed', async () => {
    const res = await fetch(`${api.url}/runs/${runId}/results.csv`, { headers: api.headers(Role.Viewer) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    // Streamed: no content-length, chunked transfer.
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const body = await res.text();
    expect(body.length).toBe(cliCsv.length);
    expect(body).toBe(cliCsv);
  });

  it('refuses the export without a key or before the run has succeeded, and answers 404 for an unknown run', async () => {
    const db = new pg.Client({ connectionString: ctx.database.url });
    await db.connect();
    const failed = await db
      .query<{ id: string }>(
        `INSERT INTO runs (id, scenario_id, scenario_version_id, status, paths, seed, periods, chunk_size, chunks_total, engine_version, content_hash, error)
         SELECT gen_random_uuid(), scenario_id, scenario_version_id, 'FAILED', paths, seed, periods, chunk_size, chunks_total, engine_version, content_hash, 'boom'
         FROM runs WHERE id = $1 RETURNING id`,
        [runId],
      )
      .finally(() => db.end());
    expect((await fetch(`${api.url}/runs/${failed.rows[0]!.id}/results.csv`, { headers: api.headers(Role.Viewer) })).status).toBe(409);
    expect((await fetch(`${api.url}/runs/${runId}/results.csv`)).status).toBe(401);
    expect((await fetch(`${api.url}/runs/${randomUUID()}/results.csv`, { headers: api.headers(Role.Viewer) })).status).toBe(404);
    expect((await fetch(`${api.url}/runs/not-a-uuid/results.csv`, { headers: api.headers(Role.Viewer) })).status).toBe(404);
  });

  it('compares the same series across runs, in the order given', async () => {
    const scenarioId = (await api.graphql<{ run: { scenarioId: string } }>('query($id: ID!) { run(id: $id) { scenarioId } }', { id: runId })).data!.run.scenarioId;
    const other = await startRun(api, scenarioId, { paths: 3, seed: 7, periods: 5, chunkSize: 3, label: 'seed-7' });
    expect((await waitForRun(api, other.id, finished, 120_000)).status).toBe('SUCCEEDED');
    const res = await api.graphql<{ compareRuns: { runId: string; label: string | null; points: Point[] }[] }>(
      `query($ids: [ID!]!) { compareRuns(runIds: $ids, entityType: MARKET, entity: "market", metric: "gpuRentalPrice", stat: P75) { runId label points { date period value } } }`,
      { ids: [other.id, runId] },
      Role.Viewer,
    );
    expect(res.errors).toBeUndefined();
    const otherRows = await api.graphql<{ run: { series: { points: Point[] }[] } }>(
      `query($id: ID!) { run(id: $id) { series(entityType: MARKET, metric: "gpuRentalPrice", stat: P75) { points { date period value } } } }`,
      { id: other.id },
      Role.Viewer,
    );
    expect(res.data!.compareRuns).toEqual([
      { runId: other.id, label: 'seed-7', points: otherRows.data!.run.series[0]!.points },
      {
        runId,
        label: 'api-vs-cli',
        points: cliRows.filter((r) => r.entityType === 'market' && r.metric === 'gpuRentalPrice').map((r) => ({ date: r.date, period: r.period, value: r.p75 })),
      },
    ]);
    expect(res.data!.compareRuns[0]!.points).toHaveLength(5);
  }, 150_000);

  it('bounds its arguments and names the one out of bounds', async () => {
    const code = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await api.graphql(query, { id: runId, ...variables }, Role.Viewer);
      return res.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);
    };
    expect(await code('query($id: ID!) { run(id: $id) { resultRows(first: 1001) { nextCursor } } }')).toEqual([['BAD_USER_INPUT', 'first']]);
    expect(await code('query($id: ID!) { run(id: $id) { resultRows(first: 0) { nextCursor } } }')).toEqual([['BAD_USER_INPUT', 'first']]);
    expect(await code('query($id: ID!) { run(id: $id) { resultRows(after: "x1") { nextCursor } } }')).toEqual([['BAD_USER_INPUT', 'after']]);
    const many = Array.from({ length: 201 }, (_, i) => `lab-${i}`);
    expect(await code('query($id: ID!, $e: [String!]) { run(id: $id) { series(entityType: LAB, entities: $e, metric: "cash") { entity } } }', { e: many })).toEqual([
      ['BAD_USER_INPUT', 'entities'],
    ]);
    const ids = Array.from({ length: 21 }, () => runId);
    expect(await code('query($ids: [ID!]!) { compareRuns(runIds: $ids, entityType: MARKET, entity: "market", metric: "hhi") { runId } }', { ids })).toEqual([
      ['BAD_USER_INPUT', 'runIds'],
    ]);
    expect(await code(`query { compareRuns(runIds: ["${randomUUID()}"], entityType: MARKET, entity: "market", metric: "hhi") { runId } }`)).toEqual([
      ['NOT_FOUND', undefined],
    ]);
    const anonymous = await api.graphql(`query { compareRuns(runIds: ["${runId}"], entityType: MARKET, entity: "market", metric: "hhi") { runId } }`, {}, 'anonymous');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

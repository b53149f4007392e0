import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { loadPreset } from '../../src/engine/presets/presets.js';
import type { ScenarioDoc } from '../../src/engine/scenario/types.js';
import { QueueName } from '../../src/jobs/job-catalogue.js';
import { Role } from '../../src/modules/auth/roles.decorator.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { spawnEntrypoint, type SpawnedEntrypoint } from '../helpers/spawn-entrypoint.js';
import { eventually } from '../helpers/eventually.js';
import { useTestContext } from '../helpers/test-context.js';
import { finished, insertScenario, startRun, storedRows, waitForRun } from '../runs/run-fixtures.js';
import { allVariants, getSweep, kpiOf, query, startSweep, waitForSweep } from './sweep-fixtures.js';

const ctx = useTestContext({ workerConcurrency: 2 });

/** Jobs per queue that a worker could still pick up or is running, over the run and sweep queues. */
async function jobCounts(states: ('waiting' | 'waiting-children' | 'prioritized' | 'delayed' | 'active' | 'completed' | 'failed')[]): Promise<number[]> {
  return Promise.all(
    [QueueName.RunChunks, QueueName.RunMerges, QueueName.SweepSummaries].map(async (name) => {
      const q = new Queue(name, { connection: { url: ctx.config.redisUrl }, prefix: ctx.config.redisPrefix });
      try {
        return Object.values(await q.getJobCounts(...states)).reduce((a, b) => a + b, 0);
      } finally {
        await q.close();
      }
    }),
  );
}

async function pendingJobs(): Promise<number> {
  return (await jobCounts(['waiting', 'waiting-children', 'prioritized', 'delayed', 'active'])).reduce((a, b) => a + b, 0);
}

const ELASTICITY = 'segments[gpt4o-class].elasticity';
const SUBSIDY = 'labs[OpenLab].pricing.subsidy';
const ALGO = 'technology.algorithmicEfficiencyGainPerYear';
const OPTIONS = { paths: 8, seed: 7, periods: 6, chunkSize: 4 };

function threeLabs(): ScenarioDoc {
  return loadPreset('three-labs')!;
}

/** The document with the grid's two values set by hand (not through the engine's overrides). */
function withValues(elasticity: number, subsidy: number): ScenarioDoc {
  const doc = threeLabs();
  doc.segments.find((s) => s.tier === 'gpt4o-class')!.elasticity = elasticity;
  const pricing = doc.labs.find((l) => l.name === 'OpenLab')!.pricing as { subsidy: number };
  pricing.subsidy = subsidy;
  return doc;
}

describe('sweeps: grids and tornados as flows of normal runs (real worker process)', () => {
  let api: RunningApi;
  let worker: SpawnedEntrypoint;
  let scenarioId: string;

  beforeAll(async () => {
    api = await startApi(ctx.config);
    worker = spawnEntrypoint('worker', { ...ctx.env, LOG_LEVEL: 'info' });
    await worker.waitForLine(/worker ready/);
    scenarioId = await insertScenario(ctx.database.url, threeLabs(), 'three-labs');
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  }, 60_000);

  it("gives a 3x3 grid's KPI table equal to nine individual runs with the same overrides and seed", async () => {
    const elasticities = [1.2, 1.5, 1.9];
    const subsidies = [0, 0.1, 0.3];
    // The sweep's variants take the default chunking (one job each, nothing stored in between);
    // the reference runs are two chunks each: the rows must still be the same bits.
    const { chunkSize: _chunked, ...oneJob } = OPTIONS;
    const res = await startSweep(api, scenarioId, { grid: [{ path: ELASTICITY, values: elasticities }, { path: SUBSIDY, values: subsidies }] }, { ...oneJob, label: 'grid-3x3' }, Role.Editor);
    expect(res.errors).toBeUndefined();
    const sweepId = res.data!.startSweep.id;
    expect(res.data!.startSweep).toMatchObject({ kind: 'GRID', status: 'QUEUED', variantsTotal: 9, seed: 7 });

    // The nine reference runs: scenarios holding the overridden documents, started one by one.
    const references = [];
    for (const e of elasticities) {
      for (const s of subsidies) {
        const id = await insertScenario(ctx.database.url, withValues(e, s), `ref-${e}-${s}`);
        references.push({ e, s, run: await startRun(api, id, OPTIONS) });
      }
    }
    const done = await waitForSweep(api, sweepId);
    expect(done).toMatchObject({ status: 'SUCCEEDED', currentStatus: 'SUCCEEDED', error: null });
    expect(done.progress).toMatchObject({ fraction: 1, succeeded: 9, failed: 0, cancelled: 0, chunksTotal: 9, chunksDone: 9 });

    const variants = await allVariants(api, sweepId);
    expect(variants.map((v) => v.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // Every variant is a normal run linked to the sweep, with its overrides and the sweep's seed.
    const runs = await query<{ id: string; seed: number; sweep_id: string; overrides: unknown; label: string }>(
      ctx.database.url,
      'SELECT id, seed, sweep_id, overrides, label FROM runs WHERE sweep_id = $1',
      [sweepId],
    );
    expect(runs).toHaveLength(9);
    expect(new Set(runs.map((r) => r.seed))).toEqual(new Set([7]));
    expect(new Set(runs.map((r) => r.label))).toEqual(new Set(['grid-3x3']));

    for (const [i, ref] of references.entries()) {
      const variant = variants[i]!;
      expect(variant.overrides).toEqual([{ path: ELASTICITY, value: ref.e }, { path: SUBSIDY, value: ref.s }]);
      expect(runs.find((r) => r.id === variant.runId)!.overrides).toEqual(variant.overrides);
      const refRun = await waitForRun(api, ref.run.id, finished);
      expect(refRun.status).toBe('SUCCEEDED');
      // Same stored rows, bit for bit, and the same KPIs.
      expect(await storedRows(ctx.database.url, variant.runId)).toEqual(await storedRows(ctx.database.url, ref.run.id));
      const [a, b] = await query<{ kpis: unknown }>(ctx.database.url, 'SELECT kpis FROM runs WHERE id = ANY($1::uuid[]) ORDER BY id = $2 DESC', [[variant.runId, ref.run.id], variant.runId]);
      expect(a!.kpis).toEqual(b!.kpis);
      // The table's tokens KPI is the stored market totalTokens summed over periods.
      const tokens = (await storedRows(ctx.database.url, ref.run.id)).filter((r) => r.entityType === 'market' && r.metric === 'totalTokens').reduce((sum, r) => sum + r.mean, 0);
      expect(kpiOf(variant, 'cumulativeTokens')).toBeCloseTo(tokens, 0);
    }
    // The variants differ only through their overrides: elasticity changes tokens.
    expect(kpiOf(variants[0]!, 'cumulativeTokens')).not.toBe(kpiOf(variants[6]!, 'cumulativeTokens'));

    // The reporting view has one row per variant and KPI.
    const view = await query<{ n: string; variants: string }>(ctx.database.url, 'SELECT count(*) AS n, count(DISTINCT variant_index) AS variants FROM reporting.sweep_kpis WHERE sweep_id = $1', [sweepId]);
    expect(Number(view[0]!.variants)).toBe(9);
    expect(Number(view[0]!.n)).toBe(variants.reduce((n, v) => n + v.kpis.length, 0));
    // The BI role may read the view (owned by the migrating user) but not the tables behind it.
    // (Privileges, not a login: the role's password is cluster-wide and other files set it.)
    const [grants] = await query<{ view: boolean; sweeps: boolean; variants: boolean }>(
      ctx.database.url,
      `SELECT has_table_privilege('frontier_bi', 'reporting.sweep_kpis', 'SELECT') AS view,
              has_table_privilege('frontier_bi', 'public.sweeps', 'SELECT') AS sweeps,
              has_table_privilege('frontier_bi', 'public.sweep_variants', 'SELECT') AS variants`,
    );
    expect(grants).toEqual({ view: true, sweeps: false, variants: false });

    // The sweep is listed, and its variants are in `runs`.
    const list = await api.graphql<{ sweeps: { items: { id: string }[] } }>('{ sweeps(filter: { label: "grid-3x3" }) { items { id } } }', {}, Role.Viewer);
    expect(list.data!.sweeps.items.map((s) => s.id)).toEqual([sweepId]);
    const listed = await api.graphql<{ runs: { items: { id: string }[] } }>('{ runs(filter: { label: "grid-3x3" }, first: 100) { items { id } } }', {}, Role.Viewer);
    expect(new Set(listed.data!.runs.items.map((r) => r.id))).toEqual(new Set(runs.map((r) => r.id)));
  }, 180_000);

  it('gives tornado bars with the signs economics predicts, sorted by swing', async () => {
    const spec = {
      tornado: [
        { path: ELASTICITY, low: 1.1, high: 2.2 },
        { path: SUBSIDY, low: 0, high: 0.5 },
        { path: ALGO, low: 1.5, high: 8 },
      ],
    };
    // Twelve months, so OpenLab's roadmap successor (where algorithmic efficiency acts) ships.
    const res = await startSweep(api, scenarioId, spec, { ...OPTIONS, periods: 12, label: 'tornado' }, Role.Editor);
    expect(res.errors).toBeUndefined();
    const sweepId = res.data!.startSweep.id;
    expect(res.data!.startSweep).toMatchObject({ kind: 'TORNADO', variantsTotal: 7 });
    expect((await waitForSweep(api, sweepId)).status).toBe('SUCCEEDED');

    type Bar = { parameter: string; low: number; high: number; kpiBase: number; kpiLow: number; kpiHigh: number; swing: number };
    const bars = async (kpi: string) => {
      const r = await api.graphql<{ sweep: { tornado: Bar[] } }>('query($id: ID!, $k: String!) { sweep(id: $id) { tornado(kpi: $k) { parameter low high kpiBase kpiLow kpiHigh swing } } }', { id: sweepId, k: kpi }, Role.Viewer);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      const list = r.data!.sweep.tornado;
      return { list, of: (p: string) => list.find((b) => b.parameter === p)! };
    };

    const tokens = await bars('cumulativeTokens');
    expect(tokens.list.map((b) => b.swing)).toEqual([...tokens.list.map((b) => b.swing)].sort((a, b) => b - a));
    // Prices are below the segment's reference price, so a more elastic demand buys more tokens.
    expect(tokens.of(ELASTICITY).kpiHigh).toBeGreaterThan(tokens.of(ELASTICITY).kpiLow);
    // Faster algorithmic progress makes OpenLab's roadmap successor (July 2025) cheaper to serve:
    // more tokens from the same fleet, at lower cost-based prices, and a larger share for OpenLab.
    expect(tokens.of(ALGO).kpiHigh).toBeGreaterThan(tokens.of(ALGO).kpiLow);
    const share = await bars('labs[OpenLab].finalShare');
    expect(share.of(ALGO).kpiHigh).toBeGreaterThan(share.of(ALGO).kpiLow);

    // A subsidy is paid by the lab that gives it: its price p = c (1 - subsidy) falls, so on a
    // fleet that is already full its revenue and operating profit fall, and so does market spend.
    // (Total tokens do not rise here: the extra demand drawn to a full lab is rationed; see docs/sweeps.md.)
    const revenue = await bars('labs[OpenLab].cumulativeRevenue');
    expect(revenue.of(SUBSIDY).kpiHigh).toBeLessThan(revenue.of(SUBSIDY).kpiLow);
    const profit = await bars('labs[OpenLab].cumulativeOperatingProfit');
    expect(profit.of(SUBSIDY).kpiHigh).toBeLessThan(profit.of(SUBSIDY).kpiLow);
    const spend = await bars('cumulativeSpend');
    expect(spend.of(SUBSIDY).kpiHigh).toBeLessThan(spend.of(SUBSIDY).kpiLow);

    // The table's columns name every lab's and tier's KPIs.
    const names = await api.graphql<{ sweep: { kpiNames: string[] } }>('query($id: ID!) { sweep(id: $id) { kpiNames } }', { id: sweepId }, Role.Viewer);
    expect(names.data!.sweep.kpiNames).toEqual(expect.arrayContaining(['cumulativeTokens', 'cumulativeSpend', 'labs[Frontier].cumulativeOperatingProfit', 'frontierPremium[o1-class].peakLeaderPremium']));

    // The base bar value is the base variant's KPI.
    const variants = await allVariants(api, sweepId, 100);
    const base = variants.find((v) => v.role === 'base')!;
    expect(base.overrides).toEqual([]);
    expect(tokens.list.every((b) => b.kpiBase === kpiOf(base, 'cumulativeTokens'))).toBe(true);
  }, 180_000);

  it('refuses a bad path or value before anything is stored or queued', async () => {
    const counts = async () => {
      const [row] = await query<{ sweeps: string; runs: string; variants: string }>(
        ctx.database.url,
        'SELECT (SELECT count(*) FROM sweeps) AS sweeps, (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM sweep_variants) AS variants',
      );
      return { ...row, jobs: await jobCounts(['waiting', 'waiting-children', 'prioritized', 'delayed', 'active', 'completed', 'failed']) };
    };
    const before = await counts();

    const cases: { spec: unknown; options?: Record<string, unknown>; field: string }[] = [
      { spec: { grid: [{ path: ELASTICITY, values: [1.2] }, { path: 'segments[gpt4o-class].elastic', values: [1] }] }, field: 'grid[1].path' },
      { spec: { grid: [{ path: ELASTICITY, values: [1.2, -1, 2] }, { path: SUBSIDY, values: [0] }] }, field: 'grid[0].values[1]' },
      { spec: { grid: [{ path: ELASTICITY, values: [1.2] }, { path: SUBSIDY, values: [0, 1.5] }] }, field: 'grid[1].values[1]' },
      { spec: { grid: [{ path: 'labs[NoSuchLab].cash', values: [1] }] }, field: 'grid[0].path' },
      { spec: { tornado: [{ path: SUBSIDY, low: -0.1, high: 0.2 }] }, field: 'tornado[0].low' },
      { spec: { grid: [{ path: ELASTICITY, values: Array.from({ length: 101 }, (_, i) => 1 + i / 100) }, { path: SUBSIDY, values: Array.from({ length: 100 }, (_, i) => i / 200) }] }, field: 'grid' },
      { spec: { grid: [{ path: ELASTICITY, values: [1.2] }], tornado: [{ path: SUBSIDY, low: 0, high: 0.1 }] }, field: 'spec' },
      { spec: { grid: [{ path: ELASTICITY, values: [1.2] }] }, options: { paths: 0 }, field: 'options.paths' },
    ];
    for (const c of cases) {
      const res = await startSweep(api, scenarioId, c.spec, { ...OPTIONS, ...c.options }, Role.Editor);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: c.field });
    }
    // A viewer may read sweeps but not start one.
    const viewer = await startSweep(api, scenarioId, { grid: [{ path: ELASTICITY, values: [1.2] }] }, OPTIONS, Role.Viewer);
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect(await counts()).toEqual(before);
  }, 60_000);

  it('still summarizes when a variant fails, and reports it', async () => {
    const res = await startSweep(api, scenarioId, { grid: [{ path: ELASTICITY, values: [1.1, 1.3, 1.5, 1.7, 1.9, 2.1] }] }, { ...OPTIONS, label: 'one-fails' }, Role.Editor);
    expect(res.errors).toBeUndefined();
    const sweepId = res.data!.startSweep.id;
    // Break the last variant's stored overrides before a worker reaches it (variants run in
    // order): its chunk then fails as an invalid scenario, with no retry.
    const [last] = await query<{ run_id: string }>(ctx.database.url, 'SELECT run_id FROM sweep_variants WHERE sweep_id = $1 AND variant_index = 5', [sweepId]);
    await query(ctx.database.url, `UPDATE runs SET overrides = '[{"path": "segments[gpt4o-class].elasticity", "value": -1}]' WHERE id = $1 AND status = 'QUEUED'`, [last!.run_id]);

    const done = await waitForSweep(api, sweepId);
    expect(done.status).toBe('FAILED');
    expect(done.error).toContain('1 of 6 variants did not succeed');
    expect(done.progress).toMatchObject({ succeeded: 5, failed: 1 });
    const variants = await allVariants(api, sweepId, 100);
    expect(variants[5]).toMatchObject({ runStatus: 'FAILED', kpis: [] });
    expect(variants.slice(0, 5).every((v) => v.runStatus === 'SUCCEEDED' && v.kpis.length > 0)).toBe(true);
    // It was the flow's parent that wrote the summary (the failed variant did not block it).
    const q = new Queue(QueueName.SweepSummaries, { connection: { url: ctx.config.redisUrl }, prefix: ctx.config.redisPrefix });
    try {
      const job = await q.getJob(`sweep-${sweepId}-summary`);
      expect(await job?.getState()).toBe('completed');
    } finally {
      await q.close();
    }
  }, 120_000);

  it.each([
    ['chunk jobs under each merge', 10],
    ['one job per variant (the default)', undefined],
  ])('cancels every variant of a sweep (%s)', async (_variants, chunkSize) => {
    // Enough work that the cancel lands while variants are queued or running.
    const res = await startSweep(api, scenarioId, { grid: [{ path: ELASTICITY, values: [1.1, 1.3, 1.5, 1.7, 1.9, 2.1] }] }, { paths: 200, seed: 3, periods: 12, chunkSize }, Role.Editor);
    expect(res.errors).toBeUndefined();
    const sweepId = res.data!.startSweep.id;
    const cancel = await api.graphql<{ cancelSweep: { status: string } }>('mutation($id: ID!) { cancelSweep(id: $id) { status } }', { id: sweepId }, Role.Editor);
    expect(cancel.errors).toBeUndefined();
    expect(cancel.data!.cancelSweep.status).toBe('CANCELLED');

    const runs = await query<{ status: string }>(ctx.database.url, 'SELECT status::text AS status FROM runs WHERE sweep_id = $1', [sweepId]);
    expect(runs).toHaveLength(6);
    expect(runs.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING')).toEqual([]);
    expect(runs.some((r) => r.status === 'CANCELLED')).toBe(true);
    // Once the queues have nothing left to do, no cancelled variant has results and the sweep is still cancelled.
    await eventually(async () => ((await pendingJobs()) === 0 ? true : undefined), { what: 'queues drained', timeoutMs: 30_000, intervalMs: 200 });
    const rows = await query<{ n: string }>(ctx.database.url, `SELECT count(*) AS n FROM run_results rr JOIN runs r ON r.id = rr.run_id WHERE r.sweep_id = $1 AND r.status = 'CANCELLED'`, [sweepId]);
    expect(Number(rows[0]!.n)).toBe(0);
    expect((await getSweep(api, sweepId)).status).toBe('CANCELLED');
    const again = await api.graphql('mutation($id: ID!) { cancelSweep(id: $id) { status } }', { id: sweepId }, Role.Editor);
    expect(again.errors?.[0]).toMatchObject({ message: expect.stringContaining('is CANCELLED'), extensions: { code: 'CONFLICT' } });
  }, 60_000);
});

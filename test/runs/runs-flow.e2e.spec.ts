import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadPreset } from '../../src/engine/presets/presets.js';
import { ENGINE_VERSION } from '../../src/engine/version.js';
import { QueueName } from '../../src/jobs/job-catalogue.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { eventually } from '../helpers/eventually.js';
import { spawnEntrypoint, type SpawnedEntrypoint } from '../helpers/spawn-entrypoint.js';
import { useTestContext } from '../helpers/test-context.js';
import { count, finished, getRun, insertScenario, sortRows, startRun, storedRows, waitForRun, type StoredRow } from './run-fixtures.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

const ctx = useTestContext({ workerConcurrency: 2 });

/** Small enough to be quick, big enough to have several chunks and every kind of series. */
const PRESET = 'deepseek-debates-2025';
const OPTIONS = { paths: 6, seed: 42, periods: 4, chunkSize: 2 };

/** The rows `npm run simulate` gives for the preset with the same paths, seed and periods. */
async function cliRows(options: { paths: number; seed: number; periods: number }): Promise<StoredRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'runs-cli-'));
  try {
    const out = join(dir, 'out.json');
    const args = ['--scenario', PRESET, '--paths', String(options.paths), '--seed', String(options.seed), '--periods', String(options.periods), '--json', out];
    await run(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
    return (JSON.parse(await readFile(out, 'utf8')) as { rows: StoredRow[] }).rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('runs as BullMQ flows: API in process, workers as real processes', () => {
  let api: RunningApi;
  const workers: SpawnedEntrypoint[] = [];
  let presetId: string;
  let reference: StoredRow[];

  const spawnWorker = async () => {
    const worker = spawnEntrypoint('worker', { ...ctx.env, LOG_LEVEL: 'info' });
    workers.push(worker);
    await worker.waitForLine(/worker ready/, 60_000);
    return worker;
  };

  beforeAll(async () => {
    api = await startApi(ctx.config);
    await spawnWorker();
    presetId = await insertScenario(ctx.database.url, loadPreset(PRESET), PRESET);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await api?.close();
  }, 120_000);

  it('gives exactly the aggregates of `npm run simulate` with the same seed and paths', async () => {
    const queued = await startRun(api, presetId, OPTIONS);
    expect(queued).toMatchObject({ status: 'QUEUED', progress: 0, chunksTotal: 3, engineVersion: ENGINE_VERSION, scenarioVersion: 1, generation: 0 });

    const cli = await cliRows(OPTIONS);
    const done = await waitForRun(api, queued.id, finished);
    expect(done).toMatchObject({ status: 'SUCCEEDED', progress: 1, chunksDone: 3, error: null });
    reference = await storedRows(ctx.database.url, queued.id);
    expect(reference.length).toBe(cli.length);
    // toEqual on numbers is Object.is-like for NaN but not for bits; the COPY path must keep every double.
    expect(reference).toEqual(sortRows(cli));
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM run_chunks WHERE run_id = $1', [queued.id])).toBe(0);
    const kpis = await api.graphql<{ run: { kpis: { labs: { lab: string; cumulativeRevenue: number }[]; periods: number } } }>(
      'query($id: ID!) { run(id: $id) { kpis { periods labs { lab cumulativeRevenue } } } }',
      { id: queued.id },
    );
    expect(kpis.data!.run.kpis.periods).toBe(4);
    const deepseekRevenue = reference.filter((r) => r.entityType === 'lab' && r.entity === 'DeepSeek' && r.metric === 'revenue').reduce((s, r) => s + r.mean, 0);
    expect(kpis.data!.run.kpis.labs.find((l) => l.lab === 'DeepSeek')!.cumulativeRevenue).toBeCloseTo(deepseekRevenue, 6);
  }, 120_000);

  it('gives identical results with 3 workers as with 1', async () => {
    await spawnWorker();
    await spawnWorker();
    const again = await startRun(api, presetId, { ...OPTIONS, chunkSize: 1 });
    await waitForRun(api, again.id, finished);
    expect(await getRun(api, again.id)).toMatchObject({ status: 'SUCCEEDED', chunksTotal: 6 });
    expect(await storedRows(ctx.database.url, again.id)).toEqual(reference);
    // Several processes took part (each logs its own chunks).
    const ran = workers.filter((w) => w.output().includes(again.id));
    expect(ran.length).toBeGreaterThan(1);
  }, 120_000);

  it('merges sketch-mode chunks (past 2,000 paths) from their stored bytes to the aggregates of `npm run simulate`', async () => {
    const options = { paths: 2100, seed: 9, periods: 2, chunkSize: 700 };
    const queued = await startRun(api, presetId, options);
    expect(queued.chunksTotal).toBe(3);
    const cli = await cliRows(options);
    expect(await waitForRun(api, queued.id, finished)).toMatchObject({ status: 'SUCCEEDED', chunksDone: 3, error: null });
    expect(await storedRows(ctx.database.url, queued.id)).toEqual(sortRows(cli));
  }, 120_000);

  it('pushes progress over graphql-ws until the run succeeds', async () => {
    const started = await startRun(api, presetId, { ...OPTIONS, seed: 7 });
    const client = createClient({
      url: `${api.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: api.headers ? api.headers() : {},
      retryAttempts: 0,
    });
    const events: { status: string; progress: number; chunksDone: number }[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        client.subscribe<{ runProgress: { status: string; progress: number; chunksDone: number } }>(
          { query: 'subscription($id: ID!) { runProgress(runId: $id) { status progress chunksDone chunksTotal } }', variables: { id: started.id } },
          { next: (msg) => (msg.errors ? reject(new Error(JSON.stringify(msg.errors))) : events.push(msg.data!.runProgress)), error: reject, complete: resolve },
        );
      });
    } finally {
      await client.dispose();
    }
    expect(events.at(-1)).toMatchObject({ status: 'SUCCEEDED', progress: 1, chunksDone: 3 });
    for (let i = 1; i < events.length; i++) expect(events[i]!.progress).toBeGreaterThanOrEqual(events[i - 1]!.progress);
  }, 120_000);

  it('creates one run for 20 concurrent startRun calls with one idempotencyKey', async () => {
    const key = `same-${Date.now()}`;
    const runs = await Promise.all(Array.from({ length: 20 }, () => startRun(api, presetId, { ...OPTIONS, idempotencyKey: key })));
    expect(new Set(runs.map((r) => r.id)).size).toBe(1);
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM runs WHERE idempotency_key = $1', [key])).toBe(1);
    expect((await waitForRun(api, runs[0]!.id, finished)).status).toBe('SUCCEEDED');
    // The same key for different options is a client bug, not a request for that run.
    const reused = await api.graphql('mutation($s: ID!, $o: StartRunInput!) { startRun(scenarioId: $s, options: $o) { id } }', {
      s: presetId,
      o: { ...OPTIONS, seed: 43, idempotencyKey: key },
    });
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
  }, 120_000);

  it('fails a run of an invalid scenario at once, with the field path on the run and no retries', async () => {
    const bad = structuredClone(loadPreset(PRESET)!) as { segments: { elasticity: unknown }[] };
    bad.segments[0]!.elasticity = -1;
    const scenarioId = await insertScenario(ctx.database.url, bad);
    const started = await startRun(api, scenarioId, OPTIONS);
    const failed = await waitForRun(api, started.id, finished);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/segments\[[^\]]+\]\.elasticity/);
    const queue = new Queue(QueueName.RunChunks, { connection: { url: ctx.config.redisUrl }, prefix: ctx.config.redisPrefix });
    try {
      // Failed for good after one attempt: with attempts left a job would be 'delayed' (a retry).
      // Chunks taken after the first failure find the run FAILED and end as skipped ('completed'),
      // so which chunk fails depends on the order the worker took them in.
      const chunks = OPTIONS.paths / OPTIONS.chunkSize;
      const settled = await eventually(async () => {
        const jobs = await Promise.all(Array.from({ length: chunks }, (_, i) => queue.getJob(`${started.id}-g0-c${i}`)));
        const states = await Promise.all(jobs.map((j) => j?.getState()));
        return states.every((s) => s === 'failed' || s === 'completed') && states.includes('failed') ? { jobs, states } : undefined;
      }, { what: 'every chunk job failed or skipped' });
      const failedJobs = settled.jobs.filter((_, i) => settled.states[i] === 'failed');
      expect(failedJobs.map((j) => j!.attemptsMade)).toEqual(failedJobs.map(() => 1));
    } finally {
      await queue.close();
    }
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM run_results WHERE run_id = $1', [started.id])).toBe(0);
  }, 120_000);

  it('cancels in the middle: CANCELLED, no result or chunk rows, and retryRun then completes it', async () => {
    const started = await startRun(api, presetId, { paths: 40, seed: 5, periods: 12, chunkSize: 2 });
    await waitForRun(api, started.id, (r) => r.chunksDone >= 1 || finished(r));
    const res = await api.graphql<{ cancelRun: { status: string } }>('mutation($id: ID!) { cancelRun(id: $id) { status } }', { id: started.id });
    expect(res.data?.cancelRun.status).toBe('CANCELLED');
    // Let every chunk job that was running reach its next block boundary and stop.
    const queue = new Queue(QueueName.RunChunks, { connection: { url: ctx.config.redisUrl }, prefix: ctx.config.redisPrefix });
    try {
      await eventually(async () => {
        const c = await queue.getJobCounts('active', 'waiting', 'prioritized', 'delayed');
        return Object.values(c).every((n) => n === 0) ? true : undefined;
      }, { what: 'no chunk jobs left', timeoutMs: 30_000 });
    } finally {
      await queue.close();
    }
    expect((await getRun(api, started.id)).status).toBe('CANCELLED');
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM run_results WHERE run_id = $1', [started.id])).toBe(0);
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM run_chunks WHERE run_id = $1', [started.id])).toBe(0);

    const again = await api.graphql<{ retryRun: { status: string; generation: number } }>('mutation($id: ID!) { retryRun(id: $id) { status generation } }', { id: started.id });
    expect(again.data?.retryRun).toEqual({ status: 'QUEUED', generation: 1 });
    expect((await waitForRun(api, started.id, finished, 120_000)).status).toBe('SUCCEEDED');
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM run_results WHERE run_id = $1', [started.id])).toBeGreaterThan(0);
  }, 120_000);

  it('refuses bad options with the field named and stores nothing', async () => {
    const before = await count(ctx.database.url, 'SELECT count(*) AS n FROM runs');
    for (const [options, field] of [
      [{ paths: 0, seed: 1 }, 'paths'],
      [{ paths: 100_001, seed: 1 }, 'paths'],
      [{ paths: 10, seed: -1 }, 'seed'],
      [{ paths: 10, seed: 1, periods: 601 }, 'periods'],
      [{ paths: 10, seed: 1, priority: 101 }, 'priority'],
      [{ paths: 200, seed: 1, keepPaths: true }, 'keepPaths'],
    ] as const) {
      const res = await api.graphql('mutation($s: ID!, $o: StartRunInput!) { startRun(scenarioId: $s, options: $o) { id } }', { s: presetId, o: options });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM runs')).toBe(before);
  }, 120_000);

  it('lists runs newest first, a bounded page at a time, filtered', async () => {
    type Page = { runs: { items: { id: string; status: string }[]; nextCursor: string | null } };
    const query = 'query($f: RunFilterInput, $n: Int!, $a: ID) { runs(filter: $f, first: $n, after: $a) { items { id status } nextCursor } }';
    // Enough runs for two pages whatever ran before (one path, one period: quick).
    const newest: string[] = [];
    for (let seed = 0; seed < 5; seed++) newest.unshift((await startRun(api, presetId, { paths: 1, periods: 1, seed })).id);
    const all = await api.graphql<Page>(query, { f: { scenarioId: presetId }, n: 100 });
    const ids = all.data!.runs.items.map((r) => r.id);
    expect(ids.length).toBe(await count(ctx.database.url, 'SELECT count(*) AS n FROM runs WHERE scenario_id = $1', [presetId]));
    const first = await api.graphql<Page>(query, { f: { scenarioId: presetId }, n: 2 });
    const second = await api.graphql<Page>(query, { f: { scenarioId: presetId }, n: 2, a: first.data!.runs.nextCursor });
    expect(ids.slice(0, 5)).toEqual(newest);
    expect([...first.data!.runs.items, ...second.data!.runs.items].map((r) => r.id)).toEqual(ids.slice(0, 4));
    const succeeded = await api.graphql<Page>(query, { f: { scenarioId: presetId, status: 'SUCCEEDED' }, n: 100 });
    expect(succeeded.data!.runs.items.every((r) => r.status === 'SUCCEEDED')).toBe(true);
    const tooMany = await api.graphql(query, { n: 101 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

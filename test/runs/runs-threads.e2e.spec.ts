import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runMonteCarlo } from '../../src/engine/monte-carlo/run-monte-carlo.js';
import { EXACT_PATH_LIMIT } from '../../src/engine/monte-carlo/types.js';
import { loadPreset } from '../../src/engine/presets/presets.js';
import { validateScenario } from '../../src/engine/scenario/validate-scenario.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { spawnEntrypoint, type SpawnedEntrypoint } from '../helpers/spawn-entrypoint.js';
import { useTestContext } from '../helpers/test-context.js';
import { count, finished, getRun, insertScenario, sortRows, startRun, storedRows, waitForRun } from './run-fixtures.js';

const ctx = useTestContext();
const PRESET = 'deepseek-debates-2025';

/** What any run of these options must store, from the engine in this process. */
function expectedRows(paths: number, seed: number, periods: number) {
  const valid = validateScenario(loadPreset(PRESET));
  if (!valid.ok) throw new Error('preset must validate');
  return sortRows(runMonteCarlo(valid.doc, { paths, seed, periods }));
}

/** The worker's log lines (pino JSON) about a run. */
function linesOf(worker: SpawnedEntrypoint, runId: string): { msg: string; threads?: number; result?: string }[] {
  return worker
    .output()
    .split('\n')
    .filter((l) => l.includes(runId))
    .map((l) => JSON.parse(l) as { msg: string; threads?: number; result?: string });
}

describe('a worker with WORKER_THREADS=2 splits a job across a helper thread', () => {
  let api: RunningApi;
  let worker: SpawnedEntrypoint;
  let presetId: string;

  beforeAll(async () => {
    api = await startApi(ctx.config);
    // One job at a time, so one helper thread: a job gets it only if nothing else holds it.
    worker = spawnEntrypoint('worker', { ...ctx.env, LOG_LEVEL: 'info', WORKER_CONCURRENCY: '1', WORKER_THREADS: '2' });
    await worker.waitForLine(/worker ready \(concurrency 1, threads 2 per job/, 60_000);
    presetId = await insertScenario(ctx.database.url, loadPreset(PRESET), PRESET);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGTERM', 10_000);
    await api?.close();
  }, 60_000);

  it('stores exactly the rows of one thread for an exact-mode run (one job: the merge simulates it)', async () => {
    const options = { paths: 400, seed: 11, periods: 4 };
    const started = await startRun(api, presetId, { ...options, chunkSize: 400 });
    expect((await waitForRun(api, started.id, finished)).status).toBe('SUCCEEDED');
    expect(await storedRows(ctx.database.url, started.id)).toEqual(expectedRows(options.paths, options.seed, options.periods));
    expect(linesOf(worker, started.id)).toContainEqual(expect.objectContaining({ msg: 'run succeeded', threads: 2 }));
  }, 60_000);

  it('stores exactly the rows of one thread for a sketch-mode run in two chunk jobs', async () => {
    const options = { paths: EXACT_PATH_LIMIT + 400, seed: 12, periods: 1 };
    const started = await startRun(api, presetId, { ...options, chunkSize: options.paths / 2 });
    expect((await waitForRun(api, started.id, finished)).status).toBe('SUCCEEDED');
    expect(await storedRows(ctx.database.url, started.id)).toEqual(expectedRows(options.paths, options.seed, options.periods));
    const chunkLines = linesOf(worker, started.id).filter((l) => l.msg === 'run chunk done');
    expect(chunkLines).toEqual([expect.objectContaining({ result: 'stored', threads: 2 }), expect.objectContaining({ result: 'stored', threads: 2 })]);
  }, 60_000);

  it('cancels a threaded run in the middle: CANCELLED, no rows, and the helper thread is free for the next job at once', async () => {
    // Long enough (each thread ~1,000 preset paths) to be cancelled while both threads work.
    const long = await startRun(api, presetId, { paths: 2_000, seed: 13, chunkSize: 2_000 });
    await waitForRun(api, long.id, (r) => r.status === 'RUNNING' || finished(r));
    await new Promise((r) => setTimeout(r, 300));
    const res = await api.graphql<{ cancelRun: { status: string } }>('mutation($id: ID!) { cancelRun(id: $id) { status } }', { id: long.id });
    expect(res.data?.cancelRun.status).toBe('CANCELLED');
    await worker.waitForLine(new RegExp(`"runId":"${long.id}".*"msg":"run merge skipped"`), 10_000);
    expect((await getRun(api, long.id)).status).toBe('CANCELLED');
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM run_results WHERE run_id = $1', [long.id])).toBe(0);

    // Had the helper gone on with its ~1,000 paths, this job would find it busy and use 1 thread.
    const next = await startRun(api, presetId, { paths: 400, seed: 14, periods: 2, chunkSize: 400 });
    expect((await waitForRun(api, next.id, finished)).status).toBe('SUCCEEDED');
    expect(linesOf(worker, next.id)).toContainEqual(expect.objectContaining({ msg: 'run succeeded', threads: 2 }));
  }, 60_000);

  it('ends its helper thread with the process on SIGTERM: a clean exit', async () => {
    await worker.stop('SIGTERM', 10_000);
    const exit = await worker.exited;
    expect([exit.code === 0, exit.signal === 'SIGTERM']).toContain(true);
    expect(worker.output()).toContain('shut down cleanly');
    expect(worker.output()).not.toMatch(/"level":(50|60)/);
  }, 30_000);
});

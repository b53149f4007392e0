import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppConfig } from '../../src/config/app-config.js';
import { runMonteCarlo } from '../../src/engine/monte-carlo/run-monte-carlo.js';
import { loadPreset } from '../../src/engine/presets/presets.js';
import { validateScenario } from '../../src/engine/scenario/validate-scenario.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { freePort } from '../helpers/free-port.js';
import { spawnEntrypoint, type SpawnedEntrypoint } from '../helpers/spawn-entrypoint.js';
import { useTestContext } from '../helpers/test-context.js';
import { ThrowawayRedis } from '../helpers/throwaway-redis.js';
import { count, finished, insertScenario, sortRows, startRun, storedRows, waitForRun } from './run-fixtures.js';

const ctx = useTestContext({ workerConcurrency: 2 });
const PRESET = 'deepseek-debates-2025';
const OPTIONS = { paths: 24, periods: 12, chunkSize: 2 };

/** The engine in this process: what any run of these options must store, row for row. */
function expectedRows(seed: number) {
  const valid = validateScenario(loadPreset(PRESET));
  if (!valid.ok) throw new Error('preset must validate');
  return sortRows(runMonteCarlo(valid.doc, { paths: OPTIONS.paths, seed, periods: OPTIONS.periods }));
}

describe('runs survive crashed workers, SIGTERM and a Redis that restarts empty', () => {
  let redis: ThrowawayRedis;
  let api: RunningApi;
  let env: NodeJS.ProcessEnv;
  const workers: SpawnedEntrypoint[] = [];
  let presetId: string;

  const spawnWorker = async () => {
    const worker = spawnEntrypoint('worker', { ...env, LOG_LEVEL: 'info' });
    workers.push(worker);
    await worker.waitForLine(/worker ready/, 60_000);
    return worker;
  };

  beforeAll(async () => {
    // A Redis of this file's own, so killing it disturbs no other test file.
    redis = new ThrowawayRedis(await freePort());
    await redis.start();
    api = await startApi(new AppConfig({ ...ctx.config, redisUrl: redis.url }));
    env = { ...ctx.env, REDIS_URL: redis.url };
    await spawnWorker();
    await spawnWorker();
    presetId = await insertScenario(ctx.database.url, loadPreset(PRESET), PRESET);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGTERM', 5_000)));
    await api?.close();
    await redis?.kill();
  }, 120_000);

  it('succeeds with exactly one set of rows when a worker is killed with SIGKILL mid-run', async () => {
    const started = await startRun(api, presetId, { ...OPTIONS, seed: 101 });
    await waitForRun(api, started.id, (r) => r.chunksDone >= 2 || finished(r));
    const victim = workers[0]!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const done = await waitForRun(api, started.id, finished, 90_000);
    expect(done.status).toBe('SUCCEEDED');
    const rows = await storedRows(ctx.database.url, started.id);
    expect(rows).toEqual(expectedRows(101));
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM run_chunks WHERE run_id = $1', [started.id])).toBe(0);
    await spawnWorker();
  }, 120_000);

  it('lets a worker finish its chunk on SIGTERM and exit cleanly while the run completes', async () => {
    const started = await startRun(api, presetId, { ...OPTIONS, seed: 202 });
    await waitForRun(api, started.id, (r) => r.status === 'RUNNING' || finished(r));
    const leaving = workers.find((w) => w.child.exitCode === null && w.child.signalCode === null)!;
    const before = leaving.output().length;
    leaving.child.kill('SIGTERM');
    const exit = await leaving.exited;
    // Nest closes the app (BullMQ workers finish their jobs) and then re-raises the signal.
    expect([exit.code === 0, exit.signal === 'SIGTERM']).toContain(true);
    const after = leaving.output().slice(before);
    expect(after).not.toMatch(/"level":(50|60)/);
    expect((await waitForRun(api, started.id, finished, 90_000)).status).toBe('SUCCEEDED');
    expect(await storedRows(ctx.database.url, started.id)).toEqual(expectedRows(202));
    await spawnWorker();
  }, 120_000);

  it('completes a run when Redis restarts empty in the middle of it (the flow is added again from Postgres)', async () => {
    const started = await startRun(api, presetId, { ...OPTIONS, seed: 303 });
    await waitForRun(api, started.id, (r) => r.chunksDone >= 2 || finished(r));
    await redis.kill();
    await new Promise((r) => setTimeout(r, 500));
    await redis.start();
    const done = await waitForRun(api, started.id, finished, 90_000);
    expect(done).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(await storedRows(ctx.database.url, started.id)).toEqual(expectedRows(303));
  }, 120_000);
});

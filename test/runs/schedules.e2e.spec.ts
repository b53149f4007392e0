import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import pg from 'pg';
import { loadPreset } from '../../src/engine/presets/presets.js';
import { QueueName } from '../../src/jobs/job-catalogue.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { eventually } from '../helpers/eventually.js';
import { spawnEntrypoint, type SpawnedEntrypoint } from '../helpers/spawn-entrypoint.js';
import { useTestContext } from '../helpers/test-context.js';
import { count, finished, insertScenario, RUN_FIELDS, startRun, waitForRun, type RunView } from './run-fixtures.js';

const ctx = useTestContext();

interface ScheduleView {
  id: string;
  name: string;
  cron: string | null;
  everyMs: number | null;
  nextRunAt: string | null;
}
const SCHEDULE_FIELDS = 'id name cron everyMs nextRunAt';

describe('schedules (BullMQ job schedulers) and keepPaths', () => {
  let api: RunningApi;
  let worker: SpawnedEntrypoint;
  let scenarioId: string;

  beforeAll(async () => {
    api = await startApi(ctx.config);
    worker = spawnEntrypoint('worker', { ...ctx.env, LOG_LEVEL: 'info' });
    await worker.waitForLine(/worker ready/, 60_000);
    scenarioId = await insertScenario(ctx.database.url, loadPreset('three-labs'), 'three-labs');
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  }, 120_000);

  const createSchedule = (input: Record<string, unknown>) =>
    api.graphql<{ createSchedule: ScheduleView }>(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { ${SCHEDULE_FIELDS} } }`, { i: input });

  it('fires a schedule: each firing is a normal run labelled with the schedule, and delete stops it', async () => {
    const created = await createSchedule({ name: 'every-two-seconds', scenarioId, everyMs: 2_000, paths: 2, seed: 3, periods: 3 });
    expect(created.errors).toBeUndefined();
    const schedule = created.data!.createSchedule;
    expect(schedule).toMatchObject({ name: 'every-two-seconds', everyMs: 2_000, cron: null });

    const fired = await eventually(
      async () => {
        const res = await api.graphql<{ runs: { items: RunView[] } }>(`query($f: RunFilterInput) { runs(filter: $f) { items { ${RUN_FIELDS} } } }`, {
          f: { scheduleId: schedule.id },
        });
        return res.data?.runs.items.find((r) => r.status === 'SUCCEEDED');
      },
      { what: 'a scheduled run succeeded', timeoutMs: 30_000 },
    );
    expect(fired).toMatchObject({ label: 'schedule:every-two-seconds', scheduleId: schedule.id, paths: 2, seed: 3, periods: 3 });
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM run_results WHERE run_id = $1', [fired.id])).toBeGreaterThan(0);

    const listed = await api.graphql<{ schedules: ScheduleView[] }>(`{ schedules { ${SCHEDULE_FIELDS} } }`);
    expect(listed.data!.schedules.map((s) => s.id)).toEqual([schedule.id]);
    const deleted = await api.graphql<{ deleteSchedule: ScheduleView }>('mutation($id: ID!) { deleteSchedule(id: $id) { id } }', { id: schedule.id });
    expect(deleted.data?.deleteSchedule.id).toBe(schedule.id);
    expect((await api.graphql<{ schedules: ScheduleView[] }>('{ schedules { id } }')).data!.schedules).toEqual([]);
    const queue = new Queue(QueueName.RunSchedules, { connection: { url: ctx.config.redisUrl }, prefix: ctx.config.redisPrefix });
    try {
      expect(await queue.getJobScheduler(schedule.id)).toBeUndefined();
    } finally {
      await queue.close();
    }
    // The runs it started stay.
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM runs WHERE schedule_id = $1', [schedule.id])).toBeGreaterThan(0);
  }, 120_000);

  it('takes a cron pattern with a time zone and says when it fires next', async () => {
    const res = await createSchedule({ name: 'mondays', scenarioId, cron: '0 6 * * 1', timezone: 'Europe/Paris', paths: 10, seed: 1 });
    expect(res.errors).toBeUndefined();
    const next = new Date(res.data!.createSchedule.nextRunAt!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    // 06:00 in Paris is 04:00 or 05:00 UTC, on a Monday.
    expect(next.getUTCDay()).toBe(1);
    expect([4, 5]).toContain(next.getUTCHours());
    await api.graphql('mutation($id: ID!) { deleteSchedule(id: $id) { id } }', { id: res.data!.createSchedule.id });
  });

  it('refuses bad schedules with the field named and stores nothing', async () => {
    for (const [input, field] of [
      [{ name: 'bad-cron', scenarioId, cron: 'every tuesday', paths: 1, seed: 1 }, 'cron'],
      [{ name: 'both', scenarioId, cron: '* * * * *', everyMs: 5_000, paths: 1, seed: 1 }, 'cron'],
      [{ name: 'too-often', scenarioId, everyMs: 10, paths: 1, seed: 1 }, 'everyMs'],
      [{ name: 'no-zone', scenarioId, cron: '* * * * *', timezone: 'Mars/Olympus', paths: 1, seed: 1 }, 'timezone'],
      [{ name: 'no-paths', scenarioId, everyMs: 5_000, paths: 0, seed: 1 }, 'paths'],
      [{ name: '', scenarioId, everyMs: 5_000, paths: 1, seed: 1 }, 'name'],
      [{ name: 'ghost', scenarioId: '00000000-0000-4000-8000-000000000000', everyMs: 5_000, paths: 1, seed: 1 }, 'scenarioId'],
    ] as const) {
      const res = await createSchedule(input);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await count(ctx.database.url, 'SELECT count(*) AS n FROM schedules')).toBe(0);
  });

  it('stores every path of a keepPaths run, agreeing with the aggregated rows', async () => {
    const started = await startRun(api, scenarioId, { paths: 3, seed: 9, periods: 2, keepPaths: true, chunkSize: 1 });
    expect((await waitForRun(api, started.id, finished)).status).toBe('SUCCEEDED');
    const db = new pg.Client({ connectionString: ctx.database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ paths: string; lo: number; hi: number; p50: number; n: string; mean: number; value_mean: number }>(
        `SELECT count(DISTINCT v.path) AS paths, min(v.value) AS lo, max(v.value) AS hi, r.p50, count(*) AS n, r.mean, avg(v.value) AS value_mean
         FROM run_path_values v JOIN run_results r USING (run_id, entity_type, entity, metric, period)
         WHERE v.run_id = $1 GROUP BY r.run_id, r.entity_type, r.entity, r.metric, r.period, r.p50, r.mean`,
        [started.id],
      );
      expect(rows.length).toBe(await count(ctx.database.url, 'SELECT count(*) AS n FROM run_results WHERE run_id = $1', [started.id]));
      for (const r of rows) {
        // With 3 paths the median is the middle value and the mean their average.
        expect(Number(r.n)).toBe(3);
        expect(r.lo).toBeLessThanOrEqual(r.p50);
        expect(r.p50).toBeLessThanOrEqual(r.hi);
        expect(r.value_mean).toBeCloseTo(r.mean, Math.abs(r.mean) > 1e6 ? -2 : 6);
      }
    } finally {
      await db.end();
    }
  });
});

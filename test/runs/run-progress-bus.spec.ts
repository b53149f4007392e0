import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../../src/config/app-config.js';
import { RunProgressBus } from '../../src/modules/runs/run-progress.bus.js';
import type { RunProgressEvent } from '../../src/modules/runs/run.types.js';
import { BASE_REDIS_URL } from '../helpers/test-env.js';

const event = (runId: string, status: RunProgressEvent['status'], chunksDone: number): RunProgressEvent => ({
  runId,
  status,
  chunksDone,
  chunksTotal: 3,
  progress: status === 'SUCCEEDED' ? 1 : chunksDone / 3,
  error: null,
});

/** Two buses stand for two processes (a worker publishing, an API instance subscribing) over one Redis. */
function buses() {
  const config = { redisUrl: BASE_REDIS_URL, redisPrefix: `t:bus:${randomUUID()}` } as AppConfig;
  return { worker: new RunProgressBus(config), api: new RunProgressBus(config) };
}

describe(RunProgressBus.name, () => {
  it('yields the stored state first, then published events in order, and ends after a final status', async () => {
    const { worker, api } = buses();
    const runId = randomUUID();
    try {
      const iterator = api.iterate(runId, async () => event(runId, 'RUNNING', 1));
      const first = await iterator.next();
      expect(first).toEqual({ done: false, value: event(runId, 'RUNNING', 1) });
      // Another run's events on the same bus are not this subscriber's.
      await worker.publish(event(randomUUID(), 'RUNNING', 2));
      await worker.publish(event(runId, 'RUNNING', 2));
      await worker.publish(event(runId, 'SUCCEEDED', 3));
      expect(await iterator.next()).toEqual({ done: false, value: event(runId, 'RUNNING', 2) });
      expect(await iterator.next()).toEqual({ done: false, value: event(runId, 'SUCCEEDED', 3) });
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
    } finally {
      await worker.onModuleDestroy();
      await api.onModuleDestroy();
    }
  });

  it('ends at once for a run that is already finished or unknown', async () => {
    const { api } = buses();
    const runId = randomUUID();
    try {
      const finished = api.iterate(runId, async () => event(runId, 'CANCELLED', 1));
      expect((await finished.next()).value).toMatchObject({ status: 'CANCELLED' });
      expect((await finished.next()).done).toBe(true);
      const unknown = api.iterate(randomUUID(), async () => null);
      expect((await unknown.next()).done).toBe(true);
    } finally {
      await api.onModuleDestroy();
    }
  });

  it('stops listening when the client unsubscribes (return)', async () => {
    const { worker, api } = buses();
    const runId = randomUUID();
    try {
      const iterator = api.iterate(runId, async () => event(runId, 'QUEUED', 0));
      await iterator.next();
      const pending = iterator.next();
      await iterator.return!();
      expect(await pending).toEqual({ done: true, value: undefined });
      await worker.publish(event(runId, 'RUNNING', 1));
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
    } finally {
      await worker.onModuleDestroy();
      await api.onModuleDestroy();
    }
  });
});

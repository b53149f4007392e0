import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { eventually } from '../helpers/eventually.js';
import { spawnEntrypoint, type SpawnedEntrypoint } from '../helpers/spawn-entrypoint.js';
import { useTestContext } from '../helpers/test-context.js';

interface PingJob {
  id: string;
  state: string;
  message: string;
  reply: string | null;
  workerPid: number | null;
}

const ctx = useTestContext();

describe('ping queue round trip (API process -> Redis -> separate worker process -> PostgreSQL)', () => {
  let api: RunningApi;
  let worker: SpawnedEntrypoint;

  beforeAll(async () => {
    api = await startApi(ctx.config);
    worker = spawnEntrypoint('worker', { ...ctx.env, LOG_LEVEL: 'info' });
    await worker.waitForLine(/worker ready/);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
  });

  it('answers {__typename} on /graphql', async () => {
    expect(await api.graphql('{ __typename }')).toEqual({ data: { __typename: 'Query' } });
  });

  it('has a job enqueued by the API answered by the worker process, and logged with its job id', async () => {
    const enqueued = await api.graphql<{ pingQueue: PingJob }>(
      'mutation($m: String!) { pingQueue(message: $m) { id state message } }',
      { m: 'hello worker' },
    );
    expect(enqueued.errors).toBeUndefined();
    const { id } = enqueued.data!.pingQueue;
    expect(enqueued.data!.pingQueue).toMatchObject({ state: 'QUEUED', message: 'hello worker' });

    const done = await eventually(
      async () => {
        const res = await api.graphql<{ pingJob: PingJob }>(
          'query($id: ID!) { pingJob(id: $id) { id state message reply workerPid } }',
          { id },
        );
        return res.data?.pingJob?.state === 'COMPLETED' ? res.data.pingJob : undefined;
      },
      { what: `ping job ${id} completed` },
    );
    expect(done).toEqual({ id, state: 'COMPLETED', message: 'hello worker', reply: 'pong: hello worker', workerPid: worker.pid });
    expect(done.workerPid).not.toBe(process.pid);

    const logLine = await worker.waitForLine(/"msg":"ping answered"/);
    expect(JSON.parse(logLine)).toMatchObject({ jobId: id, queue: 'ping', process: 'worker' });
  });

  it('refuses an empty message with the field named', async () => {
    const res = await api.graphql('mutation { pingQueue(message: "") { id } }');
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'message' } });
  });

  it('returns null for an unknown job id', async () => {
    const res = await api.graphql('{ pingJob(id: "no-such-job") { id } }');
    expect(res).toEqual({ data: { pingJob: null } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../helpers/eventually.js';
import { freePort } from '../helpers/free-port.js';
import { getJson } from '../helpers/http-json.js';
import { spawnEntrypoint, type SpawnedEntrypoint } from '../helpers/spawn-entrypoint.js';
import { useTestContext } from '../helpers/test-context.js';
import { ThrowawayRedis } from '../helpers/throwaway-redis.js';

interface Health {
  status: string;
  details: Record<string, { status: string }>;
}

const ctx = useTestContext();

describe('/health while Redis goes away and comes back (API as a separate process)', () => {
  let redis: ThrowawayRedis;
  let api: SpawnedEntrypoint;
  let healthUrl: string;

  const healthWhere = (redisStatus: string) =>
    eventually(
      async () => {
        const res = await getJson<Health>(healthUrl);
        return res.body.details?.redis?.status === redisStatus ? res : undefined;
      },
      { what: `redis ${redisStatus} on /health` },
    );

  beforeAll(async () => {
    redis = new ThrowawayRedis(await freePort());
    await redis.start();
    const port = await freePort();
    healthUrl = `http://127.0.0.1:${port}/health`;
    api = spawnEntrypoint('api', { ...ctx.env, REDIS_URL: redis.url, PORT: String(port), LOG_LEVEL: 'warn' });
    await eventually(async () => ((await getJson(healthUrl)).status === 200 ? true : undefined), {
      what: 'API healthy',
      timeoutMs: 45_000,
    });
  });

  afterAll(async () => {
    await api?.stop();
    await redis?.kill();
  });

  it('reports postgres and redis up, separately', async () => {
    const res = await getJson<Health>(healthUrl);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('turns redis down (503) without the process dying, and up again after a restart on the same port', async () => {
    await redis.kill();
    const down = await healthWhere('down');
    expect(down.status).toBe(503);
    expect(down.body.details.postgres.status).toBe('up');
    // Give reconnect attempts a few cycles to surface any unhandled 'error' that would crash it.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(api.child.exitCode).toBeNull();

    await redis.start();
    const up = await healthWhere('up');
    expect(up.status).toBe(200);
    expect(up.body.status).toBe('ok');
    expect(api.child.exitCode).toBeNull();
  });
});

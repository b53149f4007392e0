import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../helpers/eventually.js';
import { freePort } from '../helpers/free-port.js';
import { getJson } from '../helpers/http-json.js';
import { spawnEntrypoint, type SpawnedEntrypoint } from '../helpers/spawn-entrypoint.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { useTestContext } from '../helpers/test-context.js';

interface Health {
  status: string;
  details: Record<string, { status: string }>;
}

const ctx = useTestContext();

describe('/health while PostgreSQL goes away and comes back (API as a separate process)', () => {
  let proxy: TcpProxy;
  let api: SpawnedEntrypoint;
  let healthUrl: string;

  const healthWhere = (pgStatus: string) =>
    eventually(
      async () => {
        const res = await getJson<Health>(healthUrl);
        return res.body.details?.postgres?.status === pgStatus ? res : undefined;
      },
      { what: `postgres ${pgStatus} on /health` },
    );

  beforeAll(async () => {
    // The shared cluster serves every other test file, so the app reaches it through a proxy that
    // this test can cut, which looks to the app exactly like the server going away.
    const real = new URL(ctx.database.url);
    proxy = new TcpProxy(await freePort(), { host: real.hostname, port: Number(real.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(ctx.database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const port = await freePort();
    healthUrl = `http://127.0.0.1:${port}/health`;
    api = spawnEntrypoint('api', { ...ctx.env, DATABASE_URL: viaProxy.toString(), PORT: String(port), LOG_LEVEL: 'warn' });
    await eventually(async () => ((await getJson(healthUrl)).status === 200 ? true : undefined), {
      what: 'API healthy',
      timeoutMs: 45_000,
    });
  });

  afterAll(async () => {
    await api?.stop();
    await proxy?.close();
  });

  it('turns postgres down (503) without the process dying, and up again once the server is back', async () => {
    expect((await getJson<Health>(healthUrl)).body.details.postgres.status).toBe('up');

    await proxy.close();
    const down = await healthWhere('down');
    expect(down.status).toBe(503);
    expect(down.body.details.redis.status).toBe('up');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(api.child.exitCode).toBeNull();

    await proxy.open();
    const up = await healthWhere('up');
    expect(up.status).toBe(200);
    expect(up.body.status).toBe('ok');
    expect(api.child.exitCode).toBeNull();
  });
});

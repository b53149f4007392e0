import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../helpers/eventually.js';
import { freePort } from '../helpers/free-port.js';
import { spawnEntrypoint, type SpawnedEntrypoint } from '../helpers/spawn-entrypoint.js';
import { useTestContext } from '../helpers/test-context.js';

const ctx = useTestContext();

describe('JSON request logs carry a request id', () => {
  let api: SpawnedEntrypoint;
  let base: string;

  const post = (headers: Record<string, string> = {}) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  /** The parsed log line pino-http wrote for the request with this id. */
  const logLineFor = (id: string) =>
    eventually(
      async () =>
        api
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { msg?: string; req?: { id?: string }; process?: string })
          .find((entry) => entry.msg === 'request completed' && entry.req?.id === id),
      { what: `log line for request ${id}` },
    );

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawnEntrypoint('api', { ...ctx.env, PORT: String(port), LOG_LEVEL: 'info' });
    await api.waitForLine(/API listening/);
  });

  afterAll(() => api?.stop());

  it("honours the caller's x-request-id, echoing it and logging it", async () => {
    const res = await post({ 'x-request-id': 'trace-abc.123' });
    expect(res.headers.get('x-request-id')).toBe('trace-abc.123');
    expect(await logLineFor('trace-abc.123')).toMatchObject({ process: 'api', req: { id: 'trace-abc.123' } });
  });

  it('generates a UUID when the caller sends none, or one that could forge log content', async () => {
    const cases: Record<string, string>[] = [{}, { 'x-request-id': 'x'.repeat(200) }];
    for (const headers of cases) {
      const id = (await post(headers)).headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      await logLineFor(id!);
    }
  });
});

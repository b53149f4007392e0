import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestContext } from '../helpers/test-context.js';
import { startApi, type Caller, type RunningApi } from '../helpers/api-app.js';
import { eventually } from '../helpers/eventually.js';
import { Role } from '../../src/modules/auth/roles.decorator.js';

const LIMIT = 3;
const ctx = useTestContext({ rateLimitMax: LIMIT, rateLimitWindowMs: 8_000 });
// Two API instances over the same database and Redis prefix, as behind a load balancer.
let first: RunningApi;
let second: RunningApi;

beforeAll(async () => {
  first = await startApi(ctx.config);
  second = await startApi(ctx.config);
});
afterAll(async () => {
  await first?.close();
  await second?.close();
});

async function ask(api: RunningApi, as: Caller) {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...first.headers(as) },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const body = (await res.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
  return { status: res.status, code: body.errors?.[0]?.extensions?.code, retryAfter: res.headers.get('retry-after') };
}

describe('rate limits per key, shared by API instances through Redis', () => {
  it('answers 429 RATE_LIMITED past the limit on any instance, per key, then recovers', async () => {
    const viewer = Role.Viewer;
    // Spread over both instances: they count against one budget.
    const statuses = [await ask(first, viewer), await ask(second, viewer), await ask(first, viewer)].map((r) => r.status);
    expect(statuses).toEqual([200, 200, 200]);

    const refused = await ask(second, viewer);
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await ask(first, viewer)).status).toBe(429);

    // Another key has a budget of its own.
    expect((await ask(first, Role.Editor)).status).toBe(200);

    // The window passes and the same key is served again.
    await eventually(async () => ((await ask(first, viewer)).status === 200 ? true : undefined), { timeoutMs: 30_000, intervalMs: 500, what: 'the viewer key served again' });
  }, 60_000);

  it('never limits /health', async () => {
    for (let i = 0; i < LIMIT * 3; i += 1) {
      const res = await fetch(`${first.url}/health`);
      await res.body?.cancel();
      expect(res.status).not.toBe(429);
    }
  });

  it('limits anonymous callers by address', async () => {
    const codes: (number | unknown)[] = [];
    for (let i = 0; i <= LIMIT; i += 1) codes.push((await ask(first, 'anonymous')).status);
    // `{ __typename }` needs no role, so anonymous calls are answered until the address's budget is spent.
    expect(codes).toEqual([...Array(LIMIT).fill(200), 429]);
  });
});

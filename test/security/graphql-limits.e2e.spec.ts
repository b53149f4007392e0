import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestContext } from '../helpers/test-context.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';

// Small limits so the real schema can break each one; every refusal must come before any resolver.
const ctx = useTestContext({ graphqlMaxDepth: 2, graphqlMaxAliases: 5, graphqlMaxCost: 200, graphqlMaxQueryChars: 2_000 });
let api: RunningApi;

beforeAll(async () => {
  api = await startApi(ctx.config);
});
afterAll(async () => {
  await api?.close();
});

async function post(body: unknown) {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...api.headers() },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

const keyCount = async () => ((await api.graphql<{ apiKeys: unknown[] }>('{ apiKeys(includeRevoked: true) { id } }')).data!.apiKeys.length);

describe('GraphQL limits', () => {
  it('answers an ordinary query within the limits', async () => {
    const { status, body } = await post({ query: '{ apiKeys { id name role } }' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('refuses a depth bomb with a clear error, before any resolver runs', async () => {
    const before = await keyCount();
    // createApiKey { key { id } } is 3 deep (limit 2 here); through a fragment it is just as deep.
    for (const query of [
      'mutation { createApiKey(input: { name: "deep", role: VIEWER }) { key { id } } }',
      'mutation { createApiKey(input: { name: "deep", role: VIEWER }) { ...K } } fragment K on CreatedApiKey { key { ... on ApiKey { id } } }',
    ]) {
      const { status, body } = await post({ query });
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({
        message: 'Query is nested 3 levels deep; the limit is 2',
        extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'depth', max: 2, actual: 3 },
      });
    }
    // The mutation never ran: no key was created.
    expect(await keyCount()).toBe(before);
    // Two levels pass.
    expect((await post({ query: 'mutation { createApiKey(input: { name: "flat", role: VIEWER }) { secret } }' })).body.errors).toBeUndefined();
    expect(await keyCount()).toBe(before + 1);
  });

  it('refuses an alias bomb', async () => {
    const query = `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: apiKeys { id }`).join(' ')} }`;
    const { status, body } = await post({ query });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({
      message: 'Query uses 50 aliases; the limit is 5',
      extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'aliases', max: 5, actual: 50 },
    });
  });

  it('refuses an operation whose estimated cost is over the limit', async () => {
    // 5 aliases x (1 + 10 x 5 fields) = 255 > 200, while each alias alone (51) is fine.
    const fields = 'id name role keyPrefix createdAt';
    const query = `{ ${Array.from({ length: 5 }, (_, i) => `a${i}: apiKeys { ${fields} }`).join(' ')} }`;
    const { status, body } = await post({ query });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'cost', max: 200, actual: 255 });
    expect((await post({ query: `{ apiKeys { ${fields} } }` })).body.errors).toBeUndefined();
  });

  it('refuses an oversized query text with 413 before parsing it', async () => {
    const { status, body } = await post({ query: `{ __typename ${'#'.repeat(5_000)}\n }` });
    expect(status).toBe(413);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', limit: 'size', max: 2_000 });
  });

  it('refuses batched operations (a JSON array of operations)', async () => {
    const { status } = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(status).toBe(400);
  });

  it('answers introspection in test (policy: off in production unless GRAPHQL_INTROSPECTION=true)', async () => {
    const { body } = await post({ query: '{ __schema { queryType { name } } }' });
    expect(body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

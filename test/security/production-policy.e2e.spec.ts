import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestContext } from '../helpers/test-context.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';

// What production answers (loadConfig turns introspection off when NODE_ENV=production).
const ctx = useTestContext({ nodeEnv: 'production', graphqlIntrospection: false });
let api: RunningApi;

beforeAll(async () => {
  api = await startApi(ctx.config);
});
afterAll(async () => {
  await api?.close();
});

describe('production GraphQL policy', () => {
  it('refuses introspection, even to an admin', async () => {
    const body = await api.graphql('{ __schema { queryType { name } } }');
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
  });

  it('does not suggest field names that would map the schema', async () => {
    const body = await api.graphql('{ apiKey { id } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toBe('Cannot query field "apiKey" on type "Query".');
  });

  it('sends no stack traces', async () => {
    const body = await api.graphql('mutation { revokeApiKey(id: "nope") { id } }');
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', field: 'id' });
  });
});

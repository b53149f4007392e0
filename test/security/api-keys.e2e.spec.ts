import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createHash } from 'node:crypto';
import { useTestContext } from '../helpers/test-context.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { Role } from '../../src/modules/auth/roles.decorator.js';
import { ApiKeysService, KEY_CACHE_TTL_MS } from '../../src/modules/auth/api-keys.service.js';

const BOOTSTRAP = 'bootstrap-admin-secret-0123456789abcdef';
const ctx = useTestContext({ adminApiKey: BOOTSTRAP });
let api: RunningApi;

beforeAll(async () => {
  api = await startApi(ctx.config);
});
afterAll(async () => {
  await api?.close();
});

const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret key { id name role keyPrefix revokedAt } } }`;
const LIST = `query($all: Boolean!) { apiKeys(includeRevoked: $all) { id name role keyPrefix revokedAt } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const WHO = `{ apiKeys { id } }`;

interface Created {
  createApiKey: { secret: string; key: { id: string; name: string; role: string; keyPrefix: string; revokedAt: string | null } };
}

describe('API keys', () => {
  it('stores ADMIN_API_KEY as an admin key on first start, hashed', async () => {
    const body = await api.graphql(WHO, {}, { key: BOOTSTRAP });
    expect(body.errors).toBeUndefined();
    const db = new pg.Client({ connectionString: ctx.database.url });
    await db.connect();
    try {
      const { rows } = await db.query("SELECT role, key_hash FROM api_keys WHERE name = 'bootstrap admin'");
      expect(rows).toEqual([{ role: 'admin', key_hash: createHash('sha256').update(BOOTSTRAP).digest('hex') }]);
      // No column anywhere holds the secret itself.
      const { rows: leaks } = await db.query('SELECT count(*)::int AS n FROM api_keys WHERE row_to_json(api_keys)::text LIKE $1', [`%${BOOTSTRAP}%`]);
      expect(leaks[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });

  it('creates a key whose secret works once shown, and never lists the secret again', async () => {
    const created = await api.graphql<Created>(CREATE, { input: { name: 'metabase', role: 'VIEWER' } });
    expect(created.errors).toBeUndefined();
    const { secret, key } = created.data!.createApiKey;
    expect(secret).toMatch(/^fms_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'metabase', role: 'VIEWER', keyPrefix: secret.slice(0, 12), revokedAt: null });

    const asNewKey = await api.graphql(`{ pingJob(id: "nope") { id } }`, {}, { key: secret });
    expect(asNewKey.errors).toBeUndefined();
    // A viewer key cannot manage keys.
    expect((await api.graphql(WHO, {}, { key: secret })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const listed = await api.graphql(LIST, { all: true });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect((listed.data as { apiKeys: { id: string }[] }).apiKeys.map((k) => k.id)).toContain(key.id);
  });

  it('refuses a revoked key at once and lists it only when asked', async () => {
    const created = await api.graphql<Created>(CREATE, { input: { name: 'temp', role: 'EDITOR' } });
    const { secret, key } = created.data!.createApiKey;
    // Used once first, so this instance trusts it: revoking here must forget that at once.
    expect((await api.graphql(`{ pingJob(id: "nope") { id } }`, {}, { key: secret })).errors).toBeUndefined();
    const revoked = await api.graphql<{ revokeApiKey: { id: string; revokedAt: string } }>(REVOKE, { id: key.id });
    expect(revoked.data!.revokeApiKey.revokedAt).toEqual(expect.any(String));

    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');

    const active = await api.graphql<{ apiKeys: { id: string }[] }>(LIST, { all: false });
    expect(active.data!.apiKeys.map((k) => k.id)).not.toContain(key.id);
    const all = await api.graphql<{ apiKeys: { id: string; revokedAt: string | null }[] }>(LIST, { all: true });
    expect(all.data!.apiKeys.find((k) => k.id === key.id)?.revokedAt).toBe(revoked.data!.revokeApiKey.revokedAt);

    // Revoking again keeps the first time.
    const again = await api.graphql<{ revokeApiKey: { revokedAt: string } }>(REVOKE, { id: key.id });
    expect(again.data!.revokeApiKey.revokedAt).toBe(revoked.data!.revokeApiKey.revokedAt);
  });

  it('refuses a key revoked elsewhere (another instance, the CLI) once this instance has read it again, within KEY_CACHE_TTL_MS', async () => {
    const created = await api.graphql<Created>(CREATE, { input: { name: 'elsewhere', role: 'VIEWER' } });
    const { secret, key } = created.data!.createApiKey;
    const keys = api.app.get(ApiKeysService);
    const t0 = Date.now();
    expect(await keys.authenticate(secret, new Date(t0))).toMatchObject({ keyId: key.id, role: 'viewer' });
    const db = new pg.Client({ connectionString: ctx.database.url });
    await db.connect();
    try {
      await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [key.id]);
    } finally {
      await db.end();
    }
    // Trusted for at most KEY_CACHE_TTL_MS after the last read (the documented window), then refused.
    expect(await keys.authenticate(secret, new Date(t0 + KEY_CACHE_TTL_MS - 1))).toMatchObject({ keyId: key.id });
    expect(await keys.authenticate(secret, new Date(t0 + KEY_CACHE_TTL_MS))).toBeNull();
  });

  it('names the field of a bad request and answers NOT_FOUND for an unknown key', async () => {
    const bad = await api.graphql(CREATE, { input: { name: '   ', role: 'ADMIN' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const unknown = await api.graphql(REVOKE, { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('refuses an unknown or malformed Authorization header with 401 instead of treating it as anonymous', async () => {
    for (const authorization of ['Bearer fms_not-a-real-key', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect({ authorization, status: res.status, auth: res.headers.get('www-authenticate') }).toEqual({ authorization, status: 401, auth: 'Bearer' });
    }
  });

  it('gives each test role exactly its rights on the ping operations', async () => {
    const asViewer = await api.graphql(`mutation { pingQueue(message: "hi") { id } }`, {}, Role.Viewer);
    expect(asViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asEditor = await api.graphql(`mutation { pingQueue(message: "hi") { id } }`, {}, Role.Editor);
    expect(asEditor.errors).toBeUndefined();
  });
});

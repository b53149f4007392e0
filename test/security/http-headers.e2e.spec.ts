import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestContext } from '../helpers/test-context.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';

const ALLOWED = 'https://bi.example.com';
const ctx = useTestContext({ corsOrigins: [ALLOWED] });
let api: RunningApi;

beforeAll(async () => {
  api = await startApi(ctx.config);
});
afterAll(async () => {
  await api?.close();
});

const preflight = (origin: string) =>
  fetch(`${api.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });

describe('CORS and security headers', () => {
  it('allows a browser on an origin from CORS_ORIGINS to send a key', async () => {
    const res = await preflight(ALLOWED);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('gives any other origin no CORS permission', async () => {
    for (const origin of ['https://evil.example.com', 'https://bi.example.com.evil.net', 'null']) {
      const res = await preflight(origin);
      expect({ origin, allow: res.headers.get('access-control-allow-origin') }).toEqual({ origin, allow: null });
    }
  });

  it('sends helmet headers and hides the framework', async () => {
    const res = await fetch(`${api.url}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('tells every cache not to store a GraphQL answer, refused or not', async () => {
    for (const headers of [api.headers(), {}]) {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ run(id: "00000000-0000-4000-8000-000000000000") { id } }' }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] };
      expect({ anonymous: !('authorization' in headers), code: body.errors?.[0]?.extensions.code, cacheControl: res.headers.get('cache-control') }).toEqual({
        anonymous: !('authorization' in headers),
        code: 'authorization' in headers ? undefined : 'UNAUTHENTICATED',
        cacheControl: 'no-store',
      });
    }
  });
});

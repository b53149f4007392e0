import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './load-config.js';

const BASE = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/frontier', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('security settings from the environment', () => {
  it('defaults: no admin key, no CORS, 600 per minute, introspection on outside production', () => {
    const r = loadConfig(BASE);
    expect(r.ok && r.config).toMatchObject({ adminApiKey: undefined, corsOrigins: [], rateLimitMax: 600, rateLimitWindowMs: 60_000, graphqlIntrospection: true, workerMetricsPort: undefined });
    const prod = loadConfig({ ...BASE, NODE_ENV: 'production' });
    expect(prod.ok && prod.config.graphqlIntrospection).toBe(false);
    const prodOn = loadConfig({ ...BASE, NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' });
    expect(prodOn.ok && prodOn.config.graphqlIntrospection).toBe(true);
  });

  it('parses origins and numbers', () => {
    const r = loadConfig({ ...BASE, CORS_ORIGINS: 'https://bi.example.com, http://localhost:3001', RATE_LIMIT_MAX: '0', WORKER_METRICS_PORT: '9464' });
    expect(r.ok && r.config).toMatchObject({ corsOrigins: ['https://bi.example.com', 'http://localhost:3001'], rateLimitMax: 0, workerMetricsPort: 9464 });
  });

  it('names each bad variable on its own line', () => {
    const r = loadConfig({ ...BASE, ADMIN_API_KEY: 'short', CORS_ORIGINS: 'https://bi.example.com/path', GRAPHQL_MAX_DEPTH: 'ten' });
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['ADMIN_API_KEY', 'CORS_ORIGINS', 'GRAPHQL_MAX_DEPTH']);
  });
});

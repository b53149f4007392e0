import { describe, expect, it } from '@jest/globals';
import { spawnEntrypoint } from '../helpers/spawn-entrypoint.js';

/** The environment a deployment might have, minus whatever a case removes or breaks. */
function envWith(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TZ: 'UTC',
    DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/frontier',
    REDIS_URL: 'redis://127.0.0.1:6379',
    PORT: '0',
    ...overrides,
  };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

describe('a bad environment stops the process at boot with one clear line', () => {
  it.each([
    ['api', 'missing', undefined, /^api: configuration error: DATABASE_URL is missing/],
    ['api', 'malformed', 'postgres//oops', /^api: configuration error: DATABASE_URL must be a postgresql or postgres URL/],
    ['worker', 'missing', undefined, /^worker: configuration error: DATABASE_URL is missing/],
    ['worker', 'malformed', 'localhost:5432/frontier', /^worker: configuration error: DATABASE_URL must be a postgresql or postgres URL/],
  ] as const)('%s with DATABASE_URL %s exits 1', async (entry, _case, value, line) => {
    const child = spawnEntrypoint(entry, envWith({ DATABASE_URL: value }));
    const { code } = await child.exited;
    expect(code).toBe(1);
    const lines = child.output().trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(line)]);
  });
});

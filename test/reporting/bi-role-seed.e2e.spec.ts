/**
 * The deploy path for the BI role's password: `npm run seed` with BI_READONLY_PASSWORD gives the
 * read-only role `frontier_bi` its login, and the role then connects and reads `reporting`.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { BI_ROLE } from '../../src/modules/reporting/reporting.repository.js';
import { useTestContext } from '../helpers/test-context.js';

const ctx = useTestContext();
const PASSWORD = 'seeded-bi-password-1';

function seed(env: NodeJS.ProcessEnv) {
  return spawnSync('node_modules/.bin/tsx', ['prisma/seed.ts'], { env, encoding: 'utf8', timeout: 60_000 });
}

describe('the seed command and BI_READONLY_PASSWORD', () => {
  it('enables the BI login from the environment, and the role reads reporting', async () => {
    const run = seed({ ...ctx.env, BI_READONLY_PASSWORD: PASSWORD });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/bi-readonly-role: .*frontier_bi: login enabled/);

    const url = new URL(ctx.database.url);
    url.username = BI_ROLE;
    url.password = PASSWORD;
    const bi = new pg.Client({ connectionString: url.toString() });
    await bi.connect();
    try {
      const { rows } = await bi.query('SELECT count(*)::int AS n FROM reporting.runs');
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await bi.end();
    }
  });

  it('refuses a password that is too short, naming the variable, and stores nothing', () => {
    const run = seed({ ...ctx.env, BI_READONLY_PASSWORD: 'short' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/BI_READONLY_PASSWORD/);
    expect(run.stdout).not.toMatch(/preset-scenarios/);
  });
});

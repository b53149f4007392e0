import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ADMIN_DATABASE_URL, databaseUrl } from './test-env.js';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own for one test file, cloned from the migrated template (milliseconds, not a
 * migration run), or empty with `{ empty: true }` (to test migrations themselves). The name carries
 * the process id and random bytes so parallel jest workers and concurrent jest runs never collide.
 */
export async function createTestDatabase({ empty = false } = {}): Promise<TestDatabase> {
  const unavailable = process.env.FRONTIER_TEST_DB_UNAVAILABLE;
  if (unavailable) throw new Error(unavailable);
  const template = process.env.FRONTIER_TEST_TEMPLATE;
  if (!template) throw new Error('no test template database: is jest running with test/helpers/global-setup.mjs?');
  const name = `frontier_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(empty ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

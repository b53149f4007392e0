import { afterEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, readMigrations } from '../../scripts/lib/migrations.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ empty: true });
  cleanups.push(() => db.drop());
  return db;
}

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-migrations-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const A = 'CREATE TABLE a (id INT PRIMARY KEY);';
const B = 'CREATE TABLE b (id INT PRIMARY KEY); INSERT INTO a VALUES (1);';

describe('migrate (scripts/lib/migrations.ts)', () => {
  it("applies folders in name order, recording each in Prisma's table with the sha256 of its file", async () => {
    const db = await emptyDatabase();
    // Created out of order on purpose: order comes from the timestamped names.
    const dir = await migrationsDir({ '20260102000000_b': B, '20260101000000_a': A });
    const report = await migrate(db.url, await readMigrations(dir));
    expect(report).toEqual({ applied: ['20260101000000_a', '20260102000000_b'], alreadyApplied: [] });
    const rows = await query(db.url, 'SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name');
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(rows).toEqual([
      { migration_name: '20260101000000_a', checksum: sha(A), applied_steps_count: 1, finished: true, rolled_back_at: null },
      { migration_name: '20260102000000_b', checksum: sha(B), applied_steps_count: 1, finished: true, rolled_back_at: null },
    ]);
    expect(await query(db.url, 'SELECT id FROM a')).toEqual([{ id: 1 }]);
  });

  it('applies nothing the second time', async () => {
    const db = await emptyDatabase();
    const migrations = await readMigrations(await migrationsDir({ '20260101000000_a': A }));
    await migrate(db.url, migrations);
    expect(await migrate(db.url, migrations)).toEqual({ applied: [], alreadyApplied: ['20260101000000_a'] });
  });

  it('refuses a migration edited after it was applied, naming it', async () => {
    const db = await emptyDatabase();
    await migrate(db.url, await readMigrations(await migrationsDir({ '20260101000000_a': A })));
    const edited = await readMigrations(await migrationsDir({ '20260101000000_a': `${A} -- edited` }));
    await expect(migrate(db.url, edited)).rejects.toThrow(/20260101000000_a was edited after it was applied/);
  });

  it('rolls a failing migration back entirely and records nothing, so a fixed file applies on rerun', async () => {
    const db = await emptyDatabase();
    const bad = 'CREATE TABLE half (id INT); SELECT no_such_function();';
    await expect(migrate(db.url, await readMigrations(await migrationsDir({ '20260101000000_a': bad })))).rejects.toThrow(
      /20260101000000_a failed and was rolled back/,
    );
    expect(await query(db.url, "SELECT to_regclass('half') AS t")).toEqual([{ t: null }]);
    expect(await query(db.url, 'SELECT * FROM "_prisma_migrations"')).toEqual([]);
    const fixed = await readMigrations(await migrationsDir({ '20260101000000_a': 'CREATE TABLE half (id INT);' }));
    expect((await migrate(db.url, fixed)).applied).toEqual(['20260101000000_a']);
  });

  it('lets concurrent migrators of one database apply each migration exactly once', async () => {
    const db = await emptyDatabase();
    const migrations = await readMigrations(await migrationsDir({ '20260101000000_a': A, '20260102000000_b': B }));
    const reports = await Promise.all([1, 2, 3].map(() => migrate(db.url, migrations)));
    expect(reports.flatMap((r) => r.applied).sort()).toEqual(['20260101000000_a', '20260102000000_b']);
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM "_prisma_migrations"')).toEqual([{ n: 2 }]);
  });
});

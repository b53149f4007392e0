import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/**
 * An offline stand-in for `prisma migrate deploy` (the Prisma CLI needs a schema engine download
 * that is unreachable here). It applies prisma/migrations/<timestamp>_<name>/migration.sql in name
 * order and records them in Prisma's own `_prisma_migrations` table with the same checksum (sha256
 * hex of the file), so the real `prisma migrate deploy` accepts a database migrated by this and
 * vice versa.
 */

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateReport {
  applied: string[];
  alreadyApplied: string[];
}

/** Any fixed 64-bit key; advisory locks are per database, so migrators of one database queue up. */
const ADVISORY_LOCK_KEY = 727_001_2026;

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {}

/** The migration folders under `dir`, in the order they apply. */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory() && /^\d{14}_[a-z0-9_]+$/.test(e.name))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/** One fingerprint of a migration set: tells whether a database migrated earlier is current. */
export function migrationsFingerprint(migrations: MigrationFile[]): string {
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(`${m.name}:${m.checksum}\n`);
  return hash.digest('hex');
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies the pending migrations to the database at `databaseUrl`, each in its own transaction,
 * under an advisory lock so concurrent migrators wait for each other. Refuses to continue when an
 * applied migration's file was edited (checksum mismatch) or a previous run left one unfinished.
 */
export async function migrate(databaseUrl: string, migrations: MigrationFile[]): Promise<MigrateReport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
    await client.query(MIGRATIONS_TABLE);
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r]));
    const report: MigrateReport = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
      const row = applied.get(m.name);
      if (row && row.finished_at === null) {
        throw new MigrationError(
          `migration ${m.name} started but never finished (a failed \`prisma migrate deploy\`?); ` +
            'resolve it with `prisma migrate resolve` before migrating again',
        );
      }
      if (row && row.checksum !== m.checksum) {
        throw new MigrationError(
          `migration ${m.name} was edited after it was applied (checksum ${row.checksum.slice(0, 12)}... ` +
            `!= file ${m.checksum.slice(0, 12)}...); add a new migration instead of editing an applied one`,
        );
      }
      if (row) {
        report.alreadyApplied.push(m.name);
        continue;
      }
      await applyOne(client, m);
      report.applied.push(m.name);
    }
    return report;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

async function applyOne(client: pg.Client, m: MigrationFile): Promise<void> {
  const startedAt = new Date();
  await client.query('BEGIN');
  try {
    await client.query(m.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), m.checksum, m.name, startedAt],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    // The transaction left no trace, so after fixing the file a plain rerun applies it.
    throw new MigrationError(`migration ${m.name} failed and was rolled back: ${(err as Error).message}`);
  }
}

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { migrate, migrationsFingerprint, readMigrations } from '../../scripts/lib/migrations.js';
import { buildSources } from './build-sources.js';
import { ADMIN_DATABASE_URL, databaseUrl, MIGRATIONS_DIR, templateName } from './test-env.js';

/** Serialises template creation across concurrent jest runs on the same server. */
const TEMPLATE_LOCK_KEY = 727_001_2027;

/**
 * Runs once per jest run: makes sure the Prisma client is generated, compiles src/ for spawned
 * processes (see build-sources.ts; one folder per jest run), and makes sure a template database
 * migrated with the current migrations exists. The template is named by the migrations' fingerprint,
 * so it is built once and reused until a migration changes, and runs from different checkouts never
 * fight over it. Engine-only runs do not need PostgreSQL: when it is unreachable this only warns,
 * and the database helpers fail with that message.
 */
export async function globalPrepare(): Promise<void> {
  process.env.TZ = 'UTC';
  const root = new URL('../../', import.meta.url).pathname;
  if (!existsSync(`${root}src/generated/prisma/client.ts`)) {
    execFileSync('npm', ['run', '--silent', 'prisma:generate'], { cwd: root, stdio: 'inherit' });
  }
  const buildDir = `${root}node_modules/.cache/frontier-test-build/${process.pid}`;
  await buildSources(root, buildDir);
  process.env.FRONTIER_TEST_BUILD = buildDir;
  const migrations = await readMigrations(MIGRATIONS_DIR);
  const template = templateName(migrationsFingerprint(migrations));
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (err) {
    process.env.FRONTIER_TEST_DB_UNAVAILABLE = `PostgreSQL unreachable at ${ADMIN_DATABASE_URL}: ${(err as Error).message} (run scripts/services.sh)`;
    process.stderr.write(`\n[test setup] ${process.env.FRONTIER_TEST_DB_UNAVAILABLE}\n`);
    return;
  }
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (rowCount === 0) {
      // Built under a temporary name and renamed when complete, so a crash never leaves a half-migrated template.
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${building}"`);
      await migrate(databaseUrl(building), migrations);
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    }
    process.env.FRONTIER_TEST_TEMPLATE = template;
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]).catch(() => undefined);
    await admin.end();
  }
}

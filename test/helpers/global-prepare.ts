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
    await dropOrphans(admin);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]).catch(() => undefined);
    await admin.end();
  }
}

/**
 * Drops per-file databases left behind by killed test runs: their name carries the pid of the jest
 * worker that made them (test-database.ts), and a dead local pid cannot drop its own. Only when
 * the server is on this machine, where the pid means something.
 */
async function dropOrphans(admin: pg.Client): Promise<void> {
  const host = new URL(ADMIN_DATABASE_URL).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) return;
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname ~ '^frontier_test_[0-9]+_[0-9a-f]+$'",
  );
  for (const { datname } of rows) {
    const pid = Number(datname.split('_')[2]);
    if (isAlive(pid)) continue;
    await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Where the test services are. The same defaults as scripts/services.sh, so `npm test` and a bare
 * `npm run test:jest` agree; set DATABASE_URL / REDIS_URL to point tests elsewhere.
 */
export const BASE_DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/frontier';
export const BASE_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The same server as BASE_DATABASE_URL, database `name`. */
export function databaseUrl(name: string): string {
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The maintenance database, for CREATE/DROP DATABASE. */
export const ADMIN_DATABASE_URL = databaseUrl('postgres');

/** Migrated once per migration set by the jest globalSetup; every test database is cloned from it. */
export function templateName(fingerprint: string): string {
  return `frontier_test_tpl_${fingerprint.slice(0, 12)}`;
}

export const MIGRATIONS_DIR = new URL('../../prisma/migrations/', import.meta.url).pathname;

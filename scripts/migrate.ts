// Applies prisma/migrations to DATABASE_URL (see scripts/lib/migrations.ts). Usage: npm run migrate
import { existsSync } from 'node:fs';
import { loadEnvFile } from 'node:process';
import { migrate, MigrationError, readMigrations } from './lib/migrations.js';

if (existsSync('.env')) loadEnvFile('.env');
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('migrate: DATABASE_URL is missing (e.g. postgresql://postgres@127.0.0.1:5432/frontier)\n');
  process.exit(1);
}
try {
  const report = await migrate(url, await readMigrations('prisma/migrations'));
  for (const name of report.applied) process.stdout.write(`migrate: applied ${name}\n`);
  process.stdout.write(
    `migrate: ${report.applied.length} applied, ${report.alreadyApplied.length} already up to date\n`,
  );
} catch (err) {
  const message = err instanceof MigrationError ? err.message : `${(err as Error).message}`;
  process.stderr.write(`migrate: ${message}\n`);
  process.exit(1);
}

// Manage API keys from the command line (same rules as the GraphQL mutations). Usage: npm run keys -- help
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { loadEnvFile } from 'node:process';
import type { AppConfig } from '../src/config/app-config.js';
import { PrismaService } from '../src/modules/database/prisma.service.js';
import { ApiKeysRepository } from '../src/modules/auth/api-keys.repository.js';
import { ApiKeysService } from '../src/modules/auth/api-keys.service.js';
import { runKeysCli } from '../src/modules/auth/keys-cli.js';

if (existsSync('.env')) loadEnvFile('.env');
let prisma: PrismaService | undefined;
const service = () => {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    process.stderr.write('keys: DATABASE_URL is missing (e.g. postgresql://postgres@127.0.0.1:5432/frontier)\n');
    process.exit(1);
  }
  // PrismaService reads only the database URL from the config.
  prisma = new PrismaService({ databaseUrl } as AppConfig);
  return new ApiKeysService(new ApiKeysRepository(prisma));
};
const code = await runKeysCli(process.argv.slice(2), service, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
await prisma?.$disconnect();
process.exit(code);

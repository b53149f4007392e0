import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadEnvFile } from 'node:process';
import { envSchema } from './env.schema.js';
import { AppConfig } from './app-config.js';
import { securitySettingsFromEnv } from './security-config.js';

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; problems: string[] };

/** Validates an environment; each problem is one line naming its variable. */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // One line per variable: its first problem is the one to fix.
    const byVariable = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      if (!byVariable.has(name)) byVariable.set(name, `${name} ${issue.message}`);
    }
    return { ok: false, problems: [...byVariable.values()] };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: new AppConfig({
      databaseUrl: e.DATABASE_URL,
      redisUrl: e.REDIS_URL,
      redisPrefix: e.REDIS_PREFIX,
      port: e.PORT,
      workerConcurrency: e.WORKER_CONCURRENCY,
      workerThreads: e.WORKER_THREADS ?? defaultWorkerThreads(availableParallelism(), e.WORKER_CONCURRENCY),
      logLevel: e.LOG_LEVEL,
      nodeEnv: e.NODE_ENV,
      ...securitySettingsFromEnv(e, e.NODE_ENV),
    }),
  };
}

/** Threads per job when WORKER_THREADS is unset: the machine's cores shared among the jobs at once. */
export function defaultWorkerThreads(cores: number, workerConcurrency: number): number {
  return Math.max(1, Math.floor(cores / workerConcurrency));
}

/**
 * Entry points call this first: reads ./.env if present (real environment variables win), then
 * validates; on a bad environment prints one line per variable to stderr and exits 1, no stack.
 */
export function loadConfigOrExit(processName: string): AppConfig {
  if (existsSync('.env')) loadEnvFile('.env');
  const result = loadConfig(process.env);
  if (result.ok) return result.config;
  for (const problem of result.problems) {
    process.stderr.write(`${processName}: configuration error: ${problem}\n`);
  }
  process.exit(1);
}

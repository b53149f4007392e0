import { afterAll, beforeAll } from '@jest/globals';
import { AppConfig } from '../../src/config/app-config.js';
import { clearRedisPrefix } from './redis-prefix.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { BASE_REDIS_URL } from './test-env.js';

export interface TestContext {
  /** Config pointing at this file's own database and Redis prefix. */
  readonly config: AppConfig;
  readonly database: TestDatabase;
  /** Environment for a child process (worker, API) with the same database and prefix. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Call once at the top of a test file: before the tests it clones a database of the file's own
 * from the template and picks a Redis prefix of its own; after them it drops both. Read the
 * fields inside tests or hooks (they are set in beforeAll).
 */
export function useTestContext(overrides: Partial<AppConfig> = {}): TestContext {
  let config: AppConfig | undefined;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    config = new AppConfig({
      databaseUrl: database.url,
      redisUrl: BASE_REDIS_URL,
      redisPrefix: `t:${database.name}`,
      port: 0,
      workerConcurrency: 2,
      workerThreads: 1,
      logLevel: (process.env.TEST_LOG_LEVEL as AppConfig['logLevel'] | undefined) ?? 'silent',
      nodeEnv: 'test',
      // Off unless a test asks for it: suites make many requests with one key.
      rateLimitMax: 0,
      ...overrides,
    });
  });

  afterAll(async () => {
    if (config) await clearRedisPrefix(config.redisUrl, config.redisPrefix);
    await database?.drop();
  });

  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useTestContext(): read the context inside a test or hook');
    return value;
  };
  return {
    get config() {
      return need(config);
    },
    get database() {
      return need(database);
    },
    get env() {
      const c = need(config);
      return {
        ...process.env,
        DATABASE_URL: c.databaseUrl,
        REDIS_URL: c.redisUrl,
        REDIS_PREFIX: c.redisPrefix,
        PORT: String(c.port),
        WORKER_CONCURRENCY: String(c.workerConcurrency),
        WORKER_THREADS: String(c.workerThreads),
        LOG_LEVEL: c.logLevel,
        NODE_ENV: c.nodeEnv,
        RATE_LIMIT_MAX: String(c.rateLimitMax),
        RATE_LIMIT_WINDOW_MS: String(c.rateLimitWindowMs),
        SHUTDOWN_GRACE_MS: String(c.shutdownGraceMs),
        ...(c.adminApiKey === undefined ? {} : { ADMIN_API_KEY: c.adminApiKey }),
        TZ: 'UTC',
      };
    },
  };
}

import { describe, expect, it } from '@jest/globals';
import { availableParallelism } from 'node:os';
import { defaultWorkerThreads, loadConfig } from './load-config.js';

const VALID = {
  DATABASE_URL: 'postgresql://app:secret@db.internal:5432/frontier',
  REDIS_URL: 'redis://cache.internal:6380/2',
};

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  const result = loadConfig(env);
  if (result.ok) throw new Error('expected the environment to be refused');
  return result.problems;
};

describe(loadConfig.name, () => {
  it('fills documented defaults for the optional foundation variables', () => {
    const result = loadConfig(VALID);
    expect(result).toMatchObject({
      ok: true,
      config: {
        databaseUrl: VALID.DATABASE_URL,
        redisUrl: VALID.REDIS_URL,
        redisPrefix: 'frontier',
        port: 3000,
        workerConcurrency: 2,
        logLevel: 'info',
        nodeEnv: 'development',
      },
    });
  });

  it('parses every variable it is given', () => {
    const result = loadConfig({ ...VALID, PORT: '8080', WORKER_CONCURRENCY: '8', LOG_LEVEL: 'debug', NODE_ENV: 'production', REDIS_PREFIX: 'fms:prod' });
    expect(result.ok && result.config).toMatchObject({ port: 8080, workerConcurrency: 8, logLevel: 'debug', nodeEnv: 'production', redisPrefix: 'fms:prod' });
  });

  it('gives each job the machine\'s cores shared among its concurrent jobs unless WORKER_THREADS is set', () => {
    expect([defaultWorkerThreads(2, 1), defaultWorkerThreads(2, 2), defaultWorkerThreads(2, 4), defaultWorkerThreads(16, 3)]).toEqual([2, 1, 1, 5]);
    const unset = loadConfig({ ...VALID, WORKER_CONCURRENCY: '1' });
    expect(unset.ok && unset.config.workerThreads).toBe(availableParallelism());
    const set = loadConfig({ ...VALID, WORKER_CONCURRENCY: '1', WORKER_THREADS: '3' });
    expect(set.ok && set.config.workerThreads).toBe(3);
  });

  it.each([
    ['missing', {}, /^DATABASE_URL is missing/],
    ['not a URL', { DATABASE_URL: 'not a url' }, /^DATABASE_URL must be a postgresql or postgres URL/],
    ['the wrong scheme', { DATABASE_URL: 'mysql://root@localhost/db' }, /^DATABASE_URL must be a postgresql or postgres URL/],
    ['empty', { DATABASE_URL: '' }, /^DATABASE_URL is empty/],
  ])('refuses a DATABASE_URL that is %s with one line naming it', (_case, override, message) => {
    const env: NodeJS.ProcessEnv = { REDIS_URL: VALID.REDIS_URL, ...override };
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).not.toContain('\n');
  });

  it.each([
    ['REDIS_URL', 'http://cache:6379', /^REDIS_URL must be a redis or rediss URL/],
    ['PORT', '70000', /^PORT must be at most 65535/],
    ['PORT', 'eighty', /^PORT must be a whole number/],
    ['WORKER_CONCURRENCY', '0', /^WORKER_CONCURRENCY must be at least 1/],
    ['WORKER_THREADS', '0', /^WORKER_THREADS must be at least 1/],
    ['WORKER_THREADS', '257', /^WORKER_THREADS must be at most 256/],
    ['WORKER_THREADS', 'two', /^WORKER_THREADS must be a whole number between 1 and 256/],
    ['LOG_LEVEL', 'verbose', /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    ['NODE_ENV', 'staging', /^NODE_ENV must be one of development, test, production/],
    ['REDIS_PREFIX', 'has space', /^REDIS_PREFIX must be 1-64 characters/],
  ])('refuses a bad %s=%s naming the variable', (name, value, message) => {
    expect(problemsOf({ ...VALID, [name]: value })).toEqual([expect.stringMatching(message)]);
  });

  it('reports every bad variable at once, one line each', () => {
    const problems = problemsOf({ PORT: '-1', LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'REDIS_URL']);
  });
});

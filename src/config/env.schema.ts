import { z } from 'zod';
import { securityEnvShape } from './security-config.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A URL string whose scheme is one of `schemes`, with a host. */
function urlWith(schemes: readonly string[], example: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `is missing (e.g. ${example})` : 'must be a string') })
    .trim()
    .min(1, `is empty (e.g. ${example})`)
    .refine((value) => {
      try {
        const url = new URL(value);
        return schemes.includes(url.protocol.replace(/:$/, '')) && url.hostname.length > 0;
      } catch {
        return false;
      }
    }, `must be a ${schemes.join(' or ')} URL with a host (e.g. ${example})`);
}

/** An integer given as a decimal string, within [min, max]. */
function wholeNumber(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

const intIn = (min: number, max: number, fallback: number) => wholeNumber(min, max).default(fallback);

/**
 * Every variable the API and the worker read. Parsed once at boot (see load-config.ts); nothing
 * else in the codebase reads process.env.
 */
export const envSchema = z.object({
  DATABASE_URL: urlWith(['postgresql', 'postgres'], 'postgresql://postgres@127.0.0.1:5432/frontier'),
  REDIS_URL: urlWith(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
  PORT: intIn(0, 65535, 3000),
  WORKER_CONCURRENCY: intIn(1, 256, 2),
  /** Unset: the machine's cores shared among the concurrent jobs (load-config.ts). */
  WORKER_THREADS: wholeNumber(1, 256).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  NODE_ENV: z
    .enum(['development', 'test', 'production'], { error: 'must be one of development, test, production' })
    .default('development'),
  REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'must be 1-64 characters of letters, digits, _ : . -')
    .default('frontier'),
  ...securityEnvShape,
});

export type Env = z.output<typeof envSchema>;
export type LogLevel = (typeof LOG_LEVELS)[number];

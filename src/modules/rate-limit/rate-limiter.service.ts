import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';

/** The answer for one request. `resetMs`: how long until the current window ends. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetMs: number;
}

/**
 * A fixed window per subject, atomic in Redis: the first hit of a window creates the counter with
 * the window as its expiry, later hits increment it. A counter that somehow lost its expiry gets it
 * back, so no subject can be locked out for good.
 */
const FIXED_WINDOW = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

const log = new Logger('RateLimiter');

/** The client with FIXED_WINDOW defined as a command. */
type FixedWindowRedis = Redis & { fixedWindowHit(key: string, windowMs: string): Promise<[number, number]> };

/**
 * Request limits per API key (or per address for anonymous callers), kept in Redis so every API
 * instance counts against the same budget. If Redis cannot answer, requests are let through and a
 * warning is logged: an outage of the limiter must not become an outage of the API.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly redis: Redis;
  private lastWarning = 0;

  constructor(private readonly config: AppConfig) {
    this.redis = new Redis(config.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: 1_000,
      lazyConnect: true,
    });
    this.redis.on('error', () => undefined); // reported per request below, not as an unhandled event
    // EVALSHA with the script's digest (EVAL once, should Redis not know it): the script is not
    // sent, nor hashed by Redis, on every request.
    this.redis.defineCommand('fixedWindowHit', { numberOfKeys: 1, lua: FIXED_WINDOW });
  }

  /** Counts one request of `subject` (e.g. `key:<id>`, `ip:<addr>`) against its window. */
  async hit(subject: string): Promise<RateLimitDecision> {
    const limit = this.config.rateLimitMax;
    const windowMs = this.config.rateLimitWindowMs;
    if (limit === 0) return { allowed: true, limit, remaining: Number.POSITIVE_INFINITY, resetMs: 0 };
    try {
      if (this.redis.status === 'wait') await this.redis.connect();
      const key = `${this.config.redisPrefix}:ratelimit:${subject}`;
      const [count, ttl] = await (this.redis as FixedWindowRedis).fixedWindowHit(key, String(windowMs));
      return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetMs: ttl };
    } catch (err) {
      const now = performance.now();
      if (now - this.lastWarning > 10_000) {
        this.lastWarning = now;
        log.warn(`rate limiter unavailable, letting requests through: ${(err as Error).message}`);
      }
      return { allowed: true, limit, remaining: limit, resetMs: windowMs };
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}

import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';

const log = new Logger('RedisProbe');

/**
 * A dedicated Redis connection for /health, so the probe never waits behind queue traffic.
 * It keeps reconnecting while Redis is away, and fails commands at once instead of queueing them.
 */
@Injectable()
export class RedisProbe implements OnModuleDestroy {
  private readonly client: Redis;

  constructor(config: AppConfig) {
    this.client = new Redis(config.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      connectionName: 'frontier-health',
    });
    this.client.on('error', (err: Error) => log.debug(`redis probe: ${err.message}`));
    // A failed first connect is retried by retryStrategy; the error is already logged above.
    this.client.connect().catch(() => undefined);
  }

  /** PING round trip; throws when Redis is unreachable. */
  async ping(): Promise<void> {
    await this.client.ping();
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }
}

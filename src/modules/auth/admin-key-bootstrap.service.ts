import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { ApiKeysService } from './api-keys.service.js';

const RETRY_MS = 5_000;
const log = new Logger('AdminKeyBootstrap');

/**
 * On start, stores ADMIN_API_KEY as an admin key unless it is stored already, so a fresh
 * deployment has a way in. A database that is down at boot does not stop the API (its health check
 * reports it): the bootstrap retries in the background until it succeeds.
 */
@Injectable()
export class AdminKeyBootstrap implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly keys: ApiKeysService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.attempt();
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
  }

  private async attempt(): Promise<void> {
    const secret = this.config.adminApiKey;
    if (secret === undefined) return;
    try {
      const outcome = await this.keys.bootstrapAdmin(secret, new Date());
      if (outcome === 'created') log.log('stored the admin API key from ADMIN_API_KEY');
    } catch (err) {
      log.warn(`could not store ADMIN_API_KEY yet (${(err as Error).message}); retrying in ${RETRY_MS / 1000} s`);
      this.timer = setTimeout(() => void this.attempt(), RETRY_MS);
      this.timer.unref();
    }
  }
}

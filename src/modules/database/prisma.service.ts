import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client.js';
import { AppConfig } from '../../config/app-config.js';

const log = new Logger('PrismaService');

/**
 * The one Prisma client of a process, over a pg pool (driver adapter, no engine binary).
 * Inject it ONLY into *.repository.ts files: services depend on repositories, so the SQL stays in
 * one place and services test against fakes.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(config: AppConfig) {
    // The pool connects lazily, so the API starts (and /health reports the database down) while
    // PostgreSQL is unreachable; an idle connection dropped by the server must not crash us.
    const adapter = new PrismaPg(
      { connectionString: config.databaseUrl, max: 10, connectionTimeoutMillis: 5_000 },
      {
        onPoolError: (err) => log.warn(`idle database connection lost: ${err.message}`),
        onConnectionError: (err) => log.warn(`database connection error: ${err.message}`),
      },
    );
    super({ adapter });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

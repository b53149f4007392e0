import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { AppConfig } from '../config/app-config.js';
import { QueueName } from './job-catalogue.js';
import { JobQueue } from './job-queue.service.js';

/**
 * Queues on Redis, shared by the API (producer) and the worker (consumer). Every key lives under
 * the configured prefix, which is how tests (and deployments sharing one Redis) stay apart.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        prefix: config.redisPrefix,
        // BullMQ workers block on Redis and must never give up a command: maxRetriesPerRequest null.
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
        defaultJobOptions: {
          attempts: 3,
          backoff: { type: 'exponential', delay: 1_000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [JobQueue],
  exports: [JobQueue, BullModule],
})
export class QueueModule {}

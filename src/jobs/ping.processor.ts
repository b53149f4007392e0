import { type OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { PingService } from '../modules/ping/ping.service.js';
import { JobName, QueueName, type PingOutcome, type PingPayload } from './job-catalogue.js';

/** Thin: unpacks the job and calls PingService inside a log context carrying the job id. */
@Processor(QueueName.Ping)
export class PingProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly ping: PingService,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.workerConcurrency;
  }

  async process(job: Job<PingPayload>): Promise<PingOutcome> {
    if (job.name !== JobName.Ping) throw new Error(`unknown job ${job.name} on queue ${QueueName.Ping}`);
    const bindings = { jobId: job.id, queue: job.queueName, job: job.name, attempt: job.attemptsMade + 1 };
    return this.logger.runInContext(async () => {
      const outcome = await this.ping.answer(job.id!, job.data, new Date());
      this.logger.info('ping answered');
      return outcome;
    }, { bindings });
  }
}

import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { SweepSummary } from '../modules/sweeps/sweep-summary.service.js';
import { JobName, QueueName, type SweepSummaryOutcome, type SweepSummaryPayload } from './job-catalogue.js';
import { RecoveryTimer } from './recovery-timer.js';

/** Thin: once every variant of a sweep is done (BullMQ starts the parent then), writes its summary. */
@Processor(QueueName.SweepSummaries)
export class SweepSummaryProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly summary: SweepSummary,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.workerConcurrency;
  }

  async process(job: Job<SweepSummaryPayload>): Promise<SweepSummaryOutcome> {
    if (job.name !== JobName.SweepSummary) throw new Error(`unknown job ${job.name} on queue ${QueueName.SweepSummaries}`);
    const { sweepId } = job.data;
    return this.logger.runInContext(async () => {
      const result = await this.summary.summarize(sweepId, new Date());
      // 'pending': a variant was re-added on its own after a Redis loss; the recovery pass finishes it.
      this.logger.info({ result }, 'sweep summary');
      return { result: result === 'written' ? 'written' : 'skipped' };
    }, { bindings: { jobId: job.id, sweepId, attempt: job.attemptsMade + 1 } });
  }
}

/**
 * Worker only: summarizes sweeps whose variants are all finished but whose summary job never
 * came (lost with a Redis that restarted empty, or failed for good). Idempotent.
 */
@Injectable()
export class SweepRecoveryTimer extends RecoveryTimer {
  constructor(
    private readonly summary: SweepSummary,
    logger: PinoLogger,
  ) {
    super(logger, 'sweep recovery');
  }

  protected async pass(now: Date): Promise<void> {
    await this.summary.recover(now);
  }
}

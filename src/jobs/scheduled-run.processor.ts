import { type OnApplicationBootstrap } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { SchedulesService } from '../modules/schedules/schedules.service.js';
import { JobName, QueueName, type ScheduledRunOutcome, type ScheduledRunPayload } from './job-catalogue.js';

/** Thin: a job scheduler fired; start the schedule's run (idempotent by the firing's job id). */
@Processor(QueueName.RunSchedules)
export class ScheduledRunProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly schedules: SchedulesService,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.workerConcurrency;
  }

  async process(job: Job<ScheduledRunPayload>): Promise<ScheduledRunOutcome> {
    if (job.name !== JobName.ScheduledRun) throw new Error(`unknown job ${job.name} on queue ${QueueName.RunSchedules}`);
    const bindings = { jobId: job.id, scheduleId: job.data.scheduleId, attempt: job.attemptsMade + 1 };
    return this.logger.runInContext(async () => {
      const run = await this.schedules.fire(job.data.scheduleId, job.id!, new Date());
      this.logger.info({ runId: run?.id ?? null }, run ? 'schedule fired a run' : 'schedule no longer exists');
      return { runId: run?.id ?? null };
    }, { bindings });
  }
}

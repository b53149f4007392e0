import { type OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { RunExecution } from '../modules/runs/run-execution.service.js';
import { failRunAfterLastAttempt, failRunIfInvalid } from './run-job-failures.js';
import { JobName, QueueName, type RunMergeOutcome, type RunMergePayload } from './job-catalogue.js';
import { RUN_WORKER_OPTIONS } from './run-chunk.processor.js';

/** Thin: unpacks a run's parent job and calls RunExecution.merge once all its chunks are done (a one-chunk run has none). */
@Processor(QueueName.RunMerges, RUN_WORKER_OPTIONS)
export class RunMergeProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly execution: RunExecution,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.workerConcurrency;
  }

  async process(job: Job<RunMergePayload>): Promise<RunMergeOutcome> {
    if (job.name !== JobName.RunMerge) throw new Error(`unknown job ${job.name} on queue ${QueueName.RunMerges}`);
    const { runId, generation, chunksTotal } = job.data;
    const bindings = { jobId: job.id, runId, attempt: job.attemptsMade + 1 };
    return this.logger.runInContext(
      () =>
        failRunIfInvalid(this.execution, runId, generation, async (): Promise<RunMergeOutcome> => {
          const done = await this.execution.merge(runId, generation, chunksTotal, () => new Date());
          if (done === null) {
            this.logger.info({ rows: null }, 'run merge skipped');
            return { result: 'skipped', rows: 0 };
          }
          // threads: those a one-chunk run simulated on (0: the merge read stored chunks).
          this.logger.info(done, 'run succeeded');
          return { result: 'succeeded', rows: done.rows };
        }),
      { bindings },
    );
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<RunMergePayload> | undefined, err: Error): Promise<void> {
    const reason = `merging the chunks failed after ${job?.attemptsMade} attempt(s): ${err.message}`;
    await failRunAfterLastAttempt(this.execution, this.logger, job, reason);
  }
}

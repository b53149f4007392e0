import { type OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { RunExecution } from '../modules/runs/run-execution.service.js';
import { failRunAfterLastAttempt, failRunIfInvalid } from './run-job-failures.js';
import { JobName, QueueName, type RunChunkOutcome, type RunChunkPayload } from './job-catalogue.js';

/**
 * Worker options for run jobs. A short lock makes a crashed worker's job (SIGKILL, lost machine)
 * visible to the stalled checker of another worker within seconds instead of BullMQ's default 30;
 * the lock is renewed between blocks of paths, so a live worker keeps it.
 */
export const RUN_WORKER_OPTIONS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 2 } as const;

/** Thin: unpacks a chunk job and calls RunExecution.runChunk in a log context with the run id. */
@Processor(QueueName.RunChunks, RUN_WORKER_OPTIONS)
export class RunChunkProcessor extends WorkerHost implements OnApplicationBootstrap {
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

  async process(job: Job<RunChunkPayload>): Promise<RunChunkOutcome> {
    if (job.name !== JobName.RunChunk) throw new Error(`unknown job ${job.name} on queue ${QueueName.RunChunks}`);
    const { runId, generation, chunkIndex, firstPath, endPath } = job.data;
    const bindings = { jobId: job.id, runId, chunk: chunkIndex, attempt: job.attemptsMade + 1 };
    return this.logger.runInContext(
      () =>
        failRunIfInvalid(this.execution, runId, generation, async () => {
          const { result, threads } = await this.execution.runChunk(runId, generation, chunkIndex, firstPath, endPath, () => new Date());
          this.logger.info({ result, paths: endPath - firstPath, threads }, 'run chunk done');
          return { result };
        }),
      { bindings },
    );
  }

  /** After the last attempt (finishedOn is set only then), the run fails with the reason. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<RunChunkPayload> | undefined, err: Error): Promise<void> {
    const reason = `chunk ${job?.data.chunkIndex} failed after ${job?.attemptsMade} attempt(s): ${err.message}`;
    await failRunAfterLastAttempt(this.execution, this.logger, job, reason);
  }
}

import { type OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { RunExecution } from '../modules/runs/run-execution.service.js';
import { InvalidScenarioError } from '../modules/runs/run.types.js';
import { JobName, QueueName, type RunMergeOutcome, type RunMergePayload } from './job-catalogue.js';
import { RUN_WORKER_OPTIONS } from './run-chunk.processor.js';

/** Thin: unpacks a run's parent job and calls RunExecution.merge once all its chunks are done. */
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
    return this.logger.runInContext(async () => {
      try {
        const rows = await this.execution.merge(runId, generation, chunksTotal, () => new Date());
        this.logger.info({ rows }, rows === null ? 'run merge skipped' : 'run succeeded');
        return rows === null ? { result: 'skipped', rows: 0 } : { result: 'succeeded', rows };
      } catch (err) {
        if (err instanceof InvalidScenarioError) {
          await this.execution.fail(runId, generation, err.message, new Date());
          throw new UnrecoverableError(err.message);
        }
        throw err;
      }
    }, { bindings });
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<RunMergePayload> | undefined, err: Error): Promise<void> {
    if (!job?.finishedOn) return;
    const { runId, generation } = job.data;
    await this.execution
      .fail(runId, generation, `merging the chunks failed after ${job.attemptsMade} attempt(s): ${err.message}`, new Date())
      .catch((e: Error) => this.logger.warn({ runId }, `could not mark run failed: ${e.message}`));
  }
}

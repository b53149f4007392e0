import { UnrecoverableError } from 'bullmq';
import type { PinoLogger } from 'nestjs-pino';
import type { RunExecution } from '../modules/runs/run-execution.service.js';
import { InvalidScenarioError } from '../modules/runs/run.types.js';

/**
 * How the run jobs (chunks and merge) turn failures into run status, in one place: a document that
 * does not validate will not validate on a retry either, so the run fails at once and BullMQ is
 * told not to retry; any other fault is thrown for BullMQ's retries with backoff.
 */
export async function failRunIfInvalid<T>(execution: RunExecution, runId: string, generation: number, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof InvalidScenarioError) {
      await execution.fail(runId, generation, err.message, new Date());
      throw new UnrecoverableError(err.message);
    }
    throw err;
  }
}

/** After a job's last attempt (BullMQ sets finishedOn only then), the run fails with the reason. */
export async function failRunAfterLastAttempt(
  execution: RunExecution,
  logger: PinoLogger,
  job: { finishedOn?: number; data: { runId: string; generation: number } } | undefined,
  reason: string,
): Promise<void> {
  if (!job?.finishedOn) return;
  const { runId, generation } = job.data;
  await execution.fail(runId, generation, reason, new Date()).catch((e: Error) => logger.warn({ runId }, `could not mark run failed: ${e.message}`));
}

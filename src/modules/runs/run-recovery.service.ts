import { Injectable, Logger } from '@nestjs/common';
import { RunFlows } from '../../jobs/run-flows.js';
import { RunExecution } from './run-execution.service.js';
import { RunsRepository } from './runs.repository.js';

const log = new Logger('RunRecovery');

/** Runs younger than this are left alone: their creator may still be adding the flow. */
export const RECOVERY_GRACE_MS = 5_000;

/**
 * Postgres is the record of runs, Redis only of their jobs. When the two disagree (a Redis that
 * restarted empty, a merge job failed by the stalled checker), this brings them back together:
 * an active run whose flow is gone gets it again (same job ids; chunks already stored are not
 * simulated again), and an active run whose merge job failed for good is marked FAILED.
 */
@Injectable()
export class RunRecovery {
  constructor(
    private readonly repository: RunsRepository,
    private readonly flows: RunFlows,
    private readonly execution: RunExecution,
  ) {}

  /** One pass over the active runs; returns how many it re-queued or failed. */
  async sweep(now: Date): Promise<{ requeued: number; failed: number }> {
    const runs = await this.repository.activeQueuedBefore(new Date(now.getTime() - RECOVERY_GRACE_MS), 100);
    let requeued = 0;
    let failed = 0;
    for (const run of runs) {
      const merge = await this.flows.mergeState(run.id, run.generation);
      if (merge === undefined) {
        const current = await this.repository.state(run.id);
        if (current?.generation !== run.generation || (current.status !== 'QUEUED' && current.status !== 'RUNNING')) continue;
        log.warn(`run ${run.id}: its jobs are gone from the queue; adding its flow again`);
        await this.flows.add({ runId: run.id, generation: run.generation, paths: run.paths, chunkSize: run.chunkSize, chunksTotal: run.chunksTotal, priority: run.priority });
        requeued++;
      } else if (merge.state === 'failed') {
        await this.execution.fail(run.id, run.generation, merge.failedReason ?? 'the run\'s jobs failed', now);
        failed++;
      }
    }
    return { requeued, failed };
  }
}

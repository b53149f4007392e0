import { Injectable, Logger } from '@nestjs/common';
import { InjectFlowProducer } from '@nestjs/bullmq';
import type { FlowJob, FlowProducer, JobsOptions } from 'bullmq';
import { JobName, QueueName, type RunChunkPayload, type RunMergePayload, type SweepSummaryPayload } from './job-catalogue.js';
import { JobQueue } from './job-queue.service.js';
import { bullPriority, chunkJobId, mergeJobId, RUN_JOB_ATTEMPTS, type RunFlowSpec } from './run-flows.js';

const log = new Logger('SweepFlows');

/** Token of the flow producer that adds sweeps (registered by SweepsModule). */
export const SWEEP_FLOW_PRODUCER = 'sweeps';

/** The same retry policy as a run's own jobs (run-flows.ts). */
const RETRY: JobsOptions = { attempts: RUN_JOB_ATTEMPTS, backoff: { type: 'exponential', delay: 1_000 } };

export function summaryJobId(sweepId: string): string {
  return `sweep-${sweepId}-summary`;
}

/**
 * A run's subtree, exactly as RunFlows builds a standalone run (same queues, payloads and job
 * ids), so the run processors and run recovery treat a variant as any other run. The merge job
 * does not fail the sweep when it fails: the summary still runs and reports the failed variants.
 */
export function runSubtree(spec: RunFlowSpec): FlowJob {
  const { runId, generation } = spec;
  const priority = bullPriority(spec.priority);
  const merge: RunMergePayload = { runId, generation, chunksTotal: spec.chunksTotal };
  const children: FlowJob[] = Array.from({ length: spec.chunksTotal }, (_, chunkIndex) => {
    const data: RunChunkPayload = {
      runId,
      generation,
      chunkIndex,
      firstPath: chunkIndex * spec.chunkSize,
      endPath: Math.min(spec.paths, (chunkIndex + 1) * spec.chunkSize),
    };
    return {
      name: JobName.RunChunk,
      queueName: QueueName.RunChunks,
      data,
      opts: { ...RETRY, jobId: chunkJobId(runId, generation, chunkIndex), priority, failParentOnFailure: true },
    };
  });
  return {
    name: JobName.RunMerge,
    queueName: QueueName.RunMerges,
    data: merge,
    opts: { ...RETRY, jobId: mergeJobId(runId, generation), priority, ignoreDependencyOnFailure: true },
    children,
  };
}

/** Adds and cancels sweeps as one BullMQ flow: a summary parent over every variant's run flow. */
@Injectable()
export class SweepFlows {
  constructor(
    @InjectFlowProducer(SWEEP_FLOW_PRODUCER) private readonly flows: FlowProducer,
    private readonly jobs: JobQueue,
  ) {}

  /** The whole sweep in one flow; deterministic ids make adding it twice add nothing. */
  async add(sweepId: string, priority: number, variants: readonly RunFlowSpec[]): Promise<void> {
    const data: SweepSummaryPayload = { sweepId };
    await this.flows.add({
      name: JobName.SweepSummary,
      queueName: QueueName.SweepSummaries,
      data,
      opts: { ...RETRY, jobId: summaryJobId(sweepId), priority: bullPriority(priority) },
      children: variants.map(runSubtree),
    });
  }

  /**
   * Removes what has not started: the whole tree when nothing in it is running, else every
   * waiting job of every variant (running chunks see their run cancelled at the next block).
   * Best effort: jobs left behind find their run and sweep cancelled and do nothing.
   */
  async cancel(sweepId: string, variants: readonly { runId: string; generation: number; chunksTotal: number }[]): Promise<void> {
    const parent = await this.jobs.find(JobName.SweepSummary, summaryJobId(sweepId));
    try {
      if (parent) {
        await parent.remove({ removeChildren: true });
        return;
      }
    } catch (err) {
      log.debug(`flow of sweep ${sweepId} not removed whole (${(err as Error).message}); removing waiting jobs`);
    }
    for (const v of variants) {
      for (let i = 0; i < v.chunksTotal; i++) {
        const job = await this.jobs.find(JobName.RunChunk, chunkJobId(v.runId, v.generation, i));
        await job?.remove().catch(() => undefined);
      }
      const merge = await this.jobs.find(JobName.RunMerge, mergeJobId(v.runId, v.generation));
      await merge?.remove().catch(() => undefined);
    }
    await parent?.remove().catch(() => undefined);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectFlowProducer } from '@nestjs/bullmq';
import type { FlowJob, FlowProducer } from 'bullmq';
import { JobName, QueueName, type SweepSummaryPayload } from './job-catalogue.js';
import { JobQueue } from './job-queue.service.js';
import { bullPriority, chunkJobId, mergeJobId, RUN_RETRY, runSubtree, type RunFlowSpec } from './run-flows.js';

const log = new Logger('SweepFlows');

/** Token of the flow producer that adds sweeps (registered by SweepsModule). */
export const SWEEP_FLOW_PRODUCER = 'sweeps';

export function summaryJobId(sweepId: string): string {
  return `sweep-${sweepId}-summary`;
}

/**
 * A variant's subtree is exactly a standalone run's flow (same queues, payloads and job ids), so
 * the run processors and run recovery treat a variant as any other run. Its merge job does not
 * fail the sweep when it fails: the summary still runs and reports the failed variants.
 */
function variantSubtree(spec: RunFlowSpec): FlowJob {
  const run = runSubtree(spec);
  return { ...run, opts: { ...run.opts, ignoreDependencyOnFailure: true } };
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
      opts: { ...RUN_RETRY, jobId: summaryJobId(sweepId), priority: bullPriority(priority) },
      children: variants.map(variantSubtree),
    });
  }

  /**
   * Removes what has not started: the whole tree when nothing in it is running, else every
   * waiting job of every variant (running chunks see their run cancelled at their next status check).
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

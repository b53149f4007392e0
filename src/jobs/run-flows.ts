import { Injectable, Logger } from '@nestjs/common';
import { InjectFlowProducer } from '@nestjs/bullmq';
import type { FlowJob, FlowProducer, JobsOptions } from 'bullmq';
import { JobName, QueueName, type RunChunkPayload, type RunMergePayload } from './job-catalogue.js';
import { JobQueue } from './job-queue.service.js';

const log = new Logger('RunFlows');

/** Token of the flow producer that adds runs (registered by RunsModule). */
export const RUN_FLOW_PRODUCER = 'runs';

/** Retries for transient faults (database or Redis blips): 5 attempts, 1 s, 2 s, 4 s, 8 s apart. */
const RUN_JOB_ATTEMPTS = 5;
export const RUN_RETRY: JobsOptions = { attempts: RUN_JOB_ATTEMPTS, backoff: { type: 'exponential', delay: 1_000 } };

/** What a run's flow is built from. */
export interface RunFlowSpec {
  runId: string;
  generation: number;
  paths: number;
  chunkSize: number;
  chunksTotal: number;
  /** 0..100, higher first. */
  priority: number;
}

/** Deterministic ids: adding a run's flow twice (a retried request, a recovery) adds nothing. */
export function mergeJobId(runId: string, generation: number): string {
  return `${runId}-g${generation}-merge`;
}

export function chunkJobId(runId: string, generation: number, chunkIndex: number): string {
  return `${runId}-g${generation}-c${chunkIndex}`;
}

/** BullMQ runs priority 1 first; our runs say 100 is most urgent. Every run job gets one. */
export function bullPriority(priority: number): number {
  return 101 - priority;
}

/**
 * A run's flow: a merge parent over chunk i covering paths [i * chunkSize, min(paths, (i+1) *
 * chunkSize)). A one-chunk run is its merge job alone, which simulates the paths itself: no chunk
 * row to store and read back, one job pickup instead of two.
 */
export function runSubtree(spec: RunFlowSpec): FlowJob {
  const { runId, generation } = spec;
  const priority = bullPriority(spec.priority);
  const merge: RunMergePayload = { runId, generation, chunksTotal: spec.chunksTotal };
  const children: FlowJob[] =
    spec.chunksTotal === 1
      ? []
      : Array.from({ length: spec.chunksTotal }, (_, chunkIndex) => {
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
            // A chunk that fails for good fails the merge too: the run cannot complete without it.
            opts: { ...RUN_RETRY, jobId: chunkJobId(runId, generation, chunkIndex), priority, failParentOnFailure: true },
          };
        });
  return {
    name: JobName.RunMerge,
    queueName: QueueName.RunMerges,
    data: merge,
    opts: { ...RUN_RETRY, jobId: mergeJobId(runId, generation), priority },
    ...(children.length > 0 ? { children } : {}),
  };
}

/** Adds and cancels runs as BullMQ flows (runSubtree). */
@Injectable()
export class RunFlows {
  constructor(
    @InjectFlowProducer(RUN_FLOW_PRODUCER) private readonly flows: FlowProducer,
    private readonly jobs: JobQueue,
  ) {}

  /** One flow per run generation; adding it twice adds nothing (deterministic job ids). */
  async add(spec: RunFlowSpec): Promise<void> {
    await this.flows.add(runSubtree(spec));
  }

  /** Run-chunk workers listening now (at least 1; 1 when Redis cannot say): the default chunking. */
  async workers(): Promise<number> {
    const count = await this.jobs.workerCount(JobName.RunChunk).catch(() => 1);
    return Math.max(1, count);
  }

  /**
   * The merge job's state ('waiting-children', 'active', 'failed'...) with its failure reason;
   * undefined when Redis does not know the job (lost with a Redis that restarted empty).
   */
  async mergeState(runId: string, generation: number): Promise<{ state: string; failedReason?: string } | undefined> {
    const job = await this.jobs.find(JobName.RunMerge, mergeJobId(runId, generation));
    if (!job) return undefined;
    return { state: await job.getState(), failedReason: job.failedReason };
  }

  /**
   * Removes what has not started: the whole flow when no chunk is running, else each waiting
   * chunk (running ones see the cancelled status at their next status check and stop). Best effort:
   * jobs left behind find the run cancelled and do nothing.
   */
  async cancel(runId: string, generation: number, chunksTotal: number): Promise<void> {
    const parent = await this.jobs.find(JobName.RunMerge, mergeJobId(runId, generation));
    try {
      if (parent) {
        await parent.remove({ removeChildren: true });
        return;
      }
    } catch (err) {
      log.debug(`flow of run ${runId} not removed whole (${(err as Error).message}); removing waiting chunks`);
    }
    for (let i = 0; i < chunksTotal; i++) {
      const job = await this.jobs.find(JobName.RunChunk, chunkJobId(runId, generation, i));
      if (!job) continue;
      await job.remove().catch(() => undefined);
    }
    await parent?.remove().catch(() => undefined);
  }
}

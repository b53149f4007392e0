import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { aggregationMode } from '../../engine/monte-carlo/chunk.js';
import { LIMITS } from '../../engine/scenario/types.js';
import { ENGINE_VERSION } from '../../engine/version.js';
import { RunFlows } from '../../jobs/run-flows.js';
import { RunProgressBus } from './run-progress.bus.js';
import {
  InvalidRunInputError,
  progressEvent,
  RunNotFoundError,
  RunStateError,
  ScenarioNotFoundError,
  type RunRecord,
} from './run.types.js';
import { RunsRepository, type RunFilter } from './runs.repository.js';

const log = new Logger('RunsService');

/** Bounds of a run's options (SERVICE.md "Safety"; the rest are ours, documented in docs/runs.md). */
export const RUN_LIMITS = {
  maxPaths: LIMITS.maxPaths,
  maxPeriods: LIMITS.maxPeriods,
  /** The seed column is a 32-bit integer. */
  maxSeed: 2_147_483_647,
  /** More chunks than this only adds queue overhead. */
  maxChunks: 1_000,
  /** Upper end of the default chunk size: bounds what a lost worker's job costs again, and gives progress steps. */
  maxDefaultChunkSize: 2_500,
  /**
   * Lower end of a default chunk when a run is split across workers: below it, storing, reading
   * back and merging an exact-mode chunk costs more than the simulation a second worker saves
   * (preset, 1,000 paths on 2 CPUs: 4.35 s as one chunk, 6.07 s as two; bench/README.md).
   */
  minSplitChunkSize: 1_000,
  maxPriority: 100,
  maxLabel: 200,
  maxIdempotencyKey: 200,
  /** keepPaths stores paths x series x periods rows: small runs only. */
  maxKeepPaths: 100,
  maxPageSize: 100,
} as const;

export interface StartRunInput {
  paths: number;
  seed: number;
  periods?: number | null;
  chunkSize?: number | null;
  priority?: number | null;
  label?: string | null;
  idempotencyKey?: string | null;
  keepPaths?: boolean | null;
  /** Set by schedules: the schedule whose firing started the run. */
  scheduleId?: string | null;
}

function wholeIn(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidRunInputError(field, `must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/**
 * Checks every option and fills defaults; throws InvalidRunInputError naming the field. `workers`
 * (the run-chunk workers listening now) sets the default chunking.
 */
export function checkStartRunInput(input: StartRunInput, documentPeriods: number, workers = 1) {
  wholeIn('paths', input.paths, 1, RUN_LIMITS.maxPaths);
  wholeIn('seed', input.seed, 0, RUN_LIMITS.maxSeed);
  if (input.periods != null) wholeIn('periods', input.periods, 1, RUN_LIMITS.maxPeriods);
  const minChunk = Math.ceil(input.paths / RUN_LIMITS.maxChunks);
  if (input.chunkSize != null) wholeIn('chunkSize', input.chunkSize, minChunk, Math.max(minChunk, input.paths));
  if (input.priority != null) wholeIn('priority', input.priority, 0, RUN_LIMITS.maxPriority);
  const label = input.label?.trim() || null;
  if (label !== null && label.length > RUN_LIMITS.maxLabel) throw new InvalidRunInputError('label', `must be at most ${RUN_LIMITS.maxLabel} characters`);
  const key = input.idempotencyKey ?? null;
  if (key !== null && (key.length === 0 || key.length > RUN_LIMITS.maxIdempotencyKey)) {
    throw new InvalidRunInputError('idempotencyKey', `must be 1 to ${RUN_LIMITS.maxIdempotencyKey} characters`);
  }
  const keepPaths = input.keepPaths ?? false;
  if (keepPaths && (input.paths > RUN_LIMITS.maxKeepPaths || aggregationMode({ paths: input.paths, seed: input.seed }) !== 'exact')) {
    throw new InvalidRunInputError('keepPaths', `is allowed for runs of at most ${RUN_LIMITS.maxKeepPaths} paths`);
  }
  // Default: one chunk per listening worker (one worker: a single job, no chunk stored and read
  // back) as long as each gets minSplitChunkSize paths, and chunks of at most maxDefaultChunkSize.
  const split = Math.min(Math.floor(workers), Math.floor(input.paths / RUN_LIMITS.minSplitChunkSize));
  const chunks = Math.max(1, split, Math.ceil(input.paths / RUN_LIMITS.maxDefaultChunkSize));
  const chunkSize = input.chunkSize ?? Math.max(minChunk, Math.ceil(input.paths / Math.min(chunks, input.paths)));
  return {
    paths: input.paths,
    seed: input.seed,
    periods: input.periods ?? documentPeriods,
    chunkSize,
    chunksTotal: Math.ceil(input.paths / chunkSize),
    priority: input.priority ?? 0,
    label,
    idempotencyKey: key,
    keepPaths,
  };
}

/**
 * A key names one request: reusing it for another scenario, paths or seed is a client bug that
 * must not silently return a run of something else.
 */
function sameRun(run: RunRecord, scenarioId: string, input: StartRunInput): RunRecord {
  if (run.scenarioId !== scenarioId || run.paths !== input.paths || run.seed !== input.seed) {
    throw new InvalidRunInputError('idempotencyKey', `was already used for run ${run.id} with another scenario, paths or seed`);
  }
  return run;
}

/** The API side of runs: start, read, cancel, retry. The work happens in RunExecution (workers). */
@Injectable()
export class RunsService {
  constructor(
    private readonly repository: RunsRepository,
    private readonly flows: RunFlows,
    private readonly progress: RunProgressBus,
  ) {}

  /**
   * Creates the run (QUEUED) and adds its flow; returns at once. With an idempotencyKey, every
   * call with that key returns the same run (the unique index decides between concurrent calls).
   */
  async start(scenarioId: string, input: StartRunInput, now: Date): Promise<RunRecord> {
    if (input.idempotencyKey) {
      const existing = await this.repository.findByIdempotencyKey(input.idempotencyKey);
      if (existing) return this.ensureEnqueued(sameRun(existing, scenarioId, input));
    }
    const head = await this.repository.scenarioHead(scenarioId);
    if (!head) throw new ScenarioNotFoundError(`scenario ${scenarioId} does not exist`);
    const docPeriods = (head.document as { periods?: unknown } | null)?.periods;
    const workers = input.chunkSize == null ? await this.flows.workers() : 1;
    const options = checkStartRunInput(input, typeof docPeriods === 'number' && Number.isInteger(docPeriods) ? docPeriods : 1, workers);
    const { run, created } = await this.repository.createOrFind({
      id: randomUUID(),
      scenarioId,
      scenarioVersionId: head.versionId,
      ...options,
      engineVersion: ENGINE_VERSION,
      contentHash: head.contentHash,
      scheduleId: input.scheduleId ?? null,
      queuedAt: now,
    });
    if (!created) return this.ensureEnqueued(sameRun(run, scenarioId, input));
    return this.enqueue(run, now);
  }

  /**
   * A run found by its key that is still QUEUED with nothing done may be one whose creator died
   * before adding the flow: adding it again is harmless (deterministic job ids).
   */
  private async ensureEnqueued(run: RunRecord): Promise<RunRecord> {
    if (run.status === 'QUEUED' && run.chunksDone === 0) return this.enqueue(run, new Date());
    return run;
  }

  /**
   * Adds the run's flow. When Redis refuses, the run is returned FAILED with the reason, so the
   * client still gets its id and can retryRun once the queue is back.
   */
  async enqueue(run: RunRecord, now: Date): Promise<RunRecord> {
    try {
      await this.flows.add({ runId: run.id, generation: run.generation, paths: run.paths, chunkSize: run.chunkSize, chunksTotal: run.chunksTotal, priority: run.priority });
      return run;
    } catch (err) {
      const message = `could not queue the run (${(err as Error).message}); retryRun queues it again`;
      log.warn(`run ${run.id}: ${message}`);
      await this.repository.markFailed(run.id, run.generation, message, now);
      return (await this.repository.find(run.id)) ?? run;
    }
  }

  async get(id: string): Promise<RunRecord | null> {
    return this.repository.find(id);
  }

  async list(filter: RunFilter, first: number, after?: string): Promise<RunRecord[]> {
    wholeIn('first', first, 1, RUN_LIMITS.maxPageSize);
    return this.repository.list(filter, first, after);
  }

  /** QUEUED or RUNNING -> CANCELLED; waiting chunks are removed, running ones stop at a block. */
  async cancel(id: string, now: Date): Promise<RunRecord> {
    const cancelled = await this.repository.markCancelled(id, now);
    if (!cancelled) {
      const run = await this.repository.find(id);
      if (!run) throw new RunNotFoundError(`run ${id} does not exist`);
      throw new RunStateError(`run ${id} is ${run.status}; only QUEUED or RUNNING runs can be cancelled`);
    }
    await this.flows.cancel(id, cancelled.generation, cancelled.chunksTotal).catch((err: Error) => log.warn(`cancel of run ${id}: ${err.message}`));
    await this.progress.publish(progressEvent(cancelled));
    return cancelled;
  }

  /** FAILED or CANCELLED -> QUEUED as a new generation with a fresh flow. */
  async retry(id: string, now: Date): Promise<RunRecord> {
    const run = await this.repository.prepareRetry(id, now);
    if (!run) {
      const existing = await this.repository.find(id);
      if (!existing) throw new RunNotFoundError(`run ${id} does not exist`);
      throw new RunStateError(`run ${id} is ${existing.status}; only FAILED or CANCELLED runs can be retried`);
    }
    const queued = await this.enqueue(run, now);
    await this.progress.publish(progressEvent(queued));
    return queued;
  }

  /** For the runProgress subscription: the stored state first, then live events. */
  progressEvents(id: string) {
    return this.progress.iterate(id, async () => {
      const run = await this.repository.find(id);
      return run ? progressEvent(run) : null;
    });
  }
}

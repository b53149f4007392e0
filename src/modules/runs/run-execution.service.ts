import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { LruMap } from '../../core/lru-map.js';
import { deserializeChunk, serializeChunk, serializedMode } from '../../engine/monte-carlo/chunk-codec.js';
import { appendChunk, appendSketchBytes, growChunk, mergeChunks, runChunk, SKETCH_BATCH_PATHS, SketchAccumulator } from '../../engine/monte-carlo/chunk.js';
import type { ChunkResult, RunOptions } from '../../engine/monte-carlo/types.js';
import { applyOverrides, type Override } from '../../engine/scenario/overrides.js';
import type { ScenarioDoc } from '../../engine/scenario/types.js';
import { validateScenario } from '../../engine/scenario/validate-scenario.js';
import { simulatePath } from '../../engine/simulation/simulate-path.js';
import { parseSeriesKey } from '../../engine/simulation/types.js';
import type { PathValueRow } from '../results/results-writer.repository.js';
import { RunChunksRepository } from './run-chunks.repository.js';
import { RunFinalizer } from './run-finalizer.repository.js';
import { RunProgressBus } from './run-progress.bus.js';
import { PATHS_PER_BLOCK } from './run-thread-protocol.js';
import { RunThreads } from './run-threads.js';
import { computeRunKpis } from './run-kpis.js';
import { ACTIVE_STATUSES, InvalidScenarioError, progressEvent, type RunJobContext } from './run.types.js';
import { RunsRepository } from './runs.repository.js';

/**
 * Longest block worth making: a sketch block grows to a whole sketch batch (fuller batches are
 * kinder to the cache) only while that stays this far inside the job's 10 s lock.
 */
const MAX_BLOCK_MS = 1_000;

/** Least time between two looks at the run's status (the cancel boundary inside a chunk). */
const STATUS_CHECK_MS = 200;

/** Validated documents are immutable per (version, overrides): keep a few per process. */
const DOC_CACHE_SIZE = 16;

/** What a chunk job did, and on how many threads it simulated (0: it did not). */
export interface ChunkJobResult {
  result: 'stored' | 'skipped';
  threads: number;
}

/** A merge job's rows written, and the threads a one-chunk run simulated on (0: it merged stored chunks). */
export interface MergeJobResult {
  rows: number;
  threads: number;
}

/** Simulated paths and the threads they ran on. */
interface Simulated {
  chunk: ChunkResult;
  threads: number;
}

/**
 * The worker side of runs: simulate a chunk of paths and store it; merge the chunks and make
 * the results visible. Every write is keyed by (run, generation, chunk) so that an at-least-once
 * job replaces its own output.
 */
@Injectable()
export class RunExecution {
  private readonly docs = new LruMap<string, ScenarioDoc>(DOC_CACHE_SIZE);

  constructor(
    private readonly repository: RunsRepository,
    private readonly chunkStore: RunChunksRepository,
    private readonly finalizer: RunFinalizer,
    private readonly progress: RunProgressBus,
    private readonly threads: RunThreads,
  ) {}

  private docKey(ctx: RunJobContext): string {
    return `${ctx.scenarioVersionId}|${JSON.stringify(ctx.overrides ?? null)}`;
  }

  /** The run's document with its overrides, validated; throws InvalidScenarioError with every field message. */
  private document(ctx: RunJobContext): ScenarioDoc {
    const key = this.docKey(ctx);
    const cached = this.docs.get(key);
    if (cached) return cached;
    const overrides = Array.isArray(ctx.overrides) ? (ctx.overrides as Override[]) : [];
    const result = overrides.length > 0 ? applyOverrides(ctx.document, overrides) : validateScenario(ctx.document);
    if (!result.ok) {
      const lines = result.errors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`));
      throw new InvalidScenarioError(`the scenario is invalid: ${lines.join('; ')}`);
    }
    this.docs.set(key, result.doc);
    return result.doc;
  }

  private isCurrent(ctx: { status: string; generation: number } | null, generation: number): boolean {
    return ctx !== null && ctx.generation === generation && (ACTIVE_STATUSES as readonly string[]).includes(ctx.status);
  }

  /**
   * Simulates a chunk job's paths [firstPath, endPath) and stores the chunk. A chunk already
   * stored for this generation (a rerun after a crash or a lost queue) is not simulated again.
   */
  async runChunk(runId: string, generation: number, chunkIndex: number, firstPath: number, endPath: number, now: () => Date): Promise<ChunkJobResult> {
    const skipped = { result: 'skipped', threads: 0 } as const;
    const ctx = await this.repository.jobContext(runId);
    if (!ctx || !this.isCurrent(ctx, generation)) return skipped;
    const doc = this.document(ctx);
    if (await this.repository.hasChunk(runId, generation, chunkIndex)) return { result: 'stored', threads: 0 };
    await this.repository.markRunning(runId, generation, now());
    const simulated = await this.simulate(ctx, doc, firstPath, endPath);
    if (!simulated) return skipped;
    const saved = await this.chunkStore.save(runId, generation, { chunkIndex, firstPath, endPath, data: serializeChunk(simulated.chunk) });
    if (!saved) return skipped;
    await this.progress.publish(saved);
    return { result: 'stored', threads: simulated.threads };
  }

  /**
   * Simulates paths [firstPath, endPath) into one chunk. With helper threads (RunThreads), the
   * range is split: the helpers simulate the later parts while this thread does the first, in a
   * chunk grown with room for the whole range, to which the parts are appended in path order (a
   * merged copy, ~100 MB for 1,000 preset paths, cost ~0.5 CPU-s of GC). The run's status is
   * looked at every STATUS_CHECK_MS meanwhile (cancel or retry: the helpers drop their parts:
   * null).
   */
  private async simulate(ctx: RunJobContext, doc: ScenarioDoc, firstPath: number, endPath: number): Promise<Simulated | null> {
    const opts: RunOptions = { paths: ctx.paths, seed: ctx.seed, periods: ctx.periods };
    const range = this.threads.split({ docKey: this.docKey(ctx), doc, opts }, firstPath, endPath);
    try {
      const own = await this.simulateHere(ctx, doc, opts, firstPath, range.ownEnd, endPath);
      const others = own && (await this.whileCurrent(ctx, range.parts));
      if (!own || !others) return null;
      for (const part of others) {
        if (part instanceof Uint8Array) appendSketchBytes(own, part);
        else appendChunk(own, part, endPath);
      }
      return { chunk: own, threads: range.threads };
    } finally {
      range.cancel();
    }
  }

  /**
   * Simulates paths [firstPath, endPath) on this thread into one chunk grown in place (with room
   * up to capacityEndPath), in blocks of PATHS_PER_BLOCK paths (a sketch chunk's blocks: one sketch batch when that takes under
   * MAX_BLOCK_MS), yielding between blocks and looking at the run's status at most every
   * STATUS_CHECK_MS (cancel or retry stop it there: null).
   */
  private async simulateHere(
    ctx: RunJobContext,
    doc: ScenarioDoc,
    opts: RunOptions,
    firstPath: number,
    endPath: number,
    capacityEndPath: number,
  ): Promise<ChunkResult | null> {
    const chunk = runChunk(doc, opts, firstPath, firstPath);
    let checked = performance.now();
    for (let first = firstPath, blockPaths = PATHS_PER_BLOCK; first < endPath; first += blockPaths) {
      if (performance.now() - checked >= STATUS_CHECK_MS) {
        if (!(await this.stillCurrent(ctx))) return null;
        checked = performance.now();
      }
      const started = performance.now();
      const end = Math.min(endPath, first + blockPaths);
      growChunk(chunk, doc, opts, end, simulatePath, capacityEndPath);
      const msPerPath = (performance.now() - started) / (end - first);
      if (chunk.mode === 'sketch') blockPaths = msPerPath * SKETCH_BATCH_PATHS < MAX_BLOCK_MS ? SKETCH_BATCH_PATHS : PATHS_PER_BLOCK;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return chunk;
  }

  /** Waits for `work`, looking at the run's status every STATUS_CHECK_MS: null once it is no longer current. */
  private async whileCurrent<T>(ctx: RunJobContext, work: Promise<T>): Promise<T | null> {
    const finished = work.then((value) => ({ value }));
    for (;;) {
      const outcome = await Promise.race([finished, sleep(STATUS_CHECK_MS, null)]);
      if (outcome) return outcome.value;
      if (!(await this.stillCurrent(ctx))) return null;
    }
  }

  private async stillCurrent(ctx: RunJobContext): Promise<boolean> {
    return this.isCurrent(await this.repository.state(ctx.id), ctx.generation);
  }

  /**
   * Merges the stored chunks in chunk order (so results do not depend on which worker ran
   * what), computes the KPIs and writes everything in one transaction. A one-chunk run has no
   * chunk jobs (RunFlows adds its merge job alone): the merge simulates its paths itself, and
   * nothing is stored in between. Returns the rows written, or null when the run is no longer
   * active in this generation.
   */
  async merge(runId: string, generation: number, chunksTotal: number, now: () => Date): Promise<MergeJobResult | null> {
    const ctx = await this.repository.jobContext(runId);
    if (!ctx || !this.isCurrent(ctx, generation)) return null;
    const doc = this.document(ctx);
    const indexes = await this.repository.chunkIndexes(runId, generation);
    let merged: ChunkResult;
    let threads = 0;
    if (chunksTotal === 1 && indexes.length === 0) {
      await this.repository.markRunning(runId, generation, now());
      const simulated = await this.simulate(ctx, doc, 0, ctx.paths);
      if (!simulated) return null;
      ({ chunk: merged, threads } = simulated);
    } else if (indexes.length !== chunksTotal) {
      // Transient by design: retried with backoff (e.g. a chunk's write raced a lost Redis).
      throw new Error(`run ${runId} has ${indexes.length} of ${chunksTotal} chunks stored`);
    } else {
      merged = await this.mergeStored(runId, indexes);
    }
    const rows = await this.threads.finalize(merged);
    const pathValues = ctx.keepPaths ? pathRows(merged) : [];
    const ok = await this.finalizer.succeed(runId, generation, rows, pathValues, computeRunKpis(rows, doc), now());
    if (!ok) return null;
    await this.progress.publish({ runId, status: 'SUCCEEDED', chunksDone: ctx.chunksTotal, chunksTotal: ctx.chunksTotal, progress: 1, error: null });
    return { rows: rows.length, threads };
  }

  /**
   * Reads the chunks one at a time in chunk order: sketch chunks are folded into one running
   * summary as they come, straight from their bytes (memory flat however many chunks, no cells
   * of their own built); exact chunks are merged once.
   */
  private async mergeStored(runId: string, indexes: readonly number[]): Promise<ChunkResult> {
    const sketch = new SketchAccumulator();
    const exact: ChunkResult[] = [];
    for (const index of indexes) {
      const bytes = await this.chunkStore.data(runId, index);
      if (serializedMode(bytes) === 'sketch') sketch.addBytes(bytes);
      else exact.push(deserializeChunk(bytes));
    }
    return exact.length > 0 ? mergeChunks(exact) : sketch.result();
  }

  /** Marks the run FAILED (if still active in this generation) and tells subscribers. */
  async fail(runId: string, generation: number, message: string, now: Date): Promise<void> {
    if (!(await this.repository.markFailed(runId, generation, message, now))) return;
    const run = await this.repository.find(runId);
    if (run) await this.progress.publish(progressEvent(run));
  }
}

/** Every path's value of every series (exact mode only), for keepPaths runs. */
export function pathRows(merged: ChunkResult): PathValueRow[] {
  if (merged.mode !== 'exact') return [];
  const rows: PathValueRow[] = [];
  const paths = merged.endPath - merged.firstPath;
  for (const key of merged.keys) {
    const { entityType, entity, metric } = parseSeriesKey(key);
    const values = merged.values.get(key)!;
    for (let p = 0; p < paths; p++) {
      for (let t = 0; t < merged.periods; t++) {
        const value = values[p * merged.periods + t]!;
        if (!Number.isNaN(value)) rows.push({ path: merged.firstPath + p, entityType, entity, metric, period: t, value });
      }
    }
  }
  return rows;
}

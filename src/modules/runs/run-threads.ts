import { Worker } from 'node:worker_threads';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { finalize } from '../../engine/monte-carlo/chunk.js';
import type { ChunkResult, ResultRow } from '../../engine/monte-carlo/types.js';
import { buffersOf, type SimulateTask, type ThreadData, type ThreadReply, type ThreadTask } from './run-thread-protocol.js';

/**
 * Fewest paths worth giving a thread. A part's hand-over (post, transfer, append: ~10-20 ms) is
 * small next to 200 preset paths (~0.2 s), and a sweep variant's 100 paths stay on one thread.
 */
export const MIN_PATHS_PER_THREAD = 200;

/**
 * The helper thread's entry, next to this file once compiled (dist/, the tests' build). Running
 * from the .ts sources (tsx, jest in process) there is none to start: jobs use one thread.
 */
const THREAD_ENTRY = import.meta.url.endsWith('.js') ? new URL('./run-thread.js', import.meta.url) : null;

/** A persistent helper thread and the task it is working on. */
interface Helper {
  worker: Worker;
  /** Set to 1 by the job to cancel the current task; reset before each task. */
  cancel: Int32Array;
  pending: ((reply: ThreadReply) => void) | undefined;
}

/** A job's paths split across threads: the caller simulates [firstPath, ownEnd) itself. */
export interface ThreadedRange {
  ownEnd: number;
  /** Threads taking part, the caller's own included. */
  threads: number;
  /** The helpers' parts in path order (all after the caller's): an exact chunk, or a sketch chunk's bytes; rejects if one failed. */
  parts: Promise<(ChunkResult | Uint8Array)[]>;
  /** Tells the helpers to drop their tasks (at their next block of paths). */
  cancel(): void;
}

/**
 * The worker process's helper threads, started once (so their JIT stays warm across jobs):
 * (WORKER_THREADS - 1) per concurrent job. A job takes the idle ones it can use and simulates
 * its share of the paths on its own thread meanwhile; the parts append to the same bytes as one
 * thread's chunk (chunks merged in path order are split-invariant). Finalize is shared the same
 * way, by series keys.
 */
@Injectable()
export class RunThreads implements OnApplicationShutdown {
  /** Threads one job may use, its own included. */
  readonly perJob: number;
  private readonly size: number;
  private readonly helpers = new Set<Helper>();
  private readonly idle: Helper[] = [];
  private closing = false;

  constructor(config: AppConfig) {
    this.perJob = THREAD_ENTRY === null ? 1 : config.workerThreads;
    this.size = (this.perJob - 1) * config.workerConcurrency;
  }

  /** Starts the helper threads (the worker calls this at boot; the API never does). */
  start(): void {
    while (!this.closing && this.helpers.size < this.size) this.spawn();
  }

  private spawn(): void {
    const data: ThreadData = { cancel: new SharedArrayBuffer(4) };
    const helper: Helper = { worker: new Worker(THREAD_ENTRY!, { workerData: data }), cancel: new Int32Array(data.cancel), pending: undefined };
    // The process's life is not the threads' business: shutdown terminates them.
    helper.worker.unref();
    this.helpers.add(helper);
    this.idle.push(helper);
    const settle = (reply: ThreadReply) => {
      const pending = helper.pending;
      helper.pending = undefined;
      pending?.(reply);
    };
    helper.worker.on('message', (reply: ThreadReply) => {
      this.idle.push(helper);
      settle(reply);
    });
    let error: Error | undefined;
    helper.worker.on('error', (err) => (error = err));
    helper.worker.on('exit', (code) => {
      this.helpers.delete(helper);
      const at = this.idle.indexOf(helper);
      if (at >= 0) this.idle.splice(at, 1);
      // One that died in a task (e.g. out of memory) is replaced; one that could not even start
      // is not (it would fail again at once): jobs then use the threads left.
      const inTask = helper.pending !== undefined;
      settle({ kind: 'failed', message: `a simulation thread exited (code ${code})${error ? `: ${error.message}` : ''}` });
      if (inTask) this.start();
    });
  }

  /**
   * Splits paths [firstPath, endPath) into equal contiguous parts, one per thread taking part
   * (at most perJob, only idle helpers, at least MIN_PATHS_PER_THREAD paths each), sends every
   * part but the first to a helper and leaves the first to the caller.
   */
  split(task: Omit<SimulateTask, 'kind' | 'firstPath' | 'endPath'>, firstPath: number, endPath: number): ThreadedRange {
    const paths = endPath - firstPath;
    const threads = this.threadsFor(paths);
    const bound = (i: number) => firstPath + Math.round((paths * i) / threads);
    const sent = this.idle
      .splice(0, threads - 1)
      .map((helper, i) => this.send(helper, { kind: 'simulate', ...task, firstPath: bound(i + 1), endPath: bound(i + 2) }));
    const parts = Promise.all(sent.map((s) => s.reply)).then((all) => all.map(partOf));
    // Failures surface when the job awaits; a job that gave up (cancelled) never does.
    parts.catch(() => undefined);
    return { ownEnd: bound(1), threads, parts, cancel: () => sent.forEach((s) => s.cancel()) };
  }

  /**
   * finalize(chunk), an exact chunk's keys shared in contiguous groups between the caller and
   * the idle helpers: the same rows in the same order. Each group's value arrays go to its helper
   * and come back (transferred), so the chunk is whole again once this resolves. Finalize's exact
   * quantiles are ~0.4-0.8 s of a 1,000-path job.
   */
  async finalize(chunk: ChunkResult): Promise<ResultRow[]> {
    const threads = chunk.mode === 'exact' ? this.threadsFor(chunk.endPath - chunk.firstPath) : 1;
    if (threads === 1) return finalize(chunk);
    const bound = (i: number) => Math.round((chunk.keys.length * i) / threads);
    const share = (i: number): ChunkResult => {
      const keys = chunk.keys.slice(bound(i), bound(i + 1));
      return { ...chunk, keys, values: new Map(keys.map((key) => [key, chunk.values.get(key)!])) };
    };
    const sent = this.idle.splice(0, threads - 1).map((helper, i) => {
      const part = share(i + 1);
      return this.send(helper, { kind: 'finalize', chunk: part }, buffersOf(part.values));
    });
    const own = finalize(share(0));
    const others = await Promise.all(sent.map((s) => s.reply.then((reply) => rowsOf(reply, chunk))));
    return own.concat(...others);
  }

  /** Threads for a job of `paths` paths: at most perJob, only idle helpers, MIN_PATHS_PER_THREAD each. */
  private threadsFor(paths: number): number {
    return Math.max(1, Math.min(this.perJob, 1 + this.idle.length, Math.floor(paths / MIN_PATHS_PER_THREAD)));
  }

  /** Gives a helper a task; `cancel` stops that task only (the helper may have moved on to another job's). */
  private send(helper: Helper, task: ThreadTask, transfer: ArrayBuffer[] = []): { reply: Promise<ThreadReply>; cancel(): void } {
    Atomics.store(helper.cancel, 0, 0);
    let resolver: ((reply: ThreadReply) => void) | undefined;
    const reply = new Promise<ThreadReply>((resolve) => {
      resolver = resolve;
      helper.pending = resolve;
      helper.worker.postMessage(task, transfer);
    });
    return { reply, cancel: () => helper.pending === resolver && Atomics.store(helper.cancel, 0, 1) };
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.helpers].map((h) => h.worker.terminate()));
  }
}

function partOf(reply: ThreadReply): ChunkResult | Uint8Array {
  if (reply.kind === 'exact') return reply.chunk;
  if (reply.kind === 'sketch') return reply.bytes;
  throw failure(reply);
}

/** A finalize task's rows; its value arrays go back into `chunk`. */
function rowsOf(reply: ThreadReply, chunk: ChunkResult): ResultRow[] {
  if (reply.kind !== 'rows') throw failure(reply);
  for (const [key, values] of reply.values) chunk.values.set(key, values);
  return reply.rows;
}

function failure(reply: ThreadReply): Error {
  return new Error(reply.kind === 'failed' ? reply.message : `a simulation thread answered ${reply.kind}`);
}

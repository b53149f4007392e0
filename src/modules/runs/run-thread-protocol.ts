/**
 * What a run job's main thread and its helper threads (run-thread.ts) say to each other. Pure:
 * the thread entry imports this, the engine and src/core/lru-map.ts only, not Nest.
 */
import type { ChunkResult, ResultRow, RunOptions } from '../../engine/monte-carlo/types.js';
import type { ScenarioDoc } from '../../engine/scenario/types.js';

/** Paths simulated between two looks at the run's status (main thread) or the cancel flag (helper). */
export const PATHS_PER_BLOCK = 10;

/** Paths [firstPath, endPath) of a run, grown into one chunk with room for exactly those paths. */
export interface SimulateTask {
  kind: 'simulate';
  /** Names the validated document (version and overrides): a helper keeps the documents it has seen, and the engine's per-document plans with them. */
  docKey: string;
  doc: ScenarioDoc;
  opts: RunOptions;
  firstPath: number;
  endPath: number;
}

/**
 * The rows of an exact chunk holding some of a merged chunk's keys: its value arrays are
 * transferred there and back (a structured-clone copy of 50 MB took ~1 s).
 */
export interface FinalizeTask {
  kind: 'finalize';
  chunk: ChunkResult;
}

export type ThreadTask = SimulateTask | FinalizeTask;

/**
 * A helper's answer. An exact chunk comes as itself, its value arrays transferred (no copy); a
 * sketch chunk as its serialized bytes (its cells are class instances, which structured clone would
 * turn into plain objects), the buffer transferred.
 */
export type ThreadReply =
  | { kind: 'exact'; chunk: ChunkResult }
  | { kind: 'sketch'; bytes: Uint8Array }
  | { kind: 'rows'; rows: ResultRow[]; values: Map<string, Float64Array> }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/** The buffers of an exact chunk's value arrays, to transfer them rather than copy them. */
export function buffersOf(values: Map<string, Float64Array>): ArrayBuffer[] {
  return [...values.values()].map((v) => v.buffer as ArrayBuffer);
}

/** What a helper thread gets at start: the flag its job sets (to 1) to cancel the current task. */
export interface ThreadData {
  cancel: SharedArrayBuffer;
}

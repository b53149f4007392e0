/** The runs domain: records and errors shared by the service, the repositories and the jobs. */

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses in which jobs of the run may still do work. */
export const ACTIVE_STATUSES: readonly RunStatus[] = ['QUEUED', 'RUNNING'];

export interface RunRecord {
  id: string;
  scenarioId: string;
  scenarioVersionId: string;
  scenarioVersion: number;
  status: RunStatus;
  paths: number;
  seed: number;
  periods: number;
  chunkSize: number;
  chunksTotal: number;
  chunksDone: number;
  priority: number;
  label: string | null;
  idempotencyKey: string | null;
  engineVersion: string;
  contentHash: string;
  error: string | null;
  kpis: unknown;
  scheduleId: string | null;
  generation: number;
  keepPaths: boolean;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** What a run's jobs need: the run's options and the exact document of its version. */
export interface RunJobContext {
  id: string;
  status: RunStatus;
  generation: number;
  scenarioVersionId: string;
  document: unknown;
  overrides: unknown;
  paths: number;
  seed: number;
  periods: number;
  chunksTotal: number;
  keepPaths: boolean;
}

/** Progress as published to subscribers: 0..1 by chunks done, 1 when SUCCEEDED. */
export interface RunProgressEvent {
  runId: string;
  status: RunStatus;
  chunksDone: number;
  chunksTotal: number;
  progress: number;
  error: string | null;
}

export function progressOf(run: Pick<RunRecord, 'status' | 'chunksDone' | 'chunksTotal'>): number {
  if (run.status === 'SUCCEEDED') return 1;
  return run.chunksTotal === 0 ? 0 : Math.min(1, run.chunksDone / run.chunksTotal);
}

export function progressEvent(run: RunRecord): RunProgressEvent {
  return {
    runId: run.id,
    status: run.status,
    chunksDone: run.chunksDone,
    chunksTotal: run.chunksTotal,
    progress: progressOf(run),
    error: run.error,
  };
}

/** A run option out of bounds; `field` names it as the client wrote it. */
export class InvalidRunInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export class RunNotFoundError extends Error {}
export class ScenarioNotFoundError extends Error {}

/** The run is in a status that does not allow the operation (e.g. cancelling a finished run). */
export class RunStateError extends Error {}

/** The run's document does not validate: fails the run at once, no retries. */
export class InvalidScenarioError extends Error {}

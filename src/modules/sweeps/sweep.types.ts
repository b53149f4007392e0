/** The sweeps domain: records and errors shared by the service, repository, jobs and resolver. */
import type { RunStatus } from '../runs/run.types.js';

export type SweepKind = 'GRID' | 'TORNADO';

/** 'grid' for a grid cell; for a tornado the unchanged 'base' and each parameter's 'low'/'high'. */
export type VariantRole = 'grid' | 'base' | 'low' | 'high';

export interface SweepOverride {
  path: string;
  value: number;
}

export interface GridParameter {
  path: string;
  values: number[];
}

export interface TornadoParameter {
  path: string;
  low: number;
  high: number;
}

/** What startSweep takes: exactly one of the two. */
export interface SweepSpec {
  grid?: GridParameter[] | null;
  tornado?: TornadoParameter[] | null;
}

/** Flattened scalar KPIs of one variant (see sweep-kpis.ts); null where the run has none. */
export type SweepKpis = Record<string, number | null>;

export interface SweepRecord {
  id: string;
  scenarioId: string;
  scenarioVersionId: string;
  kind: SweepKind;
  spec: SweepSpec;
  /** Stored status; a QUEUED sweep whose variants have started reads as RUNNING (see progress). */
  status: RunStatus;
  paths: number;
  seed: number;
  periods: number;
  priority: number;
  label: string | null;
  variantsTotal: number;
  error: string | null;
  queuedAt: Date;
  finishedAt: Date | null;
}

export interface SweepVariantRecord {
  sweepId: string;
  index: number;
  runId: string;
  role: VariantRole;
  parameter: string | null;
  overrides: SweepOverride[];
  kpis: SweepKpis | null;
  runStatus: RunStatus;
  runError: string | null;
}

/** Progress over every variant's chunks; a SUCCEEDED variant counts all its chunks. */
export interface SweepProgress {
  chunksDone: number;
  chunksTotal: number;
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

/** A bad sweep request; `field` names the offending input (e.g. `grid[1].values[2]`). */
export class InvalidSweepInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export class SweepNotFoundError extends Error {}

/** The sweep is in a status that does not allow the operation. */
export class SweepStateError extends Error {}

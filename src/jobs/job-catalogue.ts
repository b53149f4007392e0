/**
 * The one typed catalogue of queues and jobs. Enqueue only through JobQueue.add with these names,
 * never with string literals, so a payload always matches its job.
 */
export enum QueueName {
  Ping = 'ping',
  /** Chunks of a run's paths: the CPU work, children of a run's flow. */
  RunChunks = 'run-chunks',
  /** The parent of a run's flow: merges the chunks in order and writes the results (a one-chunk run: simulates it too). */
  RunMerges = 'run-merges',
  /** Fired by job schedulers; each firing starts a normal run. */
  RunSchedules = 'run-schedules',
  /** The parent of a sweep's flow: once every variant's run is done, writes the sweep's summary. */
  SweepSummaries = 'sweep-summaries',
}

export enum JobName {
  Ping = 'ping',
  RunChunk = 'run-chunk',
  RunMerge = 'run-merge',
  ScheduledRun = 'scheduled-run',
  SweepSummary = 'sweep-summary',
}

/** Which queue carries each job. */
export const QUEUE_OF: { readonly [J in JobName]: QueueName } = {
  [JobName.Ping]: QueueName.Ping,
  [JobName.RunChunk]: QueueName.RunChunks,
  [JobName.RunMerge]: QueueName.RunMerges,
  [JobName.ScheduledRun]: QueueName.RunSchedules,
  [JobName.SweepSummary]: QueueName.SweepSummaries,
};

/** Proves the API -> Redis -> worker -> PostgreSQL wiring. */
export interface PingPayload {
  message: string;
  /** ISO-8601 instant at which the API enqueued the job. */
  enqueuedAt: string;
}

export interface PingOutcome {
  reply: string;
  workerPid: number;
}

/** Paths [firstPath, endPath) of a run; `generation` tells a retried run's jobs from older ones. */
export interface RunChunkPayload {
  runId: string;
  generation: number;
  chunkIndex: number;
  firstPath: number;
  endPath: number;
}

export interface RunChunkOutcome {
  /** 'stored': the chunk row is written; 'skipped': the run was cancelled or retried meanwhile. */
  result: 'stored' | 'skipped';
}

export interface RunMergePayload {
  runId: string;
  generation: number;
  chunksTotal: number;
}

export interface RunMergeOutcome {
  result: 'succeeded' | 'skipped';
  rows: number;
}

/** The job scheduler's template: the schedule row holds the run options. */
export interface ScheduledRunPayload {
  scheduleId: string;
}

export interface ScheduledRunOutcome {
  /** The run the firing started; null when the schedule no longer exists. */
  runId: string | null;
}

/** The sweep whose variants (children of this job) are all done. */
export interface SweepSummaryPayload {
  sweepId: string;
}

export interface SweepSummaryOutcome {
  /** 'written': KPIs and the final status stored; 'skipped': the sweep was no longer active. */
  result: 'written' | 'skipped';
}

export interface JobPayloads {
  [JobName.Ping]: PingPayload;
  [JobName.RunChunk]: RunChunkPayload;
  [JobName.RunMerge]: RunMergePayload;
  [JobName.ScheduledRun]: ScheduledRunPayload;
  [JobName.SweepSummary]: SweepSummaryPayload;
}

export interface JobOutcomes {
  [JobName.Ping]: PingOutcome;
  [JobName.RunChunk]: RunChunkOutcome;
  [JobName.RunMerge]: RunMergeOutcome;
  [JobName.ScheduledRun]: ScheduledRunOutcome;
  [JobName.SweepSummary]: SweepSummaryOutcome;
}

/**
 * The one typed catalogue of queues and jobs. Enqueue only through JobQueue.add with these names,
 * never with string literals, so a payload always matches its job.
 */
export enum QueueName {
  Ping = 'ping',
}

export enum JobName {
  Ping = 'ping',
}

/** Which queue carries each job. */
export const QUEUE_OF: { readonly [J in JobName]: QueueName } = {
  [JobName.Ping]: QueueName.Ping,
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

export interface JobPayloads {
  [JobName.Ping]: PingPayload;
}

export interface JobOutcomes {
  [JobName.Ping]: PingOutcome;
}

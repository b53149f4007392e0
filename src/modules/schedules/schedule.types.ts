/** Schedules domain: a stored schedule and its errors. */

export interface ScheduleRecord {
  id: string;
  name: string;
  scenarioId: string;
  cron: string | null;
  everyMs: number | null;
  timezone: string | null;
  paths: number;
  seed: number;
  periods: number | null;
  chunkSize: number | null;
  priority: number;
  keepPaths: boolean;
  createdAt: Date;
}

export class InvalidScheduleInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export class ScheduleNotFoundError extends Error {}

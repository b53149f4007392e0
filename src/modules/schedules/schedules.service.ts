import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { RunSchedulers } from '../../jobs/run-schedulers.js';
import { checkStartRunInput, RunsService } from '../runs/runs.service.js';
import { InvalidRunInputError, type RunRecord } from '../runs/run.types.js';
import { InvalidScheduleInputError, ScheduleNotFoundError, type ScheduleRecord } from './schedule.types.js';
import { SchedulesRepository } from './schedules.repository.js';

const log = new Logger('SchedulesService');

export const SCHEDULE_LIMITS = {
  maxName: 100,
  /** Faster than this is a loop, not a schedule (tests use a few seconds). */
  minEveryMs: 1_000,
  maxEveryMs: 366 * 24 * 3600 * 1000,
} as const;

export interface CreateScheduleInput {
  name: string;
  scenarioId: string;
  cron?: string | null;
  everyMs?: number | null;
  timezone?: string | null;
  paths: number;
  seed: number;
  periods?: number | null;
  chunkSize?: number | null;
  priority?: number | null;
  keepPaths?: boolean | null;
}

export interface ScheduleView extends ScheduleRecord {
  /** When it fires next; null when its scheduler is missing (recovery re-creates it). */
  nextRunAt: Date | null;
}

/** The label of a run started by a schedule: names the schedule. */
export function scheduleLabel(name: string): string {
  return `schedule:${name}`;
}

/**
 * Cron schedules that start runs: a row (the record, in Postgres) and a BullMQ job scheduler of
 * the same id (the clock, in Redis). Each firing is a normal run labelled with the schedule.
 */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly repository: SchedulesRepository,
    private readonly schedulers: RunSchedulers,
    private readonly runs: RunsService,
  ) {}

  async create(input: CreateScheduleInput, now: Date): Promise<ScheduleView> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > SCHEDULE_LIMITS.maxName) {
      throw new InvalidScheduleInputError('name', `must be 1 to ${SCHEDULE_LIMITS.maxName} characters`);
    }
    const hasCron = input.cron != null && input.cron.trim() !== '';
    const hasEvery = input.everyMs != null;
    if (hasCron === hasEvery) throw new InvalidScheduleInputError('cron', 'give exactly one of cron and everyMs');
    if (hasEvery && (!Number.isInteger(input.everyMs) || input.everyMs! < SCHEDULE_LIMITS.minEveryMs || input.everyMs! > SCHEDULE_LIMITS.maxEveryMs)) {
      throw new InvalidScheduleInputError('everyMs', `must be a whole number of milliseconds from ${SCHEDULE_LIMITS.minEveryMs} to ${SCHEDULE_LIMITS.maxEveryMs}`);
    }
    if (input.timezone != null && !isTimeZone(input.timezone)) throw new InvalidScheduleInputError('timezone', `"${input.timezone}" is not an IANA time zone`);
    try {
      // The same checks as startRun, so every firing's run options are valid; periods stay as given.
      checkStartRunInput({ ...input, label: scheduleLabel(name), idempotencyKey: null }, 1);
    } catch (err) {
      if (err instanceof InvalidRunInputError) throw new InvalidScheduleInputError(err.field, err.message.slice(err.field.length + 2));
      throw err;
    }
    if (!(await this.repository.scenarioExists(input.scenarioId))) {
      throw new InvalidScheduleInputError('scenarioId', `scenario ${input.scenarioId} does not exist`);
    }
    const record: ScheduleRecord = {
      id: randomUUID(),
      name,
      scenarioId: input.scenarioId,
      cron: hasCron ? input.cron!.trim() : null,
      everyMs: hasEvery ? input.everyMs! : null,
      timezone: hasCron ? (input.timezone ?? 'UTC') : null,
      paths: input.paths,
      seed: input.seed,
      periods: input.periods ?? null,
      chunkSize: input.chunkSize ?? null,
      priority: input.priority ?? 0,
      keepPaths: input.keepPaths ?? false,
      createdAt: now,
    };
    // The scheduler first: BullMQ parses the cron pattern there, and a bad one must store nothing.
    try {
      await this.schedulers.upsert(record.id, record);
    } catch (err) {
      const message = (err as Error).message;
      if (record.cron !== null && !/ECONNREFUSED|connection|closed|timed? ?out/i.test(message)) {
        throw new InvalidScheduleInputError('cron', `"${record.cron}" is not a valid cron pattern (${message})`);
      }
      throw err;
    }
    try {
      return this.view(await this.repository.create(record));
    } catch (err) {
      await this.schedulers.remove(record.id).catch(() => undefined);
      throw err;
    }
  }

  async list(): Promise<ScheduleView[]> {
    return Promise.all((await this.repository.list()).map((s) => this.view(s)));
  }

  async get(id: string): Promise<ScheduleView | null> {
    const s = await this.repository.find(id);
    return s ? this.view(s) : null;
  }

  /** Removes the scheduler, then the row; runs it started stay (their scheduleId names it). */
  async delete(id: string): Promise<ScheduleRecord> {
    const s = await this.repository.find(id);
    if (!s) throw new ScheduleNotFoundError(`schedule ${id} does not exist`);
    await this.schedulers.remove(id);
    await this.repository.delete(id);
    return s;
  }

  /**
   * A firing (worker): starts the run. The idempotency key is the firing's job id, so a
   * redelivered firing returns the run it already started. Null when the schedule was deleted.
   */
  async fire(scheduleId: string, firingId: string, now: Date): Promise<RunRecord | null> {
    const s = await this.repository.find(scheduleId);
    // No row: deleted (delete removes the scheduler too); nothing to start.
    if (!s) return null;
    return this.runs.start(
      s.scenarioId,
      {
        paths: s.paths,
        seed: s.seed,
        periods: s.periods,
        chunkSize: s.chunkSize,
        priority: s.priority,
        keepPaths: s.keepPaths,
        label: scheduleLabel(s.name),
        idempotencyKey: `schedule:${s.id}:${firingId}`.slice(0, 200),
        scheduleId: s.id,
      },
      now,
    );
  }

  /** Re-creates schedulers missing from Redis (e.g. after it restarted empty). */
  async ensureSchedulers(): Promise<number> {
    let restored = 0;
    for (const s of await this.repository.list()) {
      if (await this.schedulers.exists(s.id)) continue;
      log.warn(`schedule ${s.name}: its job scheduler is missing; creating it again`);
      await this.schedulers.upsert(s.id, s);
      restored++;
    }
    return restored;
  }

  private async view(s: ScheduleRecord): Promise<ScheduleView> {
    const next = await this.schedulers.next(s.id).catch(() => undefined);
    return { ...s, nextRunAt: next === undefined ? null : new Date(next) };
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

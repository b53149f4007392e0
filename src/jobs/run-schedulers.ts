import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { JobName, QueueName, type ScheduledRunPayload } from './job-catalogue.js';

export interface SchedulerTiming {
  /** Cron pattern (5 or 6 fields); exclusive with everyMs. */
  cron?: string | null;
  /** Fixed interval in milliseconds; exclusive with cron. */
  everyMs?: number | null;
  /** IANA time zone of the cron pattern (default UTC). */
  timezone?: string | null;
}

/** BullMQ job schedulers that fire `scheduled-run` jobs; the scheduler id is the schedule's id. */
@Injectable()
export class RunSchedulers {
  constructor(@InjectQueue(QueueName.RunSchedules) private readonly queue: Queue<ScheduledRunPayload>) {}

  /** Creates or replaces the scheduler; throws what BullMQ throws for a bad pattern. */
  async upsert(scheduleId: string, timing: SchedulerTiming): Promise<void> {
    const repeat = timing.cron ? { pattern: timing.cron, tz: timing.timezone ?? 'UTC' } : { every: timing.everyMs! };
    await this.queue.upsertJobScheduler(scheduleId, repeat, { name: JobName.ScheduledRun, data: { scheduleId } });
  }

  /** Epoch ms of the next firing; undefined when the scheduler does not exist. */
  async next(scheduleId: string): Promise<number | undefined> {
    const scheduler = await this.queue.getJobScheduler(scheduleId);
    return scheduler ? (scheduler.next ?? undefined) : undefined;
  }

  async exists(scheduleId: string): Promise<boolean> {
    return (await this.queue.getJobScheduler(scheduleId)) !== undefined;
  }

  async remove(scheduleId: string): Promise<void> {
    await this.queue.removeJobScheduler(scheduleId);
  }
}

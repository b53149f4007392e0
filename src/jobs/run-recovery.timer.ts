import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { RunRecovery } from '../modules/runs/run-recovery.service.js';
import { SchedulesService } from '../modules/schedules/schedules.service.js';

/** How often each worker compares Postgres's active runs and schedules with what Redis holds. */
export const RECOVERY_INTERVAL_MS = 5_000;

/**
 * Worker only: every few seconds, re-adds the flows of active runs whose jobs Redis lost, fails
 * runs whose merge job failed for good, and re-creates missing schedulers. Every step is
 * idempotent (deterministic job and scheduler ids), so any number of workers may run it.
 */
@Injectable()
export class RunRecoveryTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly recovery: RunRecovery,
    private readonly schedules: SchedulesService,
    private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), RECOVERY_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const { requeued, failed } = await this.recovery.sweep(new Date());
      const restored = await this.schedules.ensureSchedulers();
      if (requeued + failed + restored > 0) this.logger.warn({ requeued, failed, restored }, 'recovered runs and schedules');
    } catch (err) {
      // Redis or Postgres away: the next tick tries again.
      this.logger.debug(`recovery pass skipped: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { RunRecovery } from '../modules/runs/run-recovery.service.js';
import { SchedulesService } from '../modules/schedules/schedules.service.js';
import { RecoveryTimer } from './recovery-timer.js';

/**
 * Worker only: every few seconds, re-adds the flows of active runs whose jobs Redis lost, fails
 * runs whose merge job failed for good, and re-creates missing schedulers. Every step is
 * idempotent (deterministic job and scheduler ids), so any number of workers may run it.
 */
@Injectable()
export class RunRecoveryTimer extends RecoveryTimer {
  constructor(
    private readonly recovery: RunRecovery,
    private readonly schedules: SchedulesService,
    logger: PinoLogger,
  ) {
    super(logger, 'recovery');
  }

  protected async pass(now: Date): Promise<void> {
    const { requeued, failed } = await this.recovery.sweep(now);
    const restored = await this.schedules.ensureSchedulers();
    if (requeued + failed + restored > 0) this.logger.warn({ requeued, failed, restored }, 'recovered runs and schedules');
  }
}

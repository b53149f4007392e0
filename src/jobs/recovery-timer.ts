import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { PinoLogger } from 'nestjs-pino';

/** How often each worker compares what Postgres expects with what Redis holds. */
export const RECOVERY_INTERVAL_MS = 5_000;

/**
 * A worker-side recovery pass on a timer: never two passes at once in one process, stopped with
 * the app, and a pass that fails because Redis or Postgres is away is only logged (the next tick
 * tries again). Passes must be idempotent, since every worker runs them.
 */
export abstract class RecoveryTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  protected constructor(
    protected readonly logger: PinoLogger,
    private readonly what: string,
  ) {}

  /** One recovery pass. */
  protected abstract pass(now: Date): Promise<void>;

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
      await this.pass(new Date());
    } catch (err) {
      this.logger.debug(`${this.what} pass skipped: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

import type { LogLevel } from './env.schema.js';

/**
 * The validated configuration, injected by class token (no @Inject needed). Built once at boot by
 * loadConfig; tests construct it directly to point a module graph at their own database and prefix.
 */
export class AppConfig {
  /** postgresql:// URL of the application database. */
  readonly databaseUrl!: string;
  /** redis:// URL shared by BullMQ and the health check. */
  readonly redisUrl!: string;
  /** BullMQ key prefix: every queue key lives under `<redisPrefix>:`. */
  readonly redisPrefix!: string;
  /** HTTP port of the API; 0 asks the OS for a free one. */
  readonly port!: number;
  /** Jobs one worker process runs at the same time, per queue. */
  readonly workerConcurrency!: number;
  readonly logLevel!: LogLevel;
  readonly nodeEnv!: 'development' | 'test' | 'production';

  constructor(values: AppConfig) {
    Object.assign(this, values);
    Object.freeze(this);
  }
}

import type { LogLevel } from './env.schema.js';
import { SECURITY_DEFAULTS, type SecuritySettings } from './security-config.js';

/** What AppConfig is built from: the security settings may be left out (SECURITY_DEFAULTS). */
export type AppConfigValues = Omit<AppConfig, keyof SecuritySettings> & Partial<SecuritySettings>;

/**
 * The validated configuration, injected by class token (no @Inject needed). Built once at boot by
 * loadConfig; tests construct it directly to point a module graph at their own database and prefix.
 */
export class AppConfig implements SecuritySettings {
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
  /**
   * Threads one job's paths are simulated on (the job's own included): a job of enough paths is
   * split across this many node:worker_threads of the worker process; 1: no threads.
   */
  readonly workerThreads!: number;
  readonly logLevel!: LogLevel;
  readonly nodeEnv!: 'development' | 'test' | 'production';

  // Security and operations (see security-config.ts for each field's meaning).
  readonly adminApiKey!: string | undefined;
  readonly biReadonlyPassword!: string | undefined;
  readonly corsOrigins!: readonly string[];
  readonly rateLimitMax!: number;
  readonly rateLimitWindowMs!: number;
  readonly graphqlMaxDepth!: number;
  readonly graphqlMaxAliases!: number;
  readonly graphqlMaxCost!: number;
  readonly graphqlMaxQueryChars!: number;
  readonly graphqlIntrospection!: boolean;
  readonly workerMetricsPort!: number | undefined;
  readonly workerMetricsHost!: string;
  readonly shutdownGraceMs!: number;

  constructor(values: AppConfigValues) {
    Object.assign(this, SECURITY_DEFAULTS, values);
    Object.freeze(this);
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { CoreModule } from './core/core.module.js';
import { FEATURE_MODULES } from './feature-modules.js';
import { JobsModule } from './jobs/jobs.module.js';
import { WorkerMetricsModule } from './modules/metrics/worker-metrics.module.js';

/** The worker: the same module graph as the API, plus the queue processors; no HTTP server. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, 'worker'), ...FEATURE_MODULES, JobsModule, WorkerMetricsModule],
    };
  }
}

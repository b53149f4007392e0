import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobMetricsListener } from './job-metrics.listener.js';
import { WorkerMetrics } from './worker-metrics.js';
import { WorkerMetricsServer } from './worker-metrics.server.js';

/** Job durations and failures of a worker process, served on WORKER_METRICS_PORT when set. */
@Module({
  imports: [DiscoveryModule],
  providers: [WorkerMetrics, JobMetricsListener, WorkerMetricsServer],
})
export class WorkerMetricsModule {}

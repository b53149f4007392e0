import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { WorkerMetrics } from './worker-metrics.js';

/** Seconds a job took, from BullMQ's own timestamps (ms since epoch, set by the worker). */
export function jobSeconds(job: Pick<Job, 'processedOn' | 'finishedOn'>): number | undefined {
  if (job.processedOn === undefined || job.finishedOn === undefined) return undefined;
  return Math.max(0, (job.finishedOn - job.processedOn) / 1000);
}

/**
 * Listens to every BullMQ worker of this process (each @Processor) and records job durations and
 * failures, so a new processor is measured without any code of its own.
 */
@Injectable()
export class JobMetricsListener implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: WorkerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const host = wrapper.instance as unknown;
      if (!(host instanceof WorkerHost)) continue;
      const worker = host.worker as unknown as { on(event: string, listener: (...args: never[]) => void): void };
      worker.on('completed', (job: Job) => this.record(job, 'completed'));
      worker.on('failed', (job: Job | undefined) => {
        if (!job) return;
        this.metrics.jobFailures.inc({ queue: job.queueName, job: job.name });
        this.record(job, 'failed');
      });
    }
  }

  private record(job: Job, outcome: 'completed' | 'failed'): void {
    const seconds = jobSeconds(job);
    if (seconds !== undefined) this.metrics.jobDuration.observe({ queue: job.queueName, job: job.name, outcome }, seconds);
  }
}

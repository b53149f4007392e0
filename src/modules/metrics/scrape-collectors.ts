import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { QueueName } from '../../jobs/job-catalogue.js';
import { ApiMetrics } from './api-metrics.js';
import { MetricsRepository } from './metrics.repository.js';

/** The job states worth watching: waiting work, work in hand, and the outcomes. */
const JOB_STATES = ['waiting', 'prioritized', 'waiting-children', 'delayed', 'active', 'completed', 'failed'] as const;

const log = new Logger('Metrics');

/**
 * Gauges read when Prometheus scrapes, not kept up to date in between: queue depth per queue and
 * state (BullMQ getJobCounts), workers attached per queue (getWorkersCount: every worker process on
 * any machine), and runs per status (one SQL count). A source that cannot answer leaves its gauge
 * empty for that scrape instead of failing the whole /metrics response.
 */
@Injectable()
export class ScrapeCollectors implements OnModuleInit {
  constructor(
    private readonly metrics: ApiMetrics,
    private readonly moduleRef: ModuleRef,
    private readonly repository: MetricsRepository,
  ) {}

  onModuleInit(): void {
    const queues = () => Object.values(QueueName).map((name) => [name, this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })] as const);

    new Gauge({
      name: 'bullmq_queue_jobs',
      help: 'Jobs per queue and state, read from Redis at scrape time.',
      labelNames: ['queue', 'state'] as const,
      registers: [this.metrics.registry],
      collect: async function (this: Gauge<'queue' | 'state'>) {
        this.reset();
        await Promise.all(
          queues().map(async ([name, queue]) => {
            try {
              const counts = await queue.getJobCounts(...JOB_STATES);
              for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
            } catch (err) {
              log.warn(`queue ${name} counts unavailable: ${(err as Error).message}`);
            }
          }),
        );
      },
    });

    new Gauge({
      name: 'bullmq_workers',
      help: 'Worker connections consuming each queue (all worker processes, any machine).',
      labelNames: ['queue'] as const,
      registers: [this.metrics.registry],
      collect: async function (this: Gauge<'queue'>) {
        this.reset();
        await Promise.all(
          queues().map(async ([name, queue]) => {
            try {
              this.set({ queue: name }, await queue.getWorkersCount());
            } catch (err) {
              log.warn(`queue ${name} workers unavailable: ${(err as Error).message}`);
            }
          }),
        );
      },
    });

    const repository = this.repository;
    new Gauge({
      name: 'frontier_runs',
      help: 'Simulation runs per status, counted in PostgreSQL at scrape time.',
      labelNames: ['status'] as const,
      registers: [this.metrics.registry],
      collect: async function (this: Gauge<'status'>) {
        this.reset();
        try {
          for (const [status, n] of Object.entries(await repository.runsByStatus())) this.set({ status }, n);
        } catch (err) {
          log.warn(`run counts unavailable: ${(err as Error).message}`);
        }
      },
    });
  }
}

import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Seconds; a ping takes milliseconds, a large chunk of paths minutes. */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** The worker process's Prometheus registry: how long its jobs take and how often they fail. */
@Injectable()
export class WorkerMetrics {
  readonly registry = new Registry();

  readonly jobDuration = new Histogram({
    name: 'bullmq_job_duration_seconds',
    help: 'Jobs processed by this worker, from start to finish, by queue, job name and outcome.',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  readonly jobFailures = new Counter({
    name: 'bullmq_job_failures_total',
    help: 'Failed job attempts in this worker (each retry that fails counts), by queue and job name.',
    labelNames: ['queue', 'job'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

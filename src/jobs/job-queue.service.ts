import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { QUEUE_OF, QueueName, type JobName, type JobPayloads } from './job-catalogue.js';

const log = new Logger('JobQueue');

/** Typed producer: the only way code outside src/jobs enqueues or looks up jobs. */
@Injectable()
export class JobQueue implements OnModuleInit {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const name of Object.values(QueueName)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      // Unheard, BullMQ prints connection errors with console.error, outside the JSON log.
      // ioredis reconnects by itself and /health reports the outage.
      queue.on('error', (err) => log.warn(`queue ${name}: ${err.message}`));
      this.queues.set(name, queue);
    }
  }

  /** Enqueues `job` on its catalogued queue; pass `jobId` for idempotent enqueueing. */
  async add<J extends JobName>(job: J, payload: JobPayloads[J], options?: JobsOptions): Promise<Job<JobPayloads[J]>> {
    return this.queue(QUEUE_OF[job]).add(job, payload, options);
  }

  /** The job with this id on `job`'s queue, or undefined when unknown or removed. */
  async find<J extends JobName>(job: J, id: string): Promise<Job<JobPayloads[J]> | undefined> {
    return (await this.queue(QUEUE_OF[job]).getJob(id)) ?? undefined;
  }

  /** Worker processes listening on `job`'s queue (BullMQ names their Redis connections). */
  async workerCount<J extends JobName>(job: J): Promise<number> {
    return this.queue(QUEUE_OF[job]).getWorkersCount();
  }

  private queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`queue ${name} is not registered`);
    return queue;
  }
}

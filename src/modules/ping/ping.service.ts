import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../jobs/job-queue.service.js';
import { JobName, type PingOutcome, type PingPayload } from '../../jobs/job-catalogue.js';
import { PingRepository } from './ping.repository.js';

export const MAX_PING_MESSAGE = 200;

export class InvalidPingError extends Error {}

export type PingState = 'QUEUED' | 'ACTIVE' | 'COMPLETED' | 'FAILED';

export interface PingView {
  id: string;
  message: string;
  state: PingState;
  enqueuedAt: Date;
  reply: string | null;
  workerPid: number | null;
  processedAt: Date | null;
}

/** The queue round trip: the API enqueues, a worker answers and stores the answer. */
@Injectable()
export class PingService {
  constructor(
    private readonly jobs: JobQueue,
    private readonly repository: PingRepository,
  ) {}

  async enqueue(message: string, now: Date): Promise<PingView> {
    if (message.length === 0 || message.length > MAX_PING_MESSAGE) {
      throw new InvalidPingError(`message must be 1 to ${MAX_PING_MESSAGE} characters`);
    }
    const job = await this.jobs.add(JobName.Ping, { message, enqueuedAt: now.toISOString() });
    return { id: job.id!, message, state: 'QUEUED', enqueuedAt: now, reply: null, workerPid: null, processedAt: null };
  }

  /** Runs in the worker: answers the ping and stores the answer under the job id. */
  async answer(jobId: string, payload: PingPayload, now: Date): Promise<PingOutcome> {
    const outcome: PingOutcome = { reply: `pong: ${payload.message}`, workerPid: process.pid };
    await this.repository.save({
      id: jobId,
      message: payload.message,
      enqueuedAt: new Date(payload.enqueuedAt),
      processedAt: now,
      ...outcome,
    });
    return outcome;
  }

  /** The stored answer if there is one, else the job's queue state; null for an unknown id. */
  async find(id: string): Promise<PingView | null> {
    const stored = await this.repository.find(id);
    if (stored) return { ...stored, state: 'COMPLETED' };
    const job = await this.jobs.find(JobName.Ping, id);
    if (!job) return null;
    const state = await job.getState();
    return {
      id,
      message: job.data.message,
      state: state === 'active' ? 'ACTIVE' : state === 'failed' ? 'FAILED' : 'QUEUED',
      enqueuedAt: new Date(job.data.enqueuedAt),
      reply: null,
      workerPid: null,
      processedAt: null,
    };
  }
}

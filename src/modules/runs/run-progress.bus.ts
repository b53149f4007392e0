import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { ACTIVE_STATUSES, type RunProgressEvent } from './run.types.js';

const log = new Logger('RunProgressBus');

type Listener = (event: RunProgressEvent) => void;

/**
 * Run progress over Redis pub/sub, so an event published by any worker reaches subscribers on any
 * API instance. One channel per run under the deployment's prefix; one subscriber connection per
 * process, opened on the first subscription.
 */
@Injectable()
export class RunProgressBus implements OnModuleDestroy {
  private publisher: Redis | undefined;
  private subscriber: Redis | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly config: AppConfig) {}

  private channel(runId: string): string {
    return `${this.config.redisPrefix}:run-progress:${runId}`;
  }

  private client(): Redis {
    const redis = new Redis(this.config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
    redis.on('error', (err) => log.warn(`progress redis: ${err.message}`));
    return redis;
  }

  /** Best effort: progress is also in Postgres, so a lost event only delays a subscriber's view. */
  async publish(event: RunProgressEvent): Promise<void> {
    try {
      this.publisher ??= this.client();
      await this.publisher.publish(this.channel(event.runId), JSON.stringify(event));
    } catch (err) {
      log.warn(`could not publish progress of run ${event.runId}: ${(err as Error).message}`);
    }
  }

  /** Calls `listener` for each event of the run until the returned function is called. */
  async subscribe(runId: string, listener: Listener): Promise<() => Promise<void>> {
    if (!this.subscriber) {
      this.subscriber = this.client();
      this.subscriber.on('message', (channel: string, message: string) => {
        const id = channel.slice(channel.lastIndexOf(':') + 1);
        const set = this.listeners.get(id);
        if (!set) return;
        const event = JSON.parse(message) as RunProgressEvent;
        for (const l of set) l(event);
      });
    }
    let set = this.listeners.get(runId);
    if (!set) {
      set = new Set();
      this.listeners.set(runId, set);
      await this.subscriber.subscribe(this.channel(runId));
    }
    set.add(listener);
    return async () => {
      const current = this.listeners.get(runId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(runId);
        await this.subscriber?.unsubscribe(this.channel(runId)).catch(() => undefined);
      }
    };
  }

  /**
   * An async iterator of the run's events for a GraphQL subscription: starts with `initial` (the
   * stored state, so a late subscriber is not left waiting), ends after a final status.
   */
  iterate(runId: string, initial: () => Promise<RunProgressEvent | null>): AsyncIterableIterator<RunProgressEvent> {
    const queue: RunProgressEvent[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    let unsubscribe: (() => Promise<void>) | undefined;
    const push = (event: RunProgressEvent) => {
      queue.push(event);
      wake?.();
    };
    const ready = (async () => {
      unsubscribe = await this.subscribe(runId, push);
      const first = await initial();
      if (first) queue.unshift(first);
      else done = true;
    })();
    const finish = async () => {
      done = true;
      wake?.();
      await ready.catch(() => undefined);
      await unsubscribe?.();
    };
    const iterator: AsyncIterableIterator<RunProgressEvent> = {
      async next() {
        await ready;
        while (!done && queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const event = queue.shift();
        if (!event) {
          await finish();
          return { value: undefined, done: true };
        }
        if (!ACTIVE_STATUSES.includes(event.status)) {
          queue.length = 0;
          done = true;
          void unsubscribe?.();
        }
        return { value: event, done: false };
      },
      async return() {
        await finish();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  async onModuleDestroy(): Promise<void> {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }
}

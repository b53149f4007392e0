import { spawn, type ChildProcess } from 'node:child_process';
import { eventually } from './eventually.js';
import { Redis } from 'ioredis';

/**
 * A private redis-server on a given loopback port that a test may kill and restart, so the shared
 * Redis other test files use is never touched. No persistence: a restart starts empty.
 */
export class ThrowawayRedis {
  private child: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    this.child = child;
    process.once('exit', () => child.kill('SIGKILL'));
    await eventually(
      async () => {
        const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG' ? true : undefined;
        } finally {
          probe.disconnect();
        }
      },
      { what: `redis-server on port ${this.port}`, timeoutMs: 10_000 },
    );
  }

  /** Kills the server the way a crash would (SIGKILL) and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }
}

import type { Server } from 'node:http';
import type { INestApplication, INestApplicationContext, LoggerService } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Counts requests between arrival and their response closing (finished or aborted). */
export function trackInFlight(server: Server): { count(): number; idle(): Promise<void>; draining(): void } {
  let inFlight = 0;
  let draining = false;
  const waiters = new Set<() => void>();
  server.on('request', (_req, res) => {
    inFlight += 1;
    // A request that arrives on a kept-alive connection during the drain is served, but the
    // connection closes after it, so clients move to another instance.
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) for (const wake of waiters) wake();
    });
  });
  return {
    count: () => inFlight,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.add(resolve))),
    draining: () => {
      draining = true;
    },
  };
}

const sleep = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

/**
 * SIGTERM/SIGINT for the API (instead of Nest's enableShutdownHooks, whose order closes the
 * database before in-flight requests finish): stop accepting connections, let the requests in
 * flight finish (up to SHUTDOWN_GRACE_MS), then close the app, which ends subscriptions with
 * 1001 "going away" and releases the database, Redis and queues.
 */
export function installApiShutdown(app: INestApplication, graceMs: number, log: LoggerService): void {
  const server = app.getHttpServer() as Server;
  const inFlight = trackInFlight(server);
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) return;
    started = true;
    log.log(`${signal}: draining ${inFlight.count()} request(s), up to ${graceMs} ms`);
    inFlight.draining();
    server.close(); // no new connections; idle keep-alive connections are closed
    const outcome = await Promise.race([inFlight.idle().then(() => 'drained' as const), sleep(graceMs)]);
    if (outcome === 'timeout') log.warn(`${inFlight.count()} request(s) still running after ${graceMs} ms; closing anyway`);
    server.closeAllConnections();
    await closeAndExit(app, log, graceMs);
  };
  for (const signal of SIGNALS) process.once(signal, (s) => void shutdown(s));
}

/**
 * SIGTERM/SIGINT for the worker: first close every BullMQ worker, which stops taking jobs and
 * waits for the active ones to finish (up to SHUTDOWN_GRACE_MS; after that they are left to
 * BullMQ's stalled-job check, which hands them to another worker), and only then close the app,
 * so a finishing job still has its database connection.
 */
export function installWorkerShutdown(app: INestApplicationContext, graceMs: number, log: LoggerService): void {
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) return;
    started = true;
    const hosts = app
      .get(DiscoveryService, { strict: false })
      .getProviders()
      .map((w) => w.instance as unknown)
      .filter((i): i is WorkerHost => i instanceof WorkerHost);
    log.log(`${signal}: closing ${hosts.length} queue worker(s), letting active jobs finish (up to ${graceMs} ms)`);
    const closing = Promise.all(hosts.map((h) => h.worker.close()));
    if ((await Promise.race([closing.then(() => 'closed' as const), sleep(graceMs)])) === 'timeout') {
      log.warn(`jobs still active after ${graceMs} ms: handing them back (another worker picks them up as stalled)`);
      await Promise.all(hosts.map((h) => h.worker.close(true)));
    }
    await closeAndExit(app, log, graceMs);
  };
  for (const signal of SIGNALS) process.once(signal, (s) => void shutdown(s));
}

async function closeAndExit(app: INestApplicationContext, log: LoggerService, graceMs: number): Promise<void> {
  // A hook that hangs must not keep the process alive for ever.
  setTimeout(() => {
    log.error('shutdown hooks did not finish in time; exiting');
    process.exit(1);
  }, graceMs + 5_000).unref();
  try {
    await app.close();
    log.log('shut down cleanly');
    process.exitCode = 0;
  } catch (err) {
    log.error(`shutdown failed: ${(err as Error).message}`);
    process.exitCode = 1;
  }
  // Let the last log lines flush, then leave even if a library left a handle open.
  setTimeout(() => process.exit(), 200).unref();
}

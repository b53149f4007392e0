/**
 * The service stack a benchmark runs against: sources compiled as the tests do, a database of its
 * own (created, migrated, dropped at the end), a Redis prefix of its own, an admin key, and the
 * API / worker / helper processes it spawns, all cleaned up at the end or on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { migrate, readMigrations } from '../../scripts/lib/migrations.js';
import { buildSources } from '../../test/helpers/build-sources.js';
import { clearRedisPrefix } from '../../test/helpers/redis-prefix.js';
import { ADMIN_DATABASE_URL, BASE_REDIS_URL, databaseUrl, MIGRATIONS_DIR } from '../../test/helpers/test-env.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SpawnedNode {
  child: ChildProcess;
  /** Resolves once the process printed a line matching `re` (bounded: 90 s). */
  ready(re: RegExp): Promise<void>;
}

export interface ServiceStack {
  /** Compiled sources: `${buildDir}/main.js` (API) and `${buildDir}/worker.js`. */
  buildDir: string;
  dbUrl: string;
  /** An admin API key the API stores at start. */
  adminKey: string;
  /** The environment every process of the stack gets. */
  env: NodeJS.ProcessEnv;
  /** Starts `node <args>` with the stack's environment (plus `extraEnv`); stopped by cleanUp. */
  spawn(args: string[], extraEnv?: NodeJS.ProcessEnv): SpawnedNode;
  cleanUp(): Promise<void>;
}

/** Opens the stack for benchmark `name`; `env` adds to (or overrides) the common variables. */
export async function openServiceStack(name: string, env: NodeJS.ProcessEnv): Promise<ServiceStack> {
  const buildDir = `${ROOT}node_modules/.cache/frontier-bench-build/${process.pid}`;
  await buildSources(ROOT, buildDir);
  const dbName = `frontier_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = databaseUrl(dbName);
  const prefix = `bench:${randomBytes(4).toString('hex')}`;
  const adminKey = randomBytes(24).toString('hex');
  const stackEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: dbUrl,
    REDIS_URL: BASE_REDIS_URL,
    REDIS_PREFIX: prefix,
    NODE_ENV: 'production',
    ADMIN_API_KEY: adminKey,
    RATE_LIMIT_MAX: '0',
    TZ: 'UTC',
    ...env,
  };
  const children: ChildProcess[] = [];
  const cleanUp = async () => {
    await Promise.all(children.map(stop));
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    await clearRedisPrefix(BASE_REDIS_URL, prefix);
    await rm(buildDir, { recursive: true, force: true });
  };
  // Ctrl-C mid-run: leave no processes, database or Redis keys behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`bench:${name}: ${signal}, cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    await migrate(dbUrl, await readMigrations(MIGRATIONS_DIR));
  } catch (err) {
    await cleanUp();
    throw err;
  }
  return {
    buildDir,
    dbUrl,
    adminKey,
    env: stackEnv,
    spawn(args, extraEnv = {}) {
      const spawned = spawnNode(args, { ...stackEnv, ...extraEnv });
      children.push(spawned.child);
      return spawned;
    },
    cleanUp,
  };
}

function spawnNode(args: string[], env: NodeJS.ProcessEnv): SpawnedNode {
  // BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=dir' profiles every process of the stack (Node refuses it in NODE_OPTIONS).
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  // Keep the tail only: a worker logs a line per job for as long as the benchmark runs.
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
  // BENCH_LOG_DIR=dir keeps every line of every process, one file each (for timing a run's steps).
  if (process.env.BENCH_LOG_DIR) {
    const file = createWriteStream(join(process.env.BENCH_LOG_DIR, `${basename(args[0] ?? 'node')}-${child.pid}.log`));
    child.stdout!.pipe(file);
    child.stderr!.pipe(file);
  }
  process.once('exit', () => child.kill('SIGKILL'));
  const ready = async (re: RegExp) => {
    for (let i = 0; i < 900 && !re.test(out); i++) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited:\n${out}`);
      await sleep(100);
    }
    if (!re.test(out)) throw new Error(`${args.join(' ')} did not print ${re}:\n${out}`);
  };
  return { child, ready };
}

/** Stops a spawned process with SIGTERM (SIGKILL after 10 s) and waits for it to exit. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}

/** GraphQL over HTTP to the stack's API, as the admin. */
export type AdminGraphql = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

/**
 * A client for the API listening on 127.0.0.1:`port`, returned once the API answers `probe`
 * with `adminKey` (it stores ADMIN_API_KEY at start; bounded: 60 s). Errors in an answer throw.
 */
export async function connectApi(port: number, adminKey: string, probe: string): Promise<AdminGraphql> {
  const graphql: AdminGraphql = async <T>(query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data!;
  };
  for (let i = 0; ; i++) {
    try {
      await graphql(probe, {});
      return graphql;
    } catch (err) {
      if (i >= 600) throw err;
      await sleep(100);
    }
  }
}

/**
 * Waits for run `runId` to end, told by the API's runProgress subscription (graphql-ws, as the
 * admin): the status it ended with and its error. `onEvent` runs on every progress event.
 */
export async function untilFinished(port: number, adminKey: string, runId: string, onEvent: () => unknown): Promise<{ status: string; error: string | null }> {
  const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${adminKey}` }, retryAttempts: 0 });
  let last = { status: 'QUEUED', error: null as string | null };
  try {
    await new Promise<void>((resolve, reject) => {
      client.subscribe<{ runProgress: { status: string; error: string | null } }>(
        { query: 'subscription($id: ID!) { runProgress(runId: $id) { status error } }', variables: { id: runId } },
        {
          next: (msg) => {
            if (msg.errors) reject(new Error(msg.errors.map((e) => e.message).join('; ')));
            else last = msg.data!.runProgress;
            void onEvent();
          },
          error: reject,
          complete: resolve,
        },
      );
    });
  } finally {
    await client.dispose();
  }
  return last;
}

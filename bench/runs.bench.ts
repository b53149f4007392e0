/**
 * Runs benchmark (not a test): seconds from startRun to SUCCEEDED for the deepseek preset through
 * the real API and worker processes, and result rows written per second by the COPY writer
 * against a raw `COPY ... FROM STDIN` of the same rows through psql.
 *
 *   npm run bench:runs                              # 1,000 and 10,000 paths, 1 and 2 workers
 *   npx tsx bench/runs.bench.ts --paths 1000        # some path counts only
 *   npx tsx bench/runs.bench.ts --workers 2 --paths 10000
 *   npx tsx bench/runs.bench.ts --paths 1000 --chunk-size 125   # a chunking of your own
 *   npx tsx bench/runs.bench.ts --paths 1000 --workers 1 --threads 2   # each worker simulates on 2 threads
 *
 * It compiles src/ as the tests do, creates and migrates a database of its own (dropped at the
 * end), uses the Redis at REDIS_URL under a prefix of its own, spawns one API and N workers
 * (WORKER_CONCURRENCY=1: the engine is CPU-bound, so parallelism comes from processes) with
 * WORKER_THREADS=1 unless --threads says otherwise (so 1 vs 2 workers compares processes: two
 * workers of 2 threads each would only oversubscribe 2 cores), and starts each run with the
 * service's default chunking (one chunk per worker, docs/runs.md) unless --chunk-size is given.
 * Each new set of workers first does untimed runs, one chunk per worker so that every worker warms
 * up, the one just started included: 1,000 paths per thread and worker, then the same past the
 * exact limit (sketch mode; a first sketch chunk ran ~35% slower than the next; a thread's JIT is
 * still tiering up through its first ~1,500 preset paths: after a 50-path warm-up a 1,000-path
 * job cost ~1 CPU-s more than the next one), so the timed runs measure warm processes (JIT,
 * connection pools, the validated document), as in service. Besides wall time it prints the CPU seconds of the API, each worker and the database's
 * backends during the run, and the load average, since the machine may be shared.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { EXACT_PATH_LIMIT, type ResultRow } from '../src/engine/monte-carlo/types.js';
import { loadPreset } from '../src/engine/presets/presets.js';
import { replaceRunResults } from '../src/modules/results/results-writer.repository.js';
import { freePort } from '../test/helpers/free-port.js';
import { insertScenario } from '../test/runs/run-fixtures.js';
import { CpuMeter, formatCpu } from './lib/process-cpu.js';
import { connectApi, openServiceStack, untilFinished } from './lib/service-stack.js';

const PRESET = 'deepseek-debates-2025';
const SEED = 2025;
const COPY_ROWS = 100_000;
const WARM_UP_PATHS_PER_THREAD = 1_000;

const { values: flags } = parseArgs({
  options: {
    paths: { type: 'string', default: '1000,10000' },
    workers: { type: 'string', default: '1,2' },
    threads: { type: 'string', default: '1' },
    'chunk-size': { type: 'string' },
  },
});
const THREADS = Number(flags.threads);
const CHUNK_SIZE = flags['chunk-size'] === undefined ? undefined : Number(flags['chunk-size']);
const PATHS = flags.paths!.split(',').map(Number);
const WORKERS = flags.workers!.split(',').map(Number);

async function main(): Promise<void> {
  const port = await freePort();
  const stack = await openServiceStack('runs', { PORT: String(port), WORKER_CONCURRENCY: '1', WORKER_THREADS: String(THREADS), LOG_LEVEL: 'info' });
  const { buildDir, dbUrl, adminKey } = stack;
  try {
    const scenarioId = await insertScenario(dbUrl, loadPreset(PRESET), PRESET);
    const api = stack.spawn([`${buildDir}/main.js`]);
    const graphql = await connectApi(port, adminKey, 'query { runs(first: 1) { nextCursor } }');

    console.log(`runs benchmark: ${PRESET}, seed ${SEED}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}`);
    console.log(
      `  every worker: WORKER_CONCURRENCY=1, WORKER_THREADS=${THREADS}` +
        (THREADS === 1 ? ' (the default here: 1 vs 2 workers compares processes; --threads N to change)' : ''),
    );
    const results: { paths: number; workers: number; seconds: number; rows: number }[] = [];
    const workers: ChildProcess[] = [];
    let lastRunId = '';
    /** Starts a run and waits for its end: seconds from startRun to SUCCEEDED, and the run. */
    const timedRun = async (paths: number, label: string, cpu?: CpuMeter, chunkSize = CHUNK_SIZE) => {
      const t0 = performance.now();
      const { startRun } = await graphql<{ startRun: { id: string; chunkSize: number; chunksTotal: number } }>(
        'mutation($s: ID!, $o: StartRunInput!) { startRun(scenarioId: $s, options: $o) { id chunkSize chunksTotal } }',
        { s: scenarioId, o: { paths, seed: SEED, chunkSize: chunkSize && Math.min(chunkSize, paths), label } },
      );
      // The run's end arrives over the runProgress subscription (pushed when it happens): polling
      // the API instead cost the API CPU that two workers share (~15% of a core at 50 ms) and
      // added up to one poll interval to every time.
      const { status, error } = await untilFinished(port, adminKey, startRun.id, () => cpu?.sample());
      const seconds = (performance.now() - t0) / 1000;
      if (status !== 'SUCCEEDED') throw new Error(`run ${startRun.id} ended ${status}: ${error}`);
      return { seconds, run: startRun };
    };
    for (const n of [...WORKERS].sort((a, b) => a - b)) {
      while (workers.length < n) {
        const w = stack.spawn([`${buildDir}/worker.js`]);
        await w.ready(/worker ready/);
        workers.push(w.child);
      }
      // One chunk per worker, so that each (the one just started too) takes one while the others
      // are busy; once in exact mode and once past the exact limit (stored sketch chunks, their
      // fold), so neither mode's code is still cold in a timed run.
      const warmUpChunk = THREADS * WARM_UP_PATHS_PER_THREAD;
      await timedRun(n * warmUpChunk, `warm-up ${n}`, undefined, warmUpChunk);
      const sketchPaths = Math.max(EXACT_PATH_LIMIT + 1, n * warmUpChunk);
      await timedRun(sketchPaths, `warm-up ${n} sketch`, undefined, Math.ceil(sketchPaths / Math.max(2, n)));
      for (const paths of PATHS) {
        const cpu = await CpuMeter.open(dbUrl, { api: api.child.pid!, ...Object.fromEntries(workers.map((w, i) => [`worker ${i + 1}`, w.pid!])) });
        const load = loadavg()[0]!;
        const { seconds, run } = await timedRun(paths, `bench ${paths}x${n}`, cpu);
        const rows = await queryCount(dbUrl, run.id);
        results.push({ paths, workers: n, seconds, rows });
        lastRunId = run.id;
        console.log(
          `  ${String(paths).padStart(6)} paths, ${n} worker(s) x ${THREADS} thread(s), ${run.chunksTotal} chunk(s) of ${run.chunkSize}: ${seconds.toFixed(2)} s end to end ` +
            `(${rows} result rows); load average ${load.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`,
        );
        console.log(`    CPU: ${formatCpu(await cpu.report())}`);
      }
    }
    for (const paths of PATHS) {
      const one = results.find((r) => r.paths === paths && r.workers === 1);
      const two = results.find((r) => r.paths === paths && r.workers === 2);
      if (one && two) console.log(`  speed-up with 2 workers at ${paths} paths: ${(one.seconds / two.seconds).toFixed(2)}x`);
    }
    await copyComparison(dbUrl, lastRunId);
  } finally {
    await stack.cleanUp();
  }
}

async function queryCount(dbUrl: string, runId: string): Promise<number> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return Number((await c.query('SELECT count(*) AS n FROM run_results WHERE run_id = $1', [runId])).rows[0].n);
  } finally {
    await c.end();
  }
}

/**
 * COPY writer vs raw psql COPY: COPY_ROWS rows made from a real run's rows (entities suffixed to
 * stay unique), written for a fresh run by each path; best of 3. The writer's time includes
 * formatting the rows as COPY text, which is part of its job; psql's includes its start-up.
 */
async function copyComparison(dbUrl: string, sourceRunId: string): Promise<void> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const dir = await mkdtemp(join(tmpdir(), 'runs-bench-'));
  try {
    const { rows: source } = await c.query<ResultRow & { date: string }>(
      `SELECT period, to_char(date, 'YYYY-MM-DD') AS date, entity_type AS "entityType", entity, metric, mean, p05, p25, p50, p75, p95
       FROM run_results WHERE run_id = $1`,
      [sourceRunId],
    );
    const rows: ResultRow[] = [];
    for (let k = 0; rows.length < COPY_ROWS; k++) {
      for (const r of source) {
        if (rows.length === COPY_ROWS) break;
        rows.push({ ...r, entity: `${r.entity}#${k}` });
      }
    }
    const newRun = async () => {
      const id = randomUUID();
      await c.query(
        // CANCELLED, not the default QUEUED: the workers' recovery pass would take a QUEUED run
        // without jobs for a lost one and simulate it during the measurement.
        `INSERT INTO runs (id, scenario_id, scenario_version_id, paths, seed, periods, chunk_size, chunks_total, engine_version, content_hash, status)
         SELECT $1, scenario_id, scenario_version_id, paths, seed, periods, chunk_size, chunks_total, engine_version, content_hash, 'CANCELLED' FROM runs WHERE id = $2`,
        [id, sourceRunId],
      );
      return id;
    };
    const best = async (fn: () => Promise<void>) => {
      let min = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await fn();
        min = Math.min(min, performance.now() - t0);
      }
      return min / 1000;
    };
    const writer = await best(async () => {
      const id = await newRun();
      await c.query('BEGIN');
      await replaceRunResults(c, id, rows);
      await c.query('COMMIT');
    });
    const raw = await best(async () => {
      const id = await newRun();
      const file = join(dir, `${id}.tsv`);
      await writeFile(
        file,
        rows.map((r) => `${id}\t${r.entityType}\t${r.entity}\t${r.metric}\t${r.period}\t${r.date}\t${r.mean}\t${r.p05}\t${r.p25}\t${r.p50}\t${r.p75}\t${r.p95}\n`).join(''),
      );
      await promisify(execFile)('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy run_results (run_id, entity_type, entity, metric, period, date, mean, p05, p25, p50, p75, p95) FROM '${file}'`]);
    });
    console.log(
      `  result writes, ${COPY_ROWS} rows: COPY writer ${(COPY_ROWS / writer).toFixed(0)} rows/s (${writer.toFixed(3)} s), ` +
        `psql \\copy ${(COPY_ROWS / raw).toFixed(0)} rows/s (${raw.toFixed(3)} s): ${((raw / writer) * 100).toFixed(0)}% of raw COPY`,
    );
  } finally {
    await c.end();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench:runs failed: ${(err as Error).message}`);
  process.exitCode = 1;
});

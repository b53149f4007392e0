/**
 * Sweeps benchmark (not a test): a grid sweep of N variants at P paths each through the real API
 * and worker processes, with 1 and 2 workers: seconds from startSweep to SUCCEEDED, variants per
 * second and the scaling ratio (issue 7 target: at least 1.7x with 2 workers).
 *
 *   npm run bench:sweeps                                  # 1,000 variants x 100 paths, 1, 2, 2 then 1 workers
 *   npx tsx bench/sweeps.bench.ts --variants 100          # a smaller grid (10 x 10)
 *   npx tsx bench/sweeps.bench.ts --scenario deepseek-debates-2025 --periods 12
 *   npx tsx bench/sweeps.bench.ts --workers 1,2           # one sweep per count
 *
 * The grid is elasticity x OpenLab subsidy over the three-labs preset (the issue names no
 * scenario; the preset is about 4x slower per path). Each variant is one chunk (chunkSize =
 * paths), WORKER_CONCURRENCY=1 (the engine is CPU-bound: parallelism comes from processes). It
 * compiles src/ as the tests do, creates and migrates a database of its own (dropped at the end)
 * and uses the Redis at REDIS_URL under a prefix of its own.
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadPreset } from '../src/engine/presets/presets.js';
import type { ScenarioDoc } from '../src/engine/scenario/types.js';
import { freePort } from '../test/helpers/free-port.js';
import { insertScenario } from '../test/runs/run-fixtures.js';
import { CpuMeter, formatCpu } from './lib/process-cpu.js';
import { connectApi, openServiceStack, sleep, stop } from './lib/service-stack.js';

const SEED = 2025;

const { values: flags } = parseArgs({
  options: {
    variants: { type: 'string', default: '1000' },
    paths: { type: 'string', default: '100' },
    workers: { type: 'string', default: '1,2,2,1' },
    scenario: { type: 'string', default: 'three-labs' },
    periods: { type: 'string' },
  },
});
const VARIANTS = Number(flags.variants);
const PATHS = Number(flags.paths);
/**
 * Worker counts in the order given. A shared virtual machine's speed can drift by tens of percent
 * within minutes, which a 1-then-2 order charges to the scaling ratio; 1,2,2,1 cancels a steady
 * drift (the ratio is then total 1-worker seconds over total 2-worker seconds).
 */
const WORKERS = flags.workers!.split(',').map(Number);
const SCENARIO = flags.scenario!;
const PERIODS = flags.periods === undefined ? undefined : Number(flags.periods);

/** Two axes whose product is `n` (as square as possible): the first segment's elasticity x the zero-margin lab's subsidy. */
function grid(n: number, doc: ScenarioDoc) {
  const zeroMargin = doc.labs.find((l) => l.pricing.strategy === 'ZERO_MARGIN');
  if (!zeroMargin) throw new Error('the scenario needs a ZERO_MARGIN lab for the subsidy axis');
  let a = Math.floor(Math.sqrt(n));
  while (n % a !== 0) a--;
  const b = n / a;
  const elasticity = Array.from({ length: b }, (_, i) => 1.1 + (1.2 * i) / Math.max(1, b - 1));
  const subsidy = Array.from({ length: a }, (_, i) => (0.5 * i) / Math.max(1, a - 1));
  return { grid: [{ path: 'segments[0].elasticity', values: elasticity }, { path: `labs[${zeroMargin.name}].pricing.subsidy`, values: subsidy }] };
}

async function main(): Promise<void> {
  const doc = loadPreset(SCENARIO);
  if (!doc) throw new Error(`unknown preset ${SCENARIO}`);
  const port = await freePort();
  const stack = await openServiceStack('sweeps', { PORT: String(port), WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info' /* workers' "worker ready" line */ });
  const { buildDir, dbUrl, adminKey } = stack;
  try {
    const scenarioId = await insertScenario(dbUrl, doc, SCENARIO);
    const api = stack.spawn([`${buildDir}/main.js`]);
    const graphql = await connectApi(port, adminKey, 'query { sweeps(first: 1) { nextCursor } }');

    const spec = grid(VARIANTS, doc);
    console.log(
      `sweeps benchmark: ${SCENARIO}${PERIODS ? ` (${PERIODS} periods)` : ''}, ${VARIANTS} variants (${spec.grid[0]!.values.length} x ${spec.grid[1]!.values.length}) ` +
        `x ${PATHS} paths, seed ${SEED}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}`,
    );
    const results: { workers: number; seconds: number; queueSeconds: number }[] = [];
    const workers: ChildProcess[] = [];
    for (const n of WORKERS) {
      // Each count starts from the same database: the previous sweep's rows (3.4M result rows for
      // 1,000 variants), the autovacuum they owe and their dirty buffers would otherwise be charged
      // to the later (2-worker) sweep.
      await emptyResults(dbUrl);
      while (workers.length < n) {
        const w = stack.spawn([`${buildDir}/worker.js`]);
        await w.ready(/worker ready/);
        workers.push(w.child);
      }
      while (workers.length > n) await stop(workers.pop()!); // between sweeps: it has no job
      const cpu = await CpuMeter.open(dbUrl, { api: api.child.pid!, ...Object.fromEntries(workers.map((w, i) => [`worker ${i + 1}`, w.pid!])) });
      const load = loadavg()[0]!;
      const t0 = performance.now();
      const { startSweep } = await graphql<{ startSweep: { id: string } }>(
        'mutation($s: ID!, $spec: SweepSpecInput!, $o: StartSweepOptionsInput!) { startSweep(scenarioId: $s, spec: $spec, options: $o) { id } }',
        { s: scenarioId, spec, o: { paths: PATHS, seed: SEED, chunkSize: PATHS, periods: PERIODS, label: `bench ${VARIANTS}x${PATHS} ${n}w` } },
      );
      // startSweep validates every variant's document before it returns: reported apart.
      const queueSeconds = (performance.now() - t0) / 1000;
      let sweep = { status: 'QUEUED', error: null as string | null, progress: { succeeded: 0 } };
      let lastPrint = performance.now();
      while (sweep.status === 'QUEUED' || sweep.status === 'RUNNING') {
        // Once a second: the poll itself costs the API and PostgreSQL CPU that the workers share.
        await sleep(1_000);
        await cpu.sample();
        ({ sweep } = await graphql<{ sweep: typeof sweep }>('query($id: ID!) { sweep(id: $id) { status error progress { succeeded } } }', { id: startSweep.id }));
        if (performance.now() - lastPrint > 30_000) {
          lastPrint = performance.now();
          console.log(`    ... ${sweep.progress.succeeded}/${VARIANTS} variants after ${((lastPrint - t0) / 1000).toFixed(0)} s`);
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      if (sweep.status !== 'SUCCEEDED') throw new Error(`sweep ${startSweep.id} ended ${sweep.status}: ${sweep.error}`);
      results.push({ workers: n, seconds, queueSeconds });
      console.log(
        `  ${n} worker(s): ${seconds.toFixed(1)} s startSweep -> SUCCEEDED (startSweep returned after ${queueSeconds.toFixed(2)} s), ` +
          `${(VARIANTS / seconds).toFixed(2)} variants/s; load average ${load.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`,
      );
      console.log(`    CPU: ${formatCpu(await cpu.report(), { count: VARIANTS, name: 'variant' })}`);
    }
    const secondsOf = (n: number) => results.filter((r) => r.workers === n).reduce((sum, r) => sum + r.seconds, 0);
    const [one, two] = [secondsOf(1), secondsOf(2)];
    const sweepsOf = (n: number) => results.filter((r) => r.workers === n).length;
    // Equal numbers of sweeps per count: the ratio of total times is the ratio of mean rates.
    if (one > 0 && two > 0 && sweepsOf(1) === sweepsOf(2)) console.log(`  scaling 1 -> 2 workers: ${(one / two).toFixed(2)}x (target >= 1.7x)`);
  } finally {
    await stack.cleanUp();
  }
}

/** Removes every sweep and run with their rows, and flushes the database's dirty buffers. */
async function emptyResults(dbUrl: string): Promise<void> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    await db.query('TRUNCATE sweep_variants, sweeps, run_results, run_path_values, run_chunks, runs CASCADE');
    // Needs superuser or pg_checkpoint; without it the halves share the checkpointer's timing.
    await db.query('CHECKPOINT').catch(() => undefined);
  } finally {
    await db.end();
  }
}

main().catch((err: unknown) => {
  console.error(`bench:sweeps failed: ${(err as Error).message}`);
  process.exitCode = 1;
});

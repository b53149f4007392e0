/**
 * Engine benchmark (not a test): model-period evaluations per second on one core, for the
 * deepseek preset and a synthetic 10-lab / 40-model / 6-tier scenario, at 1, 100 and 10,000
 * paths, with and without NASH pricing, and each case's peak memory.
 *
 *   npm run bench:engine                      # every case, each in a fresh child process
 *   npx tsx bench/engine.bench.ts --quick     # 1 and 100 paths only
 *   npx tsx bench/engine.bench.ts --only preset,synthetic   # some cases, every path count
 *   npx tsx bench/engine.bench.ts --case synthetic --paths 100   # one case, prints JSON
 *
 * A model-period is one available model in one period of one path (what the per-period loop
 * prices, serves and books). Each case runs in its own process so maxRSS is that case's peak.
 * Two timings: "simulate" = Timeline + simulatePath per path (results dropped); "monte carlo" =
 * the whole runMonteCarlo with aggregation into rows (what the CLI and workers run), in wall-clock
 * seconds and per CPU-second of the process (the fairer figure on a shared, busy machine).
 * The parent probes the machine before and after the cases (lib/machine-probe.ts): the clock and
 * the cache a thread got, which move these figures by up to 2x from one day to the next.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMonteCarlo } from '../src/engine/monte-carlo/run-monte-carlo.js';
import { loadPreset } from '../src/engine/presets/presets.js';
import { pathStream } from '../src/engine/random/path-stream.js';
import { buildTimeline } from '../src/engine/scenario/build-timeline.js';
import type { ScenarioDoc } from '../src/engine/scenario/types.js';
import { simulatePath } from '../src/engine/simulation/simulate-path.js';
import { describeProbe, probeMachine } from './lib/machine-probe.js';
import { syntheticScenario, withNash } from './synthetic-scenario.js';

const CASES: Record<string, () => ScenarioDoc> = {
  preset: () => loadPreset('deepseek-debates-2025')!,
  'preset-nash': () => withNash(loadPreset('deepseek-debates-2025')!),
  synthetic: () => syntheticScenario(),
  'synthetic-nash': () => withNash(syntheticScenario()),
};
const PATHS = [1, 100, 10_000];
const SEED = 1;
const SIMULATE_ONLY_MAX_PATHS = 100;

interface CaseResult {
  case: string;
  paths: number;
  modelsPerPath: number;
  modelPeriodsPerPath: number;
  /** null when not timed (JSON has no NaN). */
  simulateSeconds: number | null;
  monteCarloSeconds: number;
  /** CPU seconds (user + system) of the Monte Carlo run: less sensitive to a busy machine. */
  monteCarloCpuSeconds: number;
  rows: number;
  maxRssMB: number;
  heapUsedMB: number;
}

/** Available model-periods in one path: non-NaN periods of every model's price series. */
function countModelPeriods(doc: ScenarioDoc): { models: number; modelPeriods: number } {
  const result = simulatePath(buildTimeline(doc, pathStream(SEED, 0)));
  let models = 0;
  let modelPeriods = 0;
  for (const [key, s] of result.series) {
    if (!key.startsWith('model|') || !key.endsWith('|price')) continue;
    models++;
    for (const v of s) if (!Number.isNaN(v)) modelPeriods++;
  }
  return { models, modelPeriods };
}

function runCase(name: string, paths: number): CaseResult {
  const doc = CASES[name]();
  const { models, modelPeriods } = countModelPeriods(doc);
  // Warm the JIT on a few paths before timing.
  for (let i = 0; i < Math.min(paths, 20); i++) simulatePath(buildTimeline(doc, pathStream(SEED + 1, i)));

  // Simulation alone is timed up to SIMULATE_ONLY_MAX_PATHS paths (beyond, it would double a
  // long run for a number the smaller cases already give).
  let simulateSeconds: number | null = null;
  let t0 = process.hrtime.bigint();
  if (paths <= SIMULATE_ONLY_MAX_PATHS) {
    for (let i = 0; i < paths; i++) simulatePath(buildTimeline(doc, pathStream(SEED, i)));
    simulateSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  }

  t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const rows = runMonteCarlo(doc, { paths, seed: SEED });
  const cpu = process.cpuUsage(cpu0);
  const monteCarloSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

  return {
    case: name,
    paths,
    modelsPerPath: models,
    modelPeriodsPerPath: modelPeriods,
    simulateSeconds,
    monteCarloSeconds,
    monteCarloCpuSeconds: (cpu.user + cpu.system) / 1e6,
    rows: rows.length,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    heapUsedMB: process.memoryUsage().heapUsed / 1024 / 1024,
  };
}

function machine(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    // not Linux: keep os.cpus()'s name
  }
  return `${model}; ${cpus().length} logical CPUs (nproc); node ${process.version}`;
}

function rate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : `${(n / 1e3).toFixed(1)}k`;
}

function table(results: CaseResult[]): string {
  const header = ['case', 'paths', 'models', 'model-periods', 'simulate s', 'simulate mp/s', 'monte carlo s', 'monte carlo mp/s', 'mp per CPU-s', 'rows', 'max RSS MB'];
  const body = results.map((r) => {
    const mp = r.modelPeriodsPerPath * r.paths;
    return [
      r.case,
      String(r.paths),
      String(r.modelsPerPath),
      String(mp),
      r.simulateSeconds === null ? '-' : r.simulateSeconds.toFixed(3),
      r.simulateSeconds === null ? '-' : rate(mp / r.simulateSeconds),
      r.monteCarloSeconds.toFixed(3),
      rate(mp / r.monteCarloSeconds),
      rate(mp / r.monteCarloCpuSeconds),
      String(r.rows),
      r.maxRssMB.toFixed(0),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

const { values } = parseArgs({
  options: { case: { type: 'string' }, paths: { type: 'string' }, quick: { type: 'boolean' }, only: { type: 'string' } },
});

if (values.case !== undefined) {
  // Child: one case, one JSON line.
  process.stdout.write(`${JSON.stringify(runCase(values.case, Number(values.paths ?? '1')))}\n`);
} else {
  const self = fileURLToPath(import.meta.url);
  const before = describeProbe(probeMachine());
  const results: CaseResult[] = [];
  const names = values.only === undefined ? Object.keys(CASES) : values.only.split(',');
  for (const name of names) {
    for (const paths of values.quick === true ? PATHS.slice(0, 2) : PATHS) {
      const child = spawnSync(process.execPath, [...process.execArgv, self, '--case', name, '--paths', String(paths)], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      });
      if (child.status !== 0) {
        process.stderr.write(`case ${name} x ${paths} failed:\n${child.stderr}\n`);
        process.exitCode = 1;
        continue;
      }
      const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as CaseResult;
      results.push(result);
      // The raw line too, so a long run's finished cases survive a later failure.
      process.stderr.write(`${name} x ${paths}: ${rate((result.modelPeriodsPerPath * paths) / result.monteCarloSeconds)} model-periods/s ${JSON.stringify(result)}\n`);
    }
  }
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  const after = describeProbe(probeMachine());
  process.stdout.write(`Machine: ${machine()}; load average at the end ${load}\nProbe before: ${before}\nProbe after: ${after}\n\n${table(results)}\n`);
}

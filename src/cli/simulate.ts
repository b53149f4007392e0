/**
 * `npm run simulate -- --scenario <preset | file.json> [--paths N] [--seed S] [--periods T]
 * [--json FILE] [--csv FILE] [--chunk N]`: the engine in-process, no database or queue.
 *
 * Exit codes: 0 done; 1 the scenario is refused (every field-path message printed); 2 bad flags;
 * 3 the run or a write failed. Messages go to stderr without stack traces.
 */
import { writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ResultRow, RunOptions } from '../engine/monte-carlo/types.js';
import { formatCsv } from '../engine/output/csv.js';
import { listPresets } from '../engine/presets/presets.js';
import type { ScenarioDoc } from '../engine/scenario/types.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { loadScenario, type Validate } from './load-scenario.js';
import { formatSummary } from './run-summary.js';
import { parseSimulateArgs, USAGE, type SimulateOptions } from './simulate-args.js';

/** What the command needs from the engine; the real one is ./engine-deps.ts, tests may fake it. */
export interface EngineDeps {
  validate: Validate;
  /** Runs all paths in chunks of `chunkSize`, merged in order; reports after each chunk. */
  run(doc: ScenarioDoc, opts: RunOptions, chunkSize: number, onChunk: (pathsDone: number) => void): ResultRow[];
}

/** Where output goes; tests capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** The JSON output's `meta`: enough to reproduce the run. No timestamp, so same seed = same bytes. */
export interface RunMeta {
  scenario: string;
  source: string;
  seed: number;
  paths: number;
  periods: number;
  periodMonths: number;
  startDate: string;
  engineVersion: string;
  createdBy: string;
}

async function runCommand(options: SimulateOptions, io: CliIo, deps: EngineDeps): Promise<number> {
  const loaded = await loadScenario(options.scenario, deps.validate);
  if (!loaded.ok) {
    io.err(`Scenario refused (${loaded.errors.length} problem${loaded.errors.length === 1 ? '' : 's'}):\n`);
    for (const line of loaded.errors) io.err(`  ${line}\n`);
    return 1;
  }
  const doc = loaded.doc;
  const periods = options.periods ?? doc.periods;
  const opts: RunOptions = { paths: options.paths, seed: options.seed, periods };
  const chunkSize = options.chunk ?? options.paths;
  const chunks = Math.ceil(options.paths / chunkSize);

  let rows: ResultRow[];
  try {
    rows = deps.run(doc, opts, chunkSize, (done) => {
      if (chunks > 1) io.err(`  ${done}/${options.paths} paths\n`);
    });
  } catch (err) {
    io.err(`Run failed: ${(err as Error).message}\n`);
    return 3;
  }

  const meta: RunMeta = {
    scenario: doc.name,
    source: loaded.source,
    seed: options.seed,
    paths: options.paths,
    periods,
    periodMonths: doc.periodMonths,
    startDate: doc.startDate,
    engineVersion: ENGINE_VERSION,
    createdBy: 'frontier-market-simulator simulate CLI',
  };
  const header =
    `${doc.name} (${loaded.source}): ${options.paths} paths, seed ${options.seed}, ${periods} periods of ` +
    `${doc.periodMonths} month${doc.periodMonths === 1 ? '' : 's'} from ${doc.startDate}; engine ${ENGINE_VERSION}`;
  io.out(formatSummary(doc, rows, header));

  try {
    if (options.json !== undefined) {
      await writeFile(options.json, `${JSON.stringify({ meta, rows })}\n`);
      io.out(`\nWrote ${rows.length} rows to ${options.json}\n`);
    }
    if (options.csv !== undefined) {
      await writeFile(options.csv, formatCsv(rows));
      io.out(`${options.json === undefined ? '\n' : ''}Wrote ${rows.length} rows to ${options.csv}\n`);
    }
  } catch (err) {
    io.err(`Could not write output: ${(err as Error).message}\n`);
    return 3;
  }
  return 0;
}

/** The command: parses argv (without node and script), runs, returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = consoleIo, deps?: EngineDeps): Promise<number> {
  const parsed = parseSimulateArgs(argv);
  switch (parsed.kind) {
    case 'help':
      io.out(USAGE);
      return 0;
    case 'list':
      for (const p of listPresets()) io.out(`${p.name}\n  ${p.description}\n`);
      return 0;
    case 'error':
      for (const e of parsed.errors) io.err(`${e}\n`);
      io.err(`\n${USAGE}`);
      return 2;
    case 'run': {
      // Loaded lazily so --help and flag errors answer without loading the engine.
      const engine = deps ?? (await import('./engine-deps.js')).engineDeps;
      return runCommand(parsed.options, io, engine);
    }
  }
}

/** True when this file is the process's entry script (not imported by a test). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`simulate: ${(err as Error).message}\n`);
      process.exitCode = 3;
    },
  );
}

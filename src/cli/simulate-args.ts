/**
 * Flags of `npm run simulate` (node:util parseArgs), checked once at the edge: every problem is
 * reported, each naming its flag, before anything runs.
 */
import { parseArgs } from 'node:util';
import { LIMITS } from '../engine/scenario/types.js';

export interface SimulateOptions {
  /** A preset name or a path to a JSON scenario document. */
  scenario: string;
  paths: number;
  seed: number;
  /** Overrides the scenario's `periods`. */
  periods?: number;
  json?: string;
  csv?: string;
  /** Paths per chunk; chunks are merged in order, so results do not depend on it. */
  chunk?: number;
}

export type ParsedArgs =
  | { kind: 'run'; options: SimulateOptions }
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'error'; errors: string[] };

/** Paths when --paths is not given: the README's example run. */
export const DEFAULT_PATHS = 200;
/** Seed when --seed is not given. */
export const DEFAULT_SEED = 1;

export const USAGE = `Usage: npm run simulate -- --scenario <preset name | path to JSON> [options]

Runs the frontier market model in-process (no database, no Redis) and prints a summary.

Options:
  --scenario S   a built-in preset (see --list) or a scenario JSON file (required)
  --paths N      Monte Carlo paths, 1..${LIMITS.maxPaths} (default ${DEFAULT_PATHS})
  --seed S       integer seed, 0..2^32-1 (default ${DEFAULT_SEED}); same seed, same bytes
  --periods T    override the scenario's periods, 1..${LIMITS.maxPeriods}
  --json FILE    write {"meta", "rows"} to FILE
  --csv FILE     write the tidy rows as CSV to FILE
  --chunk N      paths per chunk (results are identical for any N; shows progress)
  --list         list the built-in presets
  --help         this text
`;

/** Parses an integer flag in [min, max]; pushes an error naming the flag otherwise. */
function intFlag(raw: string | undefined, flag: string, min: number, max: number, errors: string[]): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    errors.push(`--${flag}: must be an integer from ${min} to ${max}, got "${raw}"`);
    return undefined;
  }
  return value;
}

/** Parses the simulate command's argv (without node and script). */
export function parseSimulateArgs(argv: readonly string[]): ParsedArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        paths: { type: 'string' },
        seed: { type: 'string' },
        periods: { type: 'string' },
        json: { type: 'string' },
        csv: { type: 'string' },
        chunk: { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    // parseArgs' messages name the flag ("Unknown option '--pths'"); keep them, drop the stack.
    return { kind: 'error', errors: [(err as Error).message] };
  }
  if (values.help === true) return { kind: 'help' };
  if (values.list === true) return { kind: 'list' };

  const errors: string[] = [];
  const str = (k: string): string | undefined => values[k] as string | undefined;
  const scenario = str('scenario');
  if (scenario === undefined || scenario.trim() === '') errors.push('--scenario: required (a preset name or a JSON file)');
  const paths = intFlag(str('paths'), 'paths', 1, LIMITS.maxPaths, errors) ?? DEFAULT_PATHS;
  const seed = intFlag(str('seed'), 'seed', 0, 2 ** 32 - 1, errors) ?? DEFAULT_SEED;
  const periods = intFlag(str('periods'), 'periods', 1, LIMITS.maxPeriods, errors);
  const chunk = intFlag(str('chunk'), 'chunk', 1, LIMITS.maxPaths, errors);
  for (const k of ['json', 'csv'] as const) {
    if (str(k) !== undefined && str(k)!.trim() === '') errors.push(`--${k}: needs a file name`);
  }
  if (errors.length > 0) return { kind: 'error', errors };
  return { kind: 'run', options: { scenario: scenario!, paths, seed, periods, json: str('json'), csv: str('csv'), chunk } };
}

/**
 * Side-by-side benchmark (not a test): how much faster can two workers be than one on this
 * machine, with no database, queue or API in the way? It times the engine's own work in one
 * process, then the same work in two processes at once, and reports the throughput ratio
 * (2 x alone / side by side). Issues 5 and 7 ask 2 workers for 1.7x; this is the ceiling the
 * machine itself sets for that ratio. A pure-arithmetic loop is the control: it touches no
 * memory, so it shows whether the cores themselves or the memory behind them limit the ratio.
 *
 *   npm run bench:side-by-side                    # every case, 3 rounds
 *   npx tsx bench/side-by-side.bench.ts --rounds 5 --only run-chunk
 *
 * Cases: `run-chunk` = one run chunk of the preset (2,500 paths, sketch mode, as bench:runs'
 * 10,000-path run has four); `sweep-variants` = 100 three-labs variants of 100 paths each (exact
 * mode, as bench:sweeps' variants); `arithmetic` = the control. Rounds alternate alone and side
 * by side so that a neighbour's load hits both alike.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMonteCarlo } from '../src/engine/monte-carlo/run-monte-carlo.js';
import { loadPreset } from '../src/engine/presets/presets.js';

const CASES: Record<string, () => void> = {
  'run-chunk': () => {
    runMonteCarlo(loadPreset('deepseek-debates-2025')!, { paths: 2_500, seed: 2025 }, { chunkPaths: 2_500 });
  },
  'sweep-variants': () => {
    const doc = loadPreset('three-labs')!;
    for (let v = 0; v < 100; v++) runMonteCarlo(doc, { paths: 100, seed: 2025 + v });
  },
  arithmetic: () => {
    let x = 0;
    for (let i = 0; i < 4e8; i++) x = (x * 1.0000001 + i) % 1e9;
    if (x < 0) throw new Error('unreachable');
  },
};

const { values: flags } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, only: { type: 'string' }, child: { type: 'string' } },
});

/** Child: warm up once, then time the case once; prints wall seconds. */
function child(name: string): void {
  const work = CASES[name];
  if (!work) throw new Error(`unknown case ${name}`);
  work();
  const t0 = performance.now();
  work();
  process.stdout.write(`${(performance.now() - t0) / 1000}\n`);
}

/** Runs `copies` children of a case at once; resolves with each one's timed seconds. */
function runCopies(name: string, copies: number): Promise<number[]> {
  const self = fileURLToPath(import.meta.url);
  return Promise.all(
    Array.from(
      { length: copies },
      () =>
        new Promise<number>((resolve, reject) => {
          const p = spawn(process.execPath, [...process.execArgv, self, '--child', name], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          p.stdout.on('data', (d: Buffer) => (out += d.toString()));
          p.on('exit', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`${name} child exited ${code}`))));
        }),
    ),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function main(): Promise<void> {
  const rounds = Number(flags.rounds);
  const names = flags.only?.split(',') ?? Object.keys(CASES);
  console.log(`side by side: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}, ${rounds} round(s), load average ${loadavg()[0]!.toFixed(1)}`);
  for (const name of names) {
    const alone: number[] = [];
    const together: number[] = [];
    for (let r = 0; r < rounds; r++) {
      alone.push(...(await runCopies(name, 1)));
      // Side by side the pair finishes when its slower process does.
      together.push(Math.max(...(await runCopies(name, 2))));
    }
    const ratio = (2 * median(alone)) / median(together);
    console.log(
      `  ${name.padEnd(15)} alone ${alone.map((s) => s.toFixed(2)).join(' / ')} s; two side by side ${together.map((s) => s.toFixed(2)).join(' / ')} s: ` +
        `2 processes do ${ratio.toFixed(2)}x the work of 1 (medians)`,
    );
  }
  console.log(`  load average at the end ${loadavg()[0]!.toFixed(1)}`);
}

if (flags.child !== undefined) child(flags.child);
else await main();

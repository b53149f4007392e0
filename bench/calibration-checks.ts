/**
 * The calibration checks of shared/CALIBRATION.md ("Checks a calibrated preset should pass"),
 * computed from a run's result rows and printed as a markdown table for docs/calibration.md.
 * Reported as they come out, never forced.
 *
 *   npx tsx bench/calibration-checks.ts [--paths N] [--seed S]
 */
import { parseArgs } from 'node:util';
import type { ResultRow } from '../src/engine/monte-carlo/types.js';
import { runMonteCarlo } from '../src/engine/monte-carlo/run-monte-carlo.js';
import { loadPreset } from '../src/engine/presets/presets.js';

/** p50 of one series by ISO month ("2025-01"), from the rows. */
function series(rows: readonly ResultRow[], entityType: string, entity: string, metric: string): Map<string, ResultRow> {
  const out = new Map<string, ResultRow>();
  for (const r of rows) if (r.entityType === entityType && r.entity === entity && r.metric === metric) out.set(r.date.slice(0, 7), r);
  return out;
}

function fmt(x: number | undefined, digits = 3): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  return Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(2) : x.toFixed(digits);
}

interface Check {
  check: string;
  measure: string;
  value: string;
  pass: boolean;
}

/** Evaluates the three CALIBRATION.md checks on the deepseek preset's rows (means across paths). */
export function calibrationChecks(rows: readonly ResultRow[]): Check[] {
  const mean = (s: Map<string, ResultRow>, month: string): number => s.get(month)?.mean ?? NaN;
  const checks: Check[] = [];

  const cheapest = series(rows, 'segment', 'gpt4o-class', 'cheapestPrice');
  const months = [...cheapest.keys()].sort();
  const yearly: string[] = [];
  let allTenfold = true;
  for (const [from, to] of [['2024-09', '2025-09'], ['2025-01', '2026-01'], ['2025-09', '2026-09'], ['2026-09', '2027-09']]) {
    if (!cheapest.has(from) || !cheapest.has(to)) continue;
    const factor = mean(cheapest, from) / mean(cheapest, to);
    allTenfold &&= factor >= 10;
    yearly.push(`${from}->${to}: ${fmt(factor, 1)}x`);
  }
  const first = months[0];
  const last = months[months.length - 1];
  const years = (Number(last.slice(0, 4)) * 12 + Number(last.slice(5)) - Number(first.slice(0, 4)) * 12 - Number(first.slice(5))) / 12;
  const cagr = (mean(cheapest, first) / mean(cheapest, last)) ** (1 / years);
  checks.push({
    check: 'Cheapest GPT-4o-class price falls >= 10x a year',
    measure: `segment gpt4o-class cheapestPrice, fall over 12-month windows; whole run ${first}..${last}`,
    value: `${yearly.join('; ')}; whole run ${fmt(cagr, 1)}x/yr ($${fmt(mean(cheapest, first))} -> $${fmt(mean(cheapest, last))})`,
    pass: allTenfold && cagr >= 10,
  });

  const premium = series(rows, 'segment', 'o1-class', 'leaderPremium');
  const p = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-07'].map((m) => mean(premium, m));
  checks.push({
    check: 'After R1 (2025-01) the o1-class leader premium decays',
    measure: 'segment o1-class leaderPremium (price / cost) at 2025-01, -02, -03, -04, -07',
    value: p.map((v) => `${fmt(v, 2)}x`).join(', '),
    pass: p[4] < p[0] && p[3] < p[0],
  });

  const spend = series(rows, 'market', 'market', 'totalSpend');
  const s = ['2024-12', '2025-01', '2025-02', '2025-04', '2025-07'].map((m) => mean(spend, m));
  checks.push({
    check: 'After R1 total token spend rises (Jevons)',
    measure: 'market totalSpend (USD / month) at 2024-12, 2025-01, -02, -04, -07',
    value: s.map((v) => `$${fmt(v / 1e9, 2)}B`).join(', '),
    pass: s[1] > s[0] && s[4] > s[0],
  });

  const gpu = series(rows, 'market', 'market', 'gpuRentalPrice');
  const g = ['2024-12', '2025-01', '2025-02', '2025-03', '2025-04'].map((m) => mean(gpu, m));
  checks.push({
    check: 'GPU rental price rises in the months after the zero-margin releases (V3 2024-12, R1 2025-01)',
    measure: 'market gpuRentalPrice (USD / GPU-hour) at 2024-12, 2025-01, -02, -03, -04',
    value: g.map((v) => `$${fmt(v, 2)}`).join(', '),
    pass: g[2] > g[1] || g[3] > g[1],
  });
  return checks;
}

async function mainCli(): Promise<void> {
  const { values } = parseArgs({ options: { paths: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } } });
  const paths = Number(values.paths);
  const seed = Number(values.seed);
  const doc = loadPreset('deepseek-debates-2025')!;
  const rows = runMonteCarlo(doc, { paths, seed });
  const lines = ['| check | measured | result | pass |', '|---|---|---|---|'];
  for (const c of calibrationChecks(rows)) lines.push(`| ${c.check} | ${c.measure} | ${c.value} | ${c.pass ? 'yes' : 'no'} |`);
  process.stdout.write(`Command: npx tsx bench/calibration-checks.ts --paths ${paths} --seed ${seed} (means over paths)\n\n${lines.join('\n')}\n`);
}

await mainCli();

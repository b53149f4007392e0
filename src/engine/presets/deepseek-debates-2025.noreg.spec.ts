/**
 * Seed-locked regression snapshot of the deepseek preset's key series (200 paths, seed 1). It
 * fails when any engine change moves these numbers: if the move is intended, review the diff and
 * update the snapshot (`npm run test:jest -- deepseek-debates-2025.noreg -u`) and bump
 * ENGINE_VERSION. Not a check of correctness; the closed-form tests are.
 */
import { describe, expect, it } from '@jest/globals';
import { runMonteCarlo } from '../monte-carlo/run-monte-carlo.js';
import type { ResultRow } from '../monte-carlo/types.js';
import { loadPreset } from './presets.js';

const SERIES: [ResultRow['entityType'], string, string][] = [
  ['market', 'market', 'totalSpend'],
  ['market', 'market', 'totalTokens'],
  ['market', 'market', 'gpuRentalPrice'],
  ['market', 'market', 'hhi'],
  ['segment', 'gpt4o-class', 'cheapestPrice'],
  ['segment', 'o1-class', 'cheapestPrice'],
  ['segment', 'o1-class', 'leaderPremium'],
  ['segment', 'o3-class', 'leaderPremium'],
  ['lab', 'OpenAI', 'revenue'],
  ['lab', 'DeepSeek', 'cash'],
  ['model', 'deepseek-r1', 'price'],
  ['model', 'o1', 'price'],
];
/** Start, the V3/R1 releases, o3, one and two years on, the end. */
const PERIODS = [0, 3, 4, 7, 12, 24, 39];

/** Six significant digits: enough to catch a change, short enough to read in a diff. */
const sig = (x: number): number => Number(x.toPrecision(6));

describe('deepseek-debates-2025 (seed-locked)', () => {
  it('keeps its key series at 200 paths, seed 1', () => {
    const rows = runMonteCarlo(loadPreset('deepseek-debates-2025')!, { paths: 200, seed: 1 });
    const byKey = new Map(rows.map((r) => [`${r.entityType}|${r.entity}|${r.metric}|${r.period}`, r]));
    const summary: Record<string, string> = {};
    for (const [type, entity, metric] of SERIES) {
      for (const t of PERIODS) {
        const r = byKey.get(`${type}|${entity}|${metric}|${t}`);
        summary[`${type}|${entity}|${metric}|${t}`] = r === undefined ? 'no row' : `${sig(r.mean)} [${sig(r.p05)}, ${sig(r.p50)}, ${sig(r.p95)}]`;
      }
    }
    expect(summary).toMatchSnapshot();
  });
});

import { describe, expect, it } from '@jest/globals';
import type { ResultRow } from '../engine/monte-carlo/types.js';
import type { ScenarioDoc } from '../engine/scenario/types.js';
import { formatMoney, formatSummary } from './run-summary.js';

const doc = {
  name: 'tiny',
  tiers: [
    { name: 'low', threshold: 50 },
    { name: 'high', threshold: 80 },
  ],
  labs: [{ name: 'Early' }, { name: 'Late' }],
  models: [
    { name: 'e-old', lab: 'Early', releaseDate: '2024-01-01' },
    { name: 'l-a', lab: 'Late', releaseDate: '2024-06-01' },
  ],
} as unknown as ScenarioDoc;

const dates = ['2025-01-01', '2025-02-01', '2025-03-01'];
function rows(): ResultRow[] {
  const out: ResultRow[] = [];
  const add = (t: number, entityType: ResultRow['entityType'], entity: string, metric: string, mean: number) =>
    out.push({ period: t, date: dates[t], entityType, entity, metric, mean, p05: mean, p25: mean, p50: mean, p75: mean, p95: mean });
  for (let t = 0; t < 3; t++) {
    // e-old sits at tier 0 all along; its roadmap successor e-old+1 (tier 1) appears at t = 2.
    add(t, 'model', 'e-old', 'tier', 0);
    add(t, 'model', 'e-old', 'capability', 60);
    add(t, 'model', 'e-old', 'price', 10 - t);
    add(t, 'model', 'e-old', 'marketShare', t === 2 ? 0.2 : 0.6);
    add(t, 'model', 'l-a', 'tier', 1);
    add(t, 'model', 'l-a', 'capability', 85);
    add(t, 'model', 'l-a', 'price', 3);
    add(t, 'model', 'l-a', 'marketShare', 0.4);
    add(t, 'lab', 'Early', 'revenue', 1e9);
    add(t, 'lab', 'Late', 'revenue', 2e6);
    add(t, 'segment', 'low', 'cheapestPrice', 3);
    add(t, 'segment', 'high', 'cheapestPrice', 3);
    add(t, 'market', 'market', 'gpuRentalPrice', [2, 4, 3][t]);
  }
  add(2, 'model', 'e-old+1', 'tier', 1);
  add(2, 'model', 'e-old+1', 'capability', 90);
  add(2, 'model', 'e-old+1', 'price', 20);
  add(2, 'model', 'e-old+1', 'marketShare', 0.4);
  return out;
}

describe(formatSummary.name, () => {
  const text = formatSummary(doc, rows(), 'header');

  it('sums lab revenue over periods and adds successors to their lab for the final share', () => {
    expect(text).toMatch(/Early\s+\$3\.00B/);
    expect(text).toMatch(/Late\s+\$6\.00M/);
    // Early at the end: e-old 0.2 + e-old+1 0.4.
    expect(text).toMatch(/Early.*60\.0%/);
  });

  it('prices each tier by its leader lab: the first to reach it, then its model at exactly that tier', () => {
    // "low": Early reached it first (e-old, 2024-01) and e-old is exactly at tier 0 throughout.
    expect(text).toMatch(/low .*\$10\.00 \(e-old\)\s+\$8\.00 \(e-old\)/);
    // "high": Late reached it first (l-a at t = 0); Early's successor only appears at t = 2.
    expect(text).toMatch(/high .*\$3\.00 \(l-a\)\s+\$3\.00 \(l-a\)/);
  });

  it('reports the GPU rental peak with its month', () => {
    expect(text).toMatch(/GPU rental.*\$2\.00\s+\$3\.00\s+\$4\.00 @2025-02/);
  });
});

describe(formatMoney.name, () => {
  it('puts the sign before the dollar and picks a unit', () => {
    expect(formatMoney(-2.5e9)).toBe('-$2.50B');
    expect(formatMoney(1234)).toBe('$1.2k');
    expect(formatMoney(0.5)).toBe('$0.5000');
    expect(formatMoney(NaN)).toBe('-');
  });
});

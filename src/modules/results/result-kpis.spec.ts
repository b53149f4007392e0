import { describe, expect, it } from '@jest/globals';
import type { ResultRow } from '../../engine/monte-carlo/types.js';
import type { ScenarioDoc } from '../../engine/scenario/types.js';
import { computeResultKpis } from './result-kpis.js';

const DATES = ['2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01'];

function row(entityType: ResultRow['entityType'], entity: string, metric: string, period: number, mean: number): ResultRow {
  return { period, date: DATES[period]!, entityType, entity, metric, mean, p05: mean, p25: mean, p50: mean, p75: mean, p95: mean };
}

/** Only the fields the KPIs read: labs with strategies, models with labs, tiers, periodMonths. */
const DOC = {
  periodMonths: 3,
  tiers: [{ name: 'base' }, { name: 'frontier' }],
  labs: [
    { name: 'Alpha', pricing: { strategy: 'FRONTIER_PREMIUM' } },
    { name: 'Zero', pricing: { strategy: 'ZERO_MARGIN', subsidy: 0.2 } },
  ],
  models: [
    { name: 'a1', lab: 'Alpha' },
    { name: 'z1', lab: 'Zero' },
  ],
} as unknown as ScenarioDoc;

describe('computeResultKpis', () => {
  const rows: ResultRow[] = [
    // Leader premium of `frontier`: 5, 3, 2 (not above 2), 1.5 -> two periods above 2x = 6 months.
    ...[5, 3, 2, 1.5].map((v, t) => row('segment', 'frontier', 'leaderPremium', t, v)),
    // `base` is led only from period 2, at 2.5 then 1.1 -> one period above 2x.
    row('segment', 'base', 'leaderPremium', 2, 2.5),
    row('segment', 'base', 'leaderPremium', 3, 1.1),
    // Zero burns cash: 100, 40, -20, -80; runway 1000 while not burning, then cash / burn, 0 when out.
    ...[100, 40, -20, -80].map((v, t) => row('lab', 'Zero', 'cash', t, v)),
    ...[1000, 0.666, 0, 0].map((v, t) => row('lab', 'Zero', 'runwayPeriods', t, v)),
    ...[10, 20, 30, 40].map((v, t) => row('market', 'market', 'totalTokens', t, v)),
    ...[1, 2, 3, 4].map((v, t) => row('market', 'market', 'totalSpend', t, v)),
    ...[7, 9, 8, 6].map((v, t) => row('market', 'market', 'gpuRentalPrice', t, v)),
    ...[1, 2, 3, 4].map((v, t) => row('lab', 'Alpha', 'revenue', t, v)),
    // Alpha's share in the last period: its model a1 and its roadmap successor a1+1.
    row('model', 'a1', 'marketShare', 3, 0.25),
    row('model', 'a1+1', 'marketShare', 3, 0.35),
    row('model', 'z1', 'marketShare', 3, 0.4),
  ];

  it('counts the months each tier\'s leader kept a premium strictly above 2x', () => {
    expect(computeResultKpis(rows, DOC).premiumAbove2x).toEqual([
      { tier: 'base', periodsAbove2x: 1, monthsAbove2x: 3 },
      { tier: 'frontier', periodsAbove2x: 2, monthsAbove2x: 6 },
    ]);
  });

  it('gives the runway of zero-margin labs only, with the period their cash runs out', () => {
    expect(computeResultKpis(rows, DOC).zeroMarginRunway).toEqual([
      { lab: 'Zero', finalRunwayPeriods: 0, minRunwayPeriods: 0, finalCash: -80, cashOutPeriod: 2, cashOutDate: '2025-07-01' },
    ]);
  });

  it('sums tokens and spend, finds the GPU price peak, and adds successors to their lab\'s share', () => {
    const k = computeResultKpis(rows, DOC);
    expect(k.cumulativeTokens).toBe(100);
    expect(k.cumulativeSpend).toBe(10);
    expect(k.periodMonths).toBe(3);
    expect(k.peakGpuRentalPrice).toEqual({ value: 9, period: 1, date: '2025-04-01' });
    expect(k.labs.find((l) => l.lab === 'Alpha')).toMatchObject({ cumulativeRevenue: 10, finalShare: 0.6 });
    expect(k.labs.find((l) => l.lab === 'Zero')!.finalShare).toBeCloseTo(0.4, 15);
  });
});

import { describe, expect, it } from '@jest/globals';
import type { ResultRow } from '../../engine/monte-carlo/types.js';
import { loadPreset } from '../../engine/presets/presets.js';
import { computeRunKpis, labOfModel } from './run-kpis.js';

const doc = loadPreset('three-labs')!;
const DATES = ['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01'];

/** A row whose statistics are all `mean` (the KPIs read means only). */
function row(entityType: ResultRow['entityType'], entity: string, metric: string, period: number, mean: number): ResultRow {
  return { period, date: DATES[period]!, entityType, entity, metric, mean, p05: -1, p25: -1, p50: -1, p75: -1, p95: -1 };
}

function series(entityType: ResultRow['entityType'], entity: string, metric: string, values: (number | null)[]): ResultRow[] {
  return values.flatMap((v, t) => (v === null ? [] : [row(entityType, entity, metric, t, v)]));
}

describe(computeRunKpis.name, () => {
  const rows = [
    ...series('lab', 'Frontier', 'revenue', [10, 20, 30, 40]),
    ...series('lab', 'Frontier', 'operatingProfit', [5, -5, 5, 10]),
    ...series('lab', 'Frontier', 'cash', [100, 95, 100, 110]),
    ...series('lab', 'Frontier', 'runwayPeriods', [1000, 19, 1000, 1000]),
    ...series('lab', 'OpenLab', 'revenue', [1, 1, 1, 1]),
    ...series('lab', 'OpenLab', 'runwayPeriods', [8, 6, 4, 2]),
    // frontier-4o leads gpt4o-class; its successor frontier-o1+1 is a roadmap model of the same lab.
    ...series('model', 'frontier-4o', 'marketShare', [0.5, 0.4, 0.3, 0.2]),
    ...series('model', 'frontier-o1+1', 'marketShare', [null, null, 0.1, 0.15]),
    ...series('model', 'open-v3', 'marketShare', [0.5, 0.6, 0.6, 0.65]),
    ...series('market', 'market', 'gpuRentalPrice', [2.5, 3.1, 2.9, 3.1]),
    ...series('market', 'market', 'totalSpend', [11, 21, 31, 41]),
    // premium 5 -> excess 4, halves to <= 2 (premium <= 3) at period 3: half-life 2 periods from period 1.
    ...series('segment', 'gpt4o-class', 'leaderPremium', [null, 5, 4, 3]),
  ];
  const kpis = computeRunKpis(rows, doc);

  it('sums per-period means for cumulative revenue and profit, and takes the last period for cash and runway', () => {
    const frontier = kpis.labs.find((l) => l.lab === 'Frontier')!;
    expect(frontier).toEqual({
      lab: 'Frontier',
      strategy: 'FRONTIER_PREMIUM',
      cumulativeRevenue: 100,
      cumulativeOperatingProfit: 15,
      finalCash: 110,
      finalShare: 0.2 + 0.15,
      finalRunwayPeriods: 1000,
      minRunwayPeriods: 19,
    });
    const open = kpis.labs.find((l) => l.lab === 'OpenLab')!;
    expect(open).toMatchObject({ strategy: 'ZERO_MARGIN', cumulativeRevenue: 4, finalCash: null, finalShare: 0.65, finalRunwayPeriods: 2, minRunwayPeriods: 2 });
    const follower = kpis.labs.find((l) => l.lab === 'Follower')!;
    expect(follower).toMatchObject({ cumulativeRevenue: 0, finalShare: 0, finalCash: null, finalRunwayPeriods: null });
  });

  it('finds the first peak of the GPU rental price and sums market spend', () => {
    expect(kpis.peakGpuRentalPrice).toEqual({ value: 3.1, period: 1, date: '2025-02-01' });
    expect(kpis.cumulativeSpend).toBe(104);
    expect(kpis.periods).toBe(4);
  });

  it('measures the frontier premium: peak, periods above cost and the half-life of the excess', () => {
    expect(kpis.frontierPremium).toEqual([
      { tier: 'gpt4o-class', peakLeaderPremium: 5, periodsAboveCost: 3, halfLifePeriods: 2 },
      { tier: 'o1-class', peakLeaderPremium: null, periodsAboveCost: 0, halfLifePeriods: null },
    ]);
  });

  it('maps roadmap successors to the lab of their base model', () => {
    expect(labOfModel(doc, 'frontier-o1+1+2')).toBe('Frontier');
    expect(labOfModel(doc, 'nobody')).toBeUndefined();
  });
});

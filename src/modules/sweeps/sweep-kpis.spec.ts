import { describe, expect, it } from '@jest/globals';
import { flattenKpis, tornadoBars } from './sweep-kpis.js';

describe('flattenKpis', () => {
  it('names every numeric KPI with the scenario path syntax and keeps nulls', () => {
    const kpis = {
      periods: 24,
      labs: [
        { lab: 'OpenLab', strategy: 'ZERO_MARGIN', cumulativeRevenue: 5, finalCash: null },
        { lab: 'Frontier', strategy: 'FRONTIER_PREMIUM', cumulativeRevenue: 7, finalCash: 1 },
      ],
      peakGpuRentalPrice: { value: 3.5, period: 4, date: '2025-05-01' },
      frontierPremium: [{ tier: 'o1-class', peakLeaderPremium: 12, halfLifePeriods: null }],
      cumulativeSpend: 99,
    };
    expect(flattenKpis(kpis, { cumulativeTokens: 1e12 })).toEqual({
      'labs[OpenLab].cumulativeRevenue': 5,
      'labs[OpenLab].finalCash': null,
      'labs[Frontier].cumulativeRevenue': 7,
      'labs[Frontier].finalCash': 1,
      peakGpuRentalPrice: 3.5,
      'frontierPremium[o1-class].peakLeaderPremium': 12,
      'frontierPremium[o1-class].halfLifePeriods': null,
      cumulativeSpend: 99,
      cumulativeTokens: 1e12,
    });
  });

  it('gives only the extras for a run without KPIs', () => {
    expect(flattenKpis(null, { cumulativeTokens: null })).toEqual({ cumulativeTokens: null });
  });
});

describe('tornadoBars', () => {
  const params = [
    { path: 'a', low: 1, high: 2 },
    { path: 'b', low: 0, high: 10 },
    { path: 'c', low: 5, high: 6 },
  ];
  const variants = [
    { role: 'base' as const, parameter: null, kpis: { k: 100 } },
    { role: 'low' as const, parameter: 'a', kpis: { k: 95 } },
    { role: 'high' as const, parameter: 'a', kpis: { k: 104 } },
    { role: 'low' as const, parameter: 'b', kpis: { k: 130 } },
    { role: 'high' as const, parameter: 'b', kpis: { k: 60 } },
    { role: 'low' as const, parameter: 'c', kpis: { k: null } },
    { role: 'high' as const, parameter: 'c', kpis: { k: 101 } },
  ];

  it('gives low/high against the base, sorted by swing, missing swings last', () => {
    expect(tornadoBars(params, variants, 'k')).toEqual([
      { parameter: 'b', low: 0, high: 10, kpiBase: 100, kpiLow: 130, kpiHigh: 60, swing: 70 },
      { parameter: 'a', low: 1, high: 2, kpiBase: 100, kpiLow: 95, kpiHigh: 104, swing: 9 },
      { parameter: 'c', low: 5, high: 6, kpiBase: 100, kpiLow: null, kpiHigh: 101, swing: null },
    ]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { GPU_G, gpuMarket, technology } from '../scenario/spec-parts.js';
import type { Scenario } from '../scenario/types.js';
import { monthIndex } from '../time.js';
import { expandRoadmaps } from './roadmap.js';

function scenario(): Scenario {
  return {
    name: 'roadmap',
    startDate: '2025-01-01',
    periods: 24,
    periodMonths: 1,
    tiers: [{ name: 't0', threshold: 50 }],
    segments: [{ tier: 't0', baseVolume: 1, referencePrice: 1, elasticity: 1.5, growthPerYear: 1, alpha: 1, beta: 0 }],
    gpuTypes: [GPU_G],
    technology: technology({ algorithmicEfficiencyGainPerYear: 4 }),
    gpuMarket: gpuMarket({ exogenousDemandHours: 0 }),
    labs: [
      {
        name: 'L',
        pricing: { strategy: 'COST_PLUS', markup: 0 },
        fleet: { G: 1 },
        servingShare: 1,
        cloudBurst: false,
        brand: 0,
        fixedCostPerPeriod: 0,
        roadmap: { cadenceMonths: 6, capabilityStep: 10, computeMultiplierPer10Points: 4 },
      },
    ],
    models: [
      { name: 'old', lab: 'L', releaseDate: '2024-03-01', capability: 95, serving: { gpuType: 'G', costPerMTokens: 1 } },
      {
        name: 'base',
        lab: 'L',
        releaseDate: '2024-12-15',
        retireDate: '2025-06-01',
        capability: 85,
        serving: { gpuType: 'G', activeParamsB: 100, totalParamsB: 150, bytesPerParam: 1, kvBytesPerToken: 1000 },
        priceHistory: [{ date: '2025-01-01', price: 3 }],
      },
    ],
  };
}

describe(expandRoadmaps.name, () => {
  it('releases successors every cadence after the latest model, more capable and scaled by 4^(step/10) / 4^(cadence/12)', () => {
    const list = expandRoadmaps(scenario(), monthIndex('2027-01-01'));
    const successors = list.filter((e) => e.base >= 0).map((e) => e.model);
    // Base released 2024-12: successors in 2025-06, 2025-12, 2026-06, 2026-12 (the horizon ends 2027-01).
    expect(successors.map((m) => [m.name, m.releaseDate, m.capability])).toEqual([
      ['base+1', '2025-06-01', 95],
      ['base+2', '2025-12-01', 100],
      ['base+3', '2026-06-01', 100],
      ['base+4', '2026-12-01', 100],
    ]);
    const step = Math.pow(4, 1) / Math.pow(4, 0.5); // = 2
    expect(successors[0]!.serving.activeParamsB).toBeCloseTo(100 * step, 9);
    expect(successors[1]!.serving.kvBytesPerToken).toBeCloseTo(1000 * step * step, 9);
    // totalParamsB is kept, raised to activeParamsB when below it.
    expect(successors[0]!.serving.totalParamsB).toBeCloseTo(200, 9);
    expect(successors[0]!.priceHistory).toBeUndefined();
    expect(successors[0]!.retireDate).toBeUndefined();
    expect(list.find((e) => e.model.name === 'base+2')!.costFactor).toBeCloseTo(step * step, 9);
  });

  it('breaks a release-date tie by the higher capability', () => {
    const sc = scenario();
    sc.models.push({ ...sc.models[1]!, name: 'twin', capability: 90 });
    const names = expandRoadmaps(sc, monthIndex('2025-07-01')).map((e) => e.model.name);
    expect(names).toContain('twin+1');
    expect(names).not.toContain('base+1');
  });
});

import { describe, expect, it } from '@jest/globals';
import { GPU_G, gpuMarket, technology } from '../scenario/spec-parts.js';
import type { Scenario } from '../scenario/types.js';
import { simulatePath } from './simulate-path.js';
import { seriesKey } from './types.js';

function market(): Scenario {
  return {
    name: 'timeline',
    startDate: '2025-01-01',
    periods: 6,
    periodMonths: 1,
    tiers: [{ name: 't0', threshold: 50 }],
    segments: [{ tier: 't0', baseVolume: 1e6, referencePrice: 4, elasticity: 1.5, growthPerYear: 1.5, alpha: 2, beta: 0.1 }],
    gpuTypes: [GPU_G],
    technology: technology({ servingEfficiencyGainPerYear: 2, algorithmicEfficiencyGainPerYear: 4, loadFactor: 0.7 }),
    gpuMarket: gpuMarket({ supplyGrowthPerYear: 1.2 }),
    labs: [
      {
        name: 'Z',
        pricing: { strategy: 'ZERO_MARGIN', subsidy: 0, then: { strategy: 'COST_PLUS', markup: 1 } },
        fleet: { G: 1e6 },
        servingShare: 0.5,
        cloudBurst: false,
        brand: 0,
        cash: 1e9,
        fixedCostPerPeriod: 0,
      },
    ],
    models: [{ name: 'z', lab: 'Z', releaseDate: '2024-01-01', capability: 60, serving: { gpuType: 'G', activeParamsB: 37, totalParamsB: 671, bytesPerParam: 1, kvBytesPerToken: 70272 } }],
  };
}

const get = (r: ReturnType<typeof simulatePath>, type: 'model' | 'lab', name: string, metric: string) => r.series.get(seriesKey(type, name, metric))!;

describe('simulatePath over a changing timeline', () => {
  it('ZERO_MARGIN switches to its `then` rule for good after the lab ends a period with cash below 0', () => {
    const sc = market();
    const r = simulatePath({ periods: sc.periods, at: () => sc });
    const cash = get(r, 'lab', 'Z', 'cash');
    const price = get(r, 'model', 'z', 'price');
    const cost = get(r, 'model', 'z', 'cost');
    // The whole fleet costs 1e6 x 730 x 2 = 1.46e9 a period, more than the 1e9 of cash.
    expect(cash[0]!).toBeLessThan(0);
    expect(price[0]).toBeCloseTo(cost[0]!, 12);
    for (let t = 1; t < 6; t++) expect(price[t]).toBeCloseTo(2 * cost[t]!, 12);
  });

  it('an event adding to a lab’s cash adds to its running cash from that period', () => {
    const before = market();
    before.labs[0]!.cash = 1e12; // never runs out: stays at zero margin
    const after: Scenario = { ...before, labs: [{ ...before.labs[0]!, cash: 1e12 + 5e9 }] };
    const r = simulatePath({ periods: 6, at: (t) => (t < 3 ? before : after) });
    const plain = simulatePath({ periods: 6, at: () => before });
    const cash = get(r, 'lab', 'Z', 'cash');
    const plainCash = get(plain, 'lab', 'Z', 'cash');
    expect(cash[2]).toBe(plainCash[2]);
    for (let t = 3; t < 6; t++) expect(cash[t]! - plainCash[t]!).toBeCloseTo(5e9, 0);
  });

  it('a fresh but equal scenario object each period gives the same series as one shared object', () => {
    const sc = market();
    const shared = simulatePath({ periods: sc.periods, at: () => sc });
    const fresh = simulatePath({ periods: sc.periods, at: () => structuredClone(sc) });
    expect([...fresh.series.keys()]).toEqual([...shared.series.keys()]);
    for (const [key, values] of shared.series) expect(Array.from(fresh.series.get(key)!)).toEqual(Array.from(values));
  });

  it('a model given by cost keeps the h derived in its first period when later periods bring new objects', () => {
    const sc = market();
    sc.labs[0]!.cash = 1e12;
    sc.labs[0]!.cloudBurst = true; // hour cost = the rental price, which moves
    sc.models = [{ name: 'z', lab: 'Z', releaseDate: '2024-01-01', capability: 60, serving: { gpuType: 'G', costPerMTokens: 0.5 } }];
    const r = simulatePath({ periods: sc.periods, at: () => structuredClone(sc) });
    const cost = r.series.get(seriesKey('model', 'z', 'cost'))!;
    const rental = r.series.get(seriesKey('market', 'market', 'gpuRentalPrice'))!;
    expect(cost[0]).toBeCloseTo(0.5, 12);
    // c(t) = h / (lf S(t)) x rental(t), h = 0.5 lf S(0) / rental(0): c(t) = 0.5 (rental(t)/rental(0)) / 2^(t/12).
    for (let t = 1; t < 6; t++) expect(cost[t]).toBeCloseTo((0.5 * (rental[t]! / rental[0]!)) / Math.pow(2, t / 12), 12);
  });
});

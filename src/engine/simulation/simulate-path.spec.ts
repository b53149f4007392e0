import { describe, expect, it } from '@jest/globals';
import { GPU_G, gpuMarket, technology } from '../scenario/spec-parts.js';
import type { Scenario } from '../scenario/types.js';
import { simulatePath } from './simulate-path.js';
import { type PathResult, seriesKey } from './types.js';

/** One lab, one COST_PLUS model given by cost, one segment at its threshold: the smallest market. */
function oneModelMarket(): Scenario {
  return {
    name: 'one-model',
    startDate: '2025-01-01',
    periods: 13,
    periodMonths: 1,
    tiers: [{ name: 't0', threshold: 50 }],
    segments: [{ tier: 't0', baseVolume: 1e6, referencePrice: 4, elasticity: 1.5, growthPerYear: 1, alpha: 2, beta: 0.1 }],
    gpuTypes: [GPU_G],
    technology: technology(),
    gpuMarket: gpuMarket(),
    labs: [
      { name: 'A', pricing: { strategy: 'COST_PLUS', markup: 0.5 }, fleet: { G: 1e6 }, servingShare: 1, cloudBurst: false, brand: 0, cash: 1e10, fixedCostPerPeriod: 1e6 },
    ],
    models: [{ name: 'a', lab: 'A', releaseDate: '2024-01-01', capability: 50, serving: { gpuType: 'G', costPerMTokens: 1 } }],
  };
}

function run(sc: Scenario): PathResult {
  return simulatePath({ periods: sc.periods, at: () => sc });
}

function series(r: PathResult, type: 'model' | 'lab' | 'segment' | 'market', name: string, metric: string): Float64Array {
  const s = r.series.get(seriesKey(type, name, metric));
  if (s === undefined) throw new Error(`no series ${type}|${name}|${metric}`);
  return s;
}

describe(simulatePath.name, () => {
  it('Jevons: cost falling by F a year multiplies volume by F^eps and spend by F^(eps-1)', () => {
    const F = 4;
    const eps = 1.5;
    const sc = oneModelMarket();
    sc.technology.servingEfficiencyGainPerYear = F;
    const r = run(sc);
    const volume = series(r, 'segment', 't0', 'volume');
    const spend = series(r, 'segment', 't0', 'spend');
    expect(series(r, 'model', 'a', 'cost')[12]! / series(r, 'model', 'a', 'cost')[0]!).toBeCloseTo(1 / F, 12);
    expect(volume[12]! / volume[0]!).toBeCloseTo(Math.pow(F, eps), 9);
    expect(spend[12]! / spend[0]!).toBeCloseTo(Math.pow(F, eps - 1), 9);
    // Capacity is ample, so buyers' spend is the lab's revenue and the market's spend.
    const totalSpend = series(r, 'market', 'market', 'totalSpend');
    expect(totalSpend[12]! / totalSpend[0]!).toBeCloseTo(Math.pow(F, eps - 1), 9);
  });

  it('one model at the threshold: P = p, Q = A (p / ref)^-eps, share 1', () => {
    const r = run(oneModelMarket());
    const p = 1.5; // cost 1 x (1 + 0.5)
    expect(series(r, 'model', 'a', 'price')[0]).toBeCloseTo(p, 12);
    expect(series(r, 'segment', 't0', 'priceIndex')[0]).toBeCloseTo(p, 12);
    expect(series(r, 'segment', 't0', 'volume')[0]).toBeCloseTo(1e6 * Math.pow(p / 4, -1.5), 4);
    expect(series(r, 'model', 'a', 'segmentShare:t0')[0]).toBe(1);
    expect(series(r, 'segment', 't0', 'consumerSurplus')[0]).toBeCloseTo((1e6 * Math.pow(p / 4, -1.5) * p) / 0.5, 2);
  });

  it('financials and runway by hand', () => {
    const r = run(oneModelMarket());
    const q = 1e6 * Math.pow(1.5 / 4, -1.5);
    const revenue = 1.5 * q;
    const fleetCost = 1e6 * 730 * 2; // whole owned fleet, used or not
    const profit = revenue - fleetCost - 1e6;
    expect(series(r, 'lab', 'A', 'revenue')[0]).toBeCloseTo(revenue, 3);
    expect(series(r, 'lab', 'A', 'fleetCost')[0]).toBe(fleetCost);
    expect(series(r, 'lab', 'A', 'servingCost')[0]).toBeCloseTo(q, 3);
    expect(series(r, 'lab', 'A', 'operatingProfit')[0]).toBeCloseTo(profit, 3);
    expect(series(r, 'lab', 'A', 'cash')[1]).toBeCloseTo(1e10 + 2 * profit, 2);
    expect(series(r, 'lab', 'A', 'runwayPeriods')[0]).toBeCloseTo((1e10 + profit) / -profit, 9);
    expect(series(r, 'lab', 'A', 'trainingCost')[0]).toBe(0); // released before the start: sunk
    // h = cost x loadFactor / tco = 0.5 GPU-hours per 1M tokens; utilisation of the owned serving hours.
    expect(series(r, 'lab', 'A', 'utilization')[0]).toBeCloseTo((q * 0.5) / (1e6 * 730), 12);
  });

  it('the GPU rental price follows p(t+1) = p(t) (u/u*)^eta, clamped', () => {
    const r = run(oneModelMarket());
    const rental = series(r, 'market', 'market', 'gpuRentalPrice');
    const util = series(r, 'market', 'market', 'gpuUtilization');
    const demand = series(r, 'market', 'market', 'gpuDemandHours');
    const q = 1e6 * Math.pow(1.5 / 4, -1.5);
    expect(demand[0]).toBeCloseTo(q * 0.5 + 1e8, 3);
    expect(util[0]).toBeCloseTo(demand[0]! / 1e9, 12);
    expect(rental[0]).toBe(2);
    for (let t = 0; t < 12; t++) {
      const moved = rental[t]! * Math.pow(util[t]! / 0.8, 0.5);
      expect(rental[t + 1]).toBeCloseTo(Math.min(2 * rental[t]!, Math.max(0.5 * rental[t]!, moved)), 12);
    }
  });

  it('the frontier premium is highest while alone and decays by its half-life after a follower', () => {
    const sc = oneModelMarket();
    sc.labs = [
      { ...sc.labs[0]!, name: 'X', pricing: { strategy: 'FRONTIER_PREMIUM', premiumMultiple: 10, halfLifeMonths: 3, floorMultiple: 1.5 } },
      { ...sc.labs[0]!, name: 'Y', pricing: { strategy: 'COST_PLUS', markup: 0.2 } },
    ];
    sc.models = [
      { name: 'x', lab: 'X', releaseDate: '2024-06-01', capability: 60, serving: { gpuType: 'G', costPerMTokens: 1 } },
      { name: 'y', lab: 'Y', releaseDate: '2025-04-10', capability: 55, serving: { gpuType: 'G', costPerMTokens: 1 } },
    ];
    const premium = series(run(sc), 'segment', 't0', 'leaderPremium');
    for (let t = 0; t <= 3; t++) expect(premium[t]).toBeCloseTo(10, 12);
    for (let t = 4; t < 13; t++) {
      expect(premium[t]).toBeCloseTo(Math.max(1.5, 1 + 9 * Math.pow(0.5, (t - 3) / 3)), 12);
      expect(premium[t]!).toBeLessThan(premium[t - 1]!);
    }
  });

  it("a leader's older model drops in price and in capacity when its successor ships", () => {
    const sc = oneModelMarket();
    sc.tiers = [
      { name: 't0', threshold: 50 },
      { name: 't1', threshold: 70 },
    ];
    sc.segments.push({ ...sc.segments[0]!, tier: 't1', referencePrice: 20 });
    sc.labs = [
      {
        ...sc.labs[0]!,
        name: 'X',
        fleet: { G: 10 }, // 7,300 serving hours: capacity binds
        pricing: { strategy: 'FRONTIER_PREMIUM', premiumMultiple: 10, halfLifeMonths: 3, floorMultiple: 1.5 },
        roadmap: { cadenceMonths: 6, capabilityStep: 20, computeMultiplierPer10Points: 1 },
      },
    ];
    sc.models = [{ name: 'x', lab: 'X', releaseDate: '2024-10-01', capability: 60, serving: { gpuType: 'G', costPerMTokens: 1 } }];
    const r = run(sc);
    const price = series(r, 'model', 'x', 'price');
    const served = series(r, 'model', 'x', 'served');
    // The successor x+1 (capability 80, tier t1) ships in 2025-04, period 3.
    expect(Number.isNaN(series(r, 'model', 'x+1', 'price')[2]!)).toBe(true);
    expect(series(r, 'model', 'x+1', 'capability')[3]).toBe(80);
    expect(price[2]).toBeCloseTo(10, 12); // alone: d = 1
    expect(price[3]).toBeCloseTo(1 + 9 * 0.5, 12); // superseded: d x 0.5
    expect(served[2]).toBeCloseTo(7300 / 0.5, 6); // all the lab's hours at e = 0.5
    expect(served[3]!).toBeLessThan(served[2]!);
    expect(series(r, 'model', 'x+1', 'served')[3]).toBeCloseTo(7300 / 0.5, 6); // newest first
  });

  it('a path whose frame reuses the typed arrays of an earlier path of the same shape gives the same series', () => {
    const sc = oneModelMarket();
    const copies = (r: PathResult) => new Map([...r.series].map(([key, values]) => [key, Array.from(values)]));
    const first = copies(run(sc));
    // Same shape, other numbers: its frame leaves other values in the arrays the next frame reuses.
    const other: Scenario = { ...sc, segments: [{ ...sc.segments[0]!, elasticity: 0.7, growthPerYear: 3 }] };
    other.labs = [{ ...sc.labs[0]!, cash: -1, pricing: { strategy: 'COST_PLUS', markup: 3 } }];
    run(other);
    expect(copies(run(sc))).toEqual(first);
  });

  it('a path with another start date or period length than the last path has its own calendar', () => {
    // Paths with the last path's start, period length and periods share its calendar (calendarFor).
    const sc = oneModelMarket();
    sc.models = [{ ...sc.models[0]!, releaseDate: '2025-03-01' }];
    expect(Number.isNaN(series(run(sc), 'model', 'a', 'price')[1]!)).toBe(true);
    const twoMonths = series(run({ ...sc, periodMonths: 2 }), 'model', 'a', 'price');
    expect(twoMonths[1]).toBeCloseTo(1.5, 12);
    expect(series(run({ ...sc, periodMonths: 2, startDate: '2025-03-01' }), 'model', 'a', 'price')[0]).toBeCloseTo(1.5, 12);
  });
});

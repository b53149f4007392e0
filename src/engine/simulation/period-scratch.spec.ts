import { describe, expect, it } from '@jest/globals';
import { GPU_G, gpuMarket, technology } from '../scenario/spec-parts.js';
import type { Scenario } from '../scenario/types.js';
import { periodScratch } from './period-scratch.js';
import { simulatePath } from './simulate-path.js';
import type { PathResult } from './types.js';

// The period loop's per-model arrays are the thread's and start at fixed sizes (period-scratch.ts):
// a frame with more models or pairs must grow them, and a frame must read nothing an earlier
// frame left there.

/** `labCount` labs, `modelCount` models given by cost (released over the first periods), two segments. */
function market(modelCount: number, labCount: number): Scenario {
  const ownFleet = { pricing: { strategy: 'COST_PLUS', markup: 0.5 }, fleet: { G: 1e3 }, servingShare: 1, cloudBurst: false, brand: 0, cash: 1e10, fixedCostPerPeriod: 1e6 } as const;
  const rents = { pricing: { strategy: 'COST_PLUS', markup: 0.2 }, fleet: { G: 10 }, servingShare: 0.5, cloudBurst: true, brand: 0.2, cash: 1e9, fixedCostPerPeriod: 1e5 } as const;
  return {
    name: `market-${modelCount}-${labCount}`,
    startDate: '2025-01-01',
    periods: 8,
    periodMonths: 1,
    tiers: [
      { name: 't0', threshold: 40 },
      { name: 't1', threshold: 60 },
    ],
    segments: [
      { tier: 't0', baseVolume: 1e6, referencePrice: 4, elasticity: 1.5, growthPerYear: 1.2, alpha: 2, beta: 0.1 },
      { tier: 't1', baseVolume: 2e5, referencePrice: 9, elasticity: 1.2, growthPerYear: 1.5, alpha: 3, beta: 0.1 },
    ],
    gpuTypes: [GPU_G],
    technology: technology({ servingEfficiencyGainPerYear: 1.5 }),
    gpuMarket: gpuMarket(),
    labs: Array.from({ length: labCount }, (_, l) => ({ name: `L${l}`, ...(l % 2 === 0 ? ownFleet : rents) })),
    models: Array.from({ length: modelCount }, (_, j) => ({
      name: `m${j}`,
      lab: `L${j % labCount}`,
      releaseDate: `2025-0${1 + (j % 4)}-01`,
      capability: 40 + ((j * 7) % 30),
      serving: { gpuType: 'G', costPerMTokens: 0.5 + (j % 5) / 4 },
    })),
  };
}

function run(sc: Scenario): PathResult {
  return simulatePath({ periods: sc.periods, at: () => sc });
}

/** Every series of a result, copied (a pooled recorder's buffers may be reused). */
function copy(r: PathResult): Map<string, number[]> {
  return new Map([...r.series].map(([key, values]) => [key, Array.from(values)]));
}

function expectSameBits(a: Map<string, number[]>, b: Map<string, number[]>): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [key, values] of a) {
    const other = b.get(key)!;
    values.forEach((v, t) => {
      if (!Object.is(v, other[t])) throw new Error(`${key}[${t}]: ${v} then ${other[t]}`);
    });
  }
}

describe('period scratch', () => {
  it('grows for a frame larger than it covers, and no frame reads what an earlier one left', () => {
    const small = copy(run(market(3, 2)));
    // 300 models and labs (600 eligible model-segment pairs at most): past the 256 models and labs the scratch starts with.
    const large = copy(run(market(300, 300)));
    expect(periodScratch.models).toBeGreaterThanOrEqual(300);
    expect(periodScratch.labs).toBeGreaterThanOrEqual(300);
    expect(large.get('model|m299|price')!.some((v) => v > 0)).toBe(true);
    expect(large.get('lab|L299|revenue')!.some((v) => v > 0)).toBe(true);
    expectSameBits(large, copy(run(market(300, 300))));
    expectSameBits(small, copy(run(market(3, 2))));
  });
});

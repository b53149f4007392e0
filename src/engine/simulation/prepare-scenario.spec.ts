import { describe, expect, it } from '@jest/globals';
import type { Scenario } from '../scenario/types.js';
import { Calendar } from '../time.js';
import { preparedScenarioOf, prepareScenario } from './prepare-scenario.js';

function scenario(): Scenario {
  return {
    name: 'prepare',
    startDate: '2025-01-01',
    periods: 36,
    periodMonths: 1,
    tiers: [{ name: 't0', threshold: 50 }],
    segments: [{ tier: 't0', baseVolume: 1, referencePrice: 1, elasticity: 1.5, growthPerYear: 1, alpha: 1, beta: 0 }],
    gpuTypes: [{ name: 'G', memoryGB: 80, bandwidthTBs: 3, tflops: 1000, tcoPerHour: 2 }],
    technology: {
      servingEfficiencyGainPerYear: 1,
      algorithmicEfficiencyGainPerYear: 4,
      avgContextTokens: 1000,
      memUtil: 0.9,
      bwUtil: 0.5,
      mfu: 0.5,
      maxBatch: 64,
      loadFactor: 1,
    },
    gpuMarket: { rentalPrice: 2, supplyHours: 1e9, supplyGrowthPerYear: 1, targetUtilization: 0.8, priceElasticity: 0.5, exogenousDemandHours: 0 },
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
      {
        name: 'base',
        lab: 'L',
        releaseDate: '2025-01-01',
        capability: 60,
        serving: { gpuType: 'G', activeParamsB: 100, totalParamsB: 150, bytesPerParam: 1, kvBytesPerToken: 1e5, gpusPerReplica: 4 },
      },
    ],
  };
}

describe(prepareScenario.name, () => {
  it('ends a roadmap at the first successor that no longer fits its replica', () => {
    // 4 x 80 GB x 0.9 = 288 GB. base+1: 200B active (total raised to 200) fits; base+2: 400B does not.
    const p = prepareScenario(scenario(), new Calendar('2025-01-01', 1, 36));
    expect(p.modelNames).toEqual(['base', 'base+1']);
  });

  it('orders models newest first: release date, then capability, then name', () => {
    const sc = scenario();
    delete sc.labs[0]!.roadmap;
    const serving = { gpuType: 'G', costPerMTokens: 1 };
    sc.models = [
      { name: 'b', lab: 'L', releaseDate: '2025-02-01', capability: 60, serving },
      { name: 'a', lab: 'L', releaseDate: '2025-02-01', capability: 60, serving },
      { name: 'c', lab: 'L', releaseDate: '2025-02-01', capability: 70, serving },
      { name: 'd', lab: 'L', releaseDate: '2025-03-01', capability: 50, serving },
    ];
    const p = prepareScenario(sc, new Calendar('2025-01-01', 1, 36));
    expect(Array.from(p.newestFirst, (j) => p.modelNames[j])).toEqual(['d', 'c', 'a', 'b']);
  });

  it('is shared by calls with the same scenario object and calendar, and redone for another calendar', () => {
    const sc = scenario();
    const a = preparedScenarioOf(sc, new Calendar('2025-01-01', 1, 36));
    expect(preparedScenarioOf(sc, new Calendar('2025-01-01', 1, 36))).toBe(a);
    // A horizon of 6 months ends before base+1 (released 6 months in), a later start moves release periods.
    expect(preparedScenarioOf(sc, new Calendar('2025-01-01', 1, 6)).modelNames).toEqual(['base']);
    expect(Array.from(preparedScenarioOf(sc, new Calendar('2024-01-01', 1, 36)).releasePeriod)).toEqual([12, 18]);
    expect(preparedScenarioOf(structuredClone(sc), new Calendar('2025-01-01', 1, 36))).not.toBe(a);
  });
});

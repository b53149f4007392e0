/**
 * A synthetic scenario for the engine benchmark: 10 labs, 40 models, 6 tiers, monthly for 60
 * periods, built deterministically (no randomness) so every benchmark run measures the same work.
 * `withNash` turns every lab into a NASH pricer, the costliest strategy.
 */
import type { LabOf, ModelOf, Num, PricingOf, ScenarioDoc } from '../src/engine/scenario/types.js';

const LABS = 10;
const MODELS_PER_LAB = 4;
const TIERS = 6;

/** Strategies cycled over the labs in the no-NASH variant: every non-NASH strategy appears. */
const STRATEGIES: PricingOf<Num>[] = [
  { strategy: 'FRONTIER_PREMIUM', premiumMultiple: 8, halfLifeMonths: 6, floorMultiple: 1.3 },
  { strategy: 'PRICE_PERFORMANCE_PARITY', discount: 0.3, qualityExponent: 1, minMultiple: 1.1 },
  { strategy: 'COST_PLUS', markup: 0.6 },
  { strategy: 'ZERO_MARGIN', subsidy: 0, then: { strategy: 'COST_PLUS', markup: 0.3 } },
  { strategy: 'PRICE_PERFORMANCE_PARITY', discount: 0.1, qualityExponent: 2, minMultiple: 1.2 },
];

function monthDate(monthsFrom2023: number): string {
  const year = 2023 + Math.floor(monthsFrom2023 / 12);
  const month = (monthsFrom2023 % 12) + 1;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/** The synthetic 10-lab, 40-model, 6-tier scenario document. */
export function syntheticScenario(periods = 60): ScenarioDoc {
  const labs: LabOf<Num>[] = [];
  const models: ModelOf<Num>[] = [];
  for (let l = 0; l < LABS; l++) {
    const name = `Lab${l}`;
    labs.push({
      name,
      pricing: STRATEGIES[l % STRATEGIES.length],
      fleet: l % 3 === 0 ? { H100: 40_000 + 5_000 * l, H20: 20_000 } : { H100: 40_000 + 5_000 * l },
      servingShare: 0.5,
      cloudBurst: l % 4 === 0,
      brand: (l % 5) * 0.1,
      cash: 5e9 + 1e9 * l,
      fixedCostPerPeriod: 5e7,
      roadmap: l % 2 === 0 ? { cadenceMonths: 9, capabilityStep: 5, computeMultiplierPer10Points: 2.5 } : undefined,
    });
    for (let i = 0; i < MODELS_PER_LAB; i++) {
      // Releases spread from 2023 to 2027 so availability grows over the run; capabilities span
      // every tier (41..98).
      const release = (l * 7 + i * 13) % 54;
      const capability = 41 + ((l * 11 + i * 17) % 58);
      const useH20 = l % 3 === 0 && i % 2 === 1;
      models.push({
        name: `${name}-m${i}`,
        lab: name,
        releaseDate: monthDate(release),
        capability,
        openWeights: l % 3 === 0,
        trainingCost: 1e7 * (1 + i),
        serving: {
          activeParamsB: 10 + 5 * ((l + i) % 8),
          totalParamsB: 50 + 40 * ((l + 2 * i) % 8),
          bytesPerParam: 1,
          kvBytesPerToken: 60_000 + 20_000 * (i % 4),
          gpuType: useH20 ? 'H20' : 'H100',
          gpusPerReplica: 8,
        },
      });
    }
  }
  return {
    name: 'bench-synthetic-10x40x6',
    description: 'Benchmark scenario: 10 labs, 40 models, 6 tiers (bench/synthetic-scenario.ts).',
    startDate: '2025-01-01',
    periods,
    periodMonths: 1,
    tiers: Array.from({ length: TIERS }, (_, k) => ({ name: `tier${k}`, threshold: 40 + 10 * k })),
    segments: Array.from({ length: TIERS }, (_, k) => ({
      tier: `tier${k}`,
      baseVolume: 5e6 / (k + 1),
      referencePrice: 1 + 3 * k,
      elasticity: 1.2 + 0.1 * k,
      growthPerYear: 1.5 + 0.3 * k,
      alpha: 2.5 - 0.2 * k,
      beta: 0.1 + 0.03 * k,
    })),
    gpuTypes: [
      { name: 'H100', memoryGB: 80, bandwidthTBs: 3.35, tflops: 1979, tcoPerHour: 1.5 },
      { name: 'H20', memoryGB: 96, bandwidthTBs: 4.0, tflops: 296, tcoPerHour: 1.1 },
    ],
    technology: {
      servingEfficiencyGainPerYear: 1.5,
      algorithmicEfficiencyGainPerYear: 4,
      avgContextTokens: 4000,
      memUtil: 0.9,
      bwUtil: 0.7,
      mfu: 0.4,
      maxBatch: 256,
      loadFactor: 0.6,
    },
    gpuMarket: {
      rentalPrice: 2,
      supplyHours: 1e9,
      supplyGrowthPerYear: 1.5,
      targetUtilization: 0.8,
      priceElasticity: 0.5,
      exogenousDemandHours: 5e8,
    },
    labs,
    models,
    events: [
      { date: '2026-01-01', set: { path: 'labs[Lab3].pricing.subsidy', value: { dist: 'uniform', min: 0, max: 0.2 } } },
      { date: '2026-06-01', add: { path: 'gpuMarket.exogenousDemandHours', value: { dist: 'normal', mean: 1e8, sd: 2e7, min: 0 } } },
    ],
  };
}

/** The same document with every lab pricing by NASH (models' own pricing overrides removed). */
export function withNash(doc: ScenarioDoc): ScenarioDoc {
  const copy = structuredClone(doc);
  copy.name = `${doc.name}-nash`;
  for (const lab of copy.labs) lab.pricing = { strategy: 'NASH', minMultiple: 1 };
  for (const model of copy.models) delete model.pricing;
  // Events that address a replaced strategy's parameters no longer apply.
  copy.events = (copy.events ?? []).filter((e) => !('set' in e ? e.set.path : e.add.path).includes('.pricing.'));
  return copy;
}

/**
 * fast-check generator of small, valid, fully sampled scenarios (no distributions, no events), for
 * property tests of the engine. Every roofline model fits its replica: n is chosen automatically
 * (weights <= 80% of memory, so with memUtil 0.9 at least 10% is left for KV) and one sequence's KV
 * (4,000 tokens x <= 200 KB) stays under 1 GB, below 10% of the smallest GPU.
 * Test-only code: imported from specs (and by E2/E3 if useful), never from the engine.
 */
import fc from 'fast-check';
import type { GpuType, Lab, Model, Pricing, Scenario, Segment, Tier } from '../scenario/types.js';
import { monthStart } from '../time.js';

export interface ArbitraryScenarioOptions {
  /** Allow NASH labs (slower to simulate). Default true. */
  nash?: boolean;
  maxLabs?: number;
  maxModels?: number;
  maxPeriods?: number;
}

const START_MONTH = 2025 * 12; // 2025-01

function pricingArb(nash: boolean): fc.Arbitrary<Pricing> {
  const options: fc.Arbitrary<Pricing>[] = [
    fc.record({
      strategy: fc.constant('FRONTIER_PREMIUM' as const),
      premiumMultiple: fc.double({ min: 1, max: 20, noNaN: true }),
      halfLifeMonths: fc.double({ min: 1, max: 24, noNaN: true }),
      floorMultiple: fc.double({ min: 1, max: 3, noNaN: true }),
    }),
    fc.record({
      strategy: fc.constant('PRICE_PERFORMANCE_PARITY' as const),
      discount: fc.double({ min: 0, max: 0.8, noNaN: true }),
      qualityExponent: fc.double({ min: 0.5, max: 2, noNaN: true }),
      minMultiple: fc.double({ min: 1, max: 2, noNaN: true }),
    }),
    fc.record({ strategy: fc.constant('COST_PLUS' as const), markup: fc.double({ min: 0, max: 3, noNaN: true }) }),
    fc.record({
      strategy: fc.constant('ZERO_MARGIN' as const),
      subsidy: fc.double({ min: 0, max: 0.3, noNaN: true }),
      then: fc.constant({ strategy: 'COST_PLUS' as const, markup: 0.5 }),
    }),
  ];
  if (nash) options.push(fc.record({ strategy: fc.constant('NASH' as const), minMultiple: fc.double({ min: 1, max: 1.5, noNaN: true }) }));
  return fc.oneof(...options);
}

const gpuArb = (name: string): fc.Arbitrary<GpuType> =>
  fc.record({
    name: fc.constant(name),
    memoryGB: fc.double({ min: 40, max: 192, noNaN: true }),
    bandwidthTBs: fc.double({ min: 1, max: 8, noNaN: true }),
    tflops: fc.double({ min: 100, max: 2000, noNaN: true }),
    tcoPerHour: fc.double({ min: 0.5, max: 4, noNaN: true }),
  });

const segmentArb = (tier: string): fc.Arbitrary<Segment> =>
  fc.record(
    {
      tier: fc.constant(tier),
      baseVolume: fc.double({ min: 1e3, max: 1e8, noNaN: true }),
      referencePrice: fc.double({ min: 0.5, max: 30, noNaN: true }),
      elasticity: fc.double({ min: 0.5, max: 2.5, noNaN: true }),
      growthPerYear: fc.double({ min: 1, max: 3, noNaN: true }),
      saturationVolume: fc.double({ min: 1e8, max: 1e10, noNaN: true }),
      alpha: fc.double({ min: 0.5, max: 4, noNaN: true }),
      beta: fc.double({ min: 0, max: 0.5, noNaN: true }),
    },
    { requiredKeys: ['tier', 'baseVolume', 'referencePrice', 'elasticity', 'growthPerYear', 'alpha', 'beta'] },
  );

function labArb(name: string, gpus: string[], nash: boolean): fc.Arbitrary<Lab> {
  return fc.record(
    {
      name: fc.constant(name),
      pricing: pricingArb(nash),
      fleet: fc.tuple(...gpus.map(() => fc.oneof(fc.constant(0), fc.integer({ min: 10, max: 200_000 })))).map((counts) =>
        Object.fromEntries(gpus.map((g, i) => [g, counts[i]!])),
      ),
      servingShare: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
      cloudBurst: fc.boolean(),
      brand: fc.double({ min: -1, max: 1, noNaN: true }),
      cash: fc.double({ min: 0, max: 1e10, noNaN: true }),
      fixedCostPerPeriod: fc.double({ min: 0, max: 1e8, noNaN: true }),
      roadmap: fc.record({
        cadenceMonths: fc.integer({ min: 1, max: 12 }),
        capabilityStep: fc.double({ min: 0, max: 10, noNaN: true }),
        computeMultiplierPer10Points: fc.double({ min: 1, max: 4, noNaN: true }),
      }),
    },
    { requiredKeys: ['name', 'pricing', 'fleet', 'servingShare', 'cloudBurst', 'brand', 'fixedCostPerPeriod'] },
  );
}

function modelArb(name: string, labs: string[], gpus: string[], lastMonth: number): fc.Arbitrary<Model> {
  const servingArb = fc.oneof(
    fc.record({ gpuType: fc.constantFrom(...gpus), costPerMTokens: fc.double({ min: 0.01, max: 5, noNaN: true }) }),
    fc
      .record({
        gpuType: fc.constantFrom(...gpus),
        activeParamsB: fc.double({ min: 1, max: 100, noNaN: true }),
        totalMultiple: fc.double({ min: 1, max: 6, noNaN: true }),
        bytesPerParam: fc.constantFrom(1, 2),
        kvBytesPerToken: fc.double({ min: 1e3, max: 2e5, noNaN: true }),
      })
      .map(({ totalMultiple, ...s }) => ({ ...s, totalParamsB: s.activeParamsB * totalMultiple })),
  );
  return fc.record(
    {
      name: fc.constant(name),
      lab: fc.constantFrom(...labs),
      releaseDate: fc.integer({ min: START_MONTH - 18, max: lastMonth }).map(monthStart),
      capability: fc.double({ min: 40, max: 100, noNaN: true }),
      trainingCost: fc.double({ min: 0, max: 1e9, noNaN: true }),
      serving: servingArb,
      priceHistory: fc
        .tuple(fc.integer({ min: START_MONTH - 3, max: START_MONTH + 6 }), fc.double({ min: 0.05, max: 30, noNaN: true }))
        .map(([month, price]) => [{ date: monthStart(month), price }]),
    },
    { requiredKeys: ['name', 'lab', 'releaseDate', 'capability', 'serving'] },
  );
}

/** Arbitrary small valid scenario, all leaves numbers. */
export function arbitraryScenario(options: ArbitraryScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const { nash = true, maxLabs = 4, maxModels = 6, maxPeriods = 12 } = options;
  return fc
    .record({
      labCount: fc.integer({ min: 1, max: maxLabs }),
      modelCount: fc.integer({ min: 1, max: maxModels }),
      tierCount: fc.integer({ min: 1, max: 3 }),
      gpuCount: fc.integer({ min: 1, max: 2 }),
      periods: fc.integer({ min: 1, max: maxPeriods }),
      periodMonths: fc.constantFrom(1, 3),
    })
    .chain(({ labCount, modelCount, tierCount, gpuCount, periods, periodMonths }) => {
      const gpus = Array.from({ length: gpuCount }, (_, i) => `G${i}`);
      const labs = Array.from({ length: labCount }, (_, i) => `lab${i}`);
      const tierNames = Array.from({ length: tierCount }, (_, i) => `tier${i}`);
      const lastMonth = START_MONTH + periods * periodMonths - 1;
      const tiers: Tier[] = tierNames.map((name, i) => ({ name, threshold: 50 + 15 * i }));
      return fc.record({
        name: fc.constant('arbitrary'),
        startDate: fc.constant(monthStart(START_MONTH)),
        periods: fc.constant(periods),
        periodMonths: fc.constant(periodMonths),
        tiers: fc.constant(tiers),
        segments: fc.tuple(...tierNames.map(segmentArb)),
        gpuTypes: fc.tuple(...gpus.map(gpuArb)),
        technology: fc.record({
          servingEfficiencyGainPerYear: fc.double({ min: 1, max: 4, noNaN: true }),
          algorithmicEfficiencyGainPerYear: fc.double({ min: 1, max: 10, noNaN: true }),
          avgContextTokens: fc.constant(4000),
          memUtil: fc.constant(0.9),
          bwUtil: fc.double({ min: 0.3, max: 0.9, noNaN: true }),
          mfu: fc.double({ min: 0.2, max: 0.6, noNaN: true }),
          maxBatch: fc.integer({ min: 1, max: 512 }),
          loadFactor: fc.double({ min: 0.3, max: 1, noNaN: true }),
        }),
        gpuMarket: fc.record({
          rentalPrice: fc.double({ min: 0.5, max: 5, noNaN: true }),
          supplyHours: fc.double({ min: 1e7, max: 1e10, noNaN: true }),
          supplyGrowthPerYear: fc.double({ min: 1, max: 3, noNaN: true }),
          targetUtilization: fc.double({ min: 0.5, max: 0.95, noNaN: true }),
          priceElasticity: fc.double({ min: 0, max: 2, noNaN: true }),
          exogenousDemandHours: fc.double({ min: 0, max: 1e9, noNaN: true }),
        }),
        labs: fc.tuple(...labs.map((l) => labArb(l, gpus, nash))),
        models: fc.tuple(...Array.from({ length: modelCount }, (_, i) => modelArb(`m${i}`, labs, gpus, lastMonth))),
      }) as fc.Arbitrary<Scenario>;
    });
}

/** A scenario and a changed copy in force from period `switchAt` on: what an event does to a Timeline. */
export interface TwoPhaseTimeline {
  before: Scenario;
  after: Scenario;
  switchAt: number;
}

/**
 * Arbitrary two-phase timeline: from `switchAt`, one lab's fleet is scaled (an export control or a
 * purchase), its cash gets funding, one model's capability moves, and the software gain changes.
 */
export function arbitraryTwoPhaseTimeline(options: ArbitraryScenarioOptions = {}): fc.Arbitrary<TwoPhaseTimeline> {
  return arbitraryScenario(options).chain((before) =>
    fc
      .record({
        switchAt: fc.integer({ min: 0, max: before.periods - 1 }),
        lab: fc.integer({ min: 0, max: before.labs.length - 1 }),
        fleetScale: fc.double({ min: 0, max: 3, noNaN: true }),
        funding: fc.double({ min: 0, max: 1e10, noNaN: true }),
        model: fc.integer({ min: 0, max: before.models.length - 1 }),
        capability: fc.double({ min: 40, max: 100, noNaN: true }),
        gain: fc.double({ min: 1, max: 4, noNaN: true }),
      })
      .map(({ switchAt, lab, fleetScale, funding, model, capability, gain }) => {
        const after = structuredClone(before);
        const changed = after.labs[lab]!;
        for (const gpu of Object.keys(changed.fleet)) changed.fleet[gpu] = Math.round(changed.fleet[gpu]! * fleetScale);
        changed.cash = (changed.cash ?? 0) + funding;
        after.models[model]!.capability = capability;
        after.technology.servingEfficiencyGainPerYear = gain;
        return { before, after, switchAt };
      }),
  );
}

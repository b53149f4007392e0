/**
 * fast-check generators of NASH pricing markets (hand-built pricing contexts), for the solver's
 * property tests and its convergence benchmark (bench/nash-convergence.bench.ts).
 * Test-only code: imported from specs and benchmarks, never from the engine.
 */
import fc from 'fast-check';
import type { ContextSpec, ModelSpec, SegmentSpec } from './pricing-context.builder.js';

/** The multi-product property's market: segment 1 needs tier 1 (capability 75 and up). */
export const twoSegments: SegmentSpec[] = [
  { threshold: 60, alpha: 2.5, beta: 0.15, elasticity: 1.4, referencePrice: 4, volumeScale: 2e6 },
  { threshold: 75, alpha: 2, beta: 0.25, elasticity: 1.6, referencePrice: 25, volumeScale: 3e5 },
];

const segment = fc.record({
  alpha: fc.double({ min: 1.1, max: 6, noNaN: true }),
  beta: fc.double({ min: 0, max: 0.5, noNaN: true }),
  elasticity: fc.double({ min: 1.05, max: 3.5, noNaN: true }),
  referencePrice: fc.double({ min: 1, max: 50, noNaN: true }),
  volumeScale: fc.double({ min: 1, max: 1e8, noNaN: true }),
});

/** Segments k = 0.. at thresholds 60 + 10k, each needing tier k; a model's tier from its capability. */
function tiered(segs: Omit<SegmentSpec, 'threshold'>[], labCount: number, models: Omit<ModelSpec, 'tier'>[]): ContextSpec {
  const segments = segs.map((s, k) => ({ ...s, threshold: 60 + 10 * k }));
  return {
    segments,
    models: models.map((m) => ({ ...m, tier: Math.min(segments.length - 1, Math.floor((m.capability - 60) / 10)) })),
    tiers: segments.map(() => ({ leaderLab: 0, leaderModel: 0 })),
    labCount,
  };
}

/** What labModels draws besides lab, cost, capability, brand and whether a model is NASH. */
interface ExtraFields {
  /** A NASH model's minimum multiple of its cost (none when absent). */
  minMultiple?: fc.Arbitrary<number>;
  prevPrice?: fc.Arbitrary<number | undefined>;
  maxChangePerPeriod?: fc.Arbitrary<number | undefined>;
}

/** Models of random labs 0..maxLab, each NASH or COST_PLUS at `markup`, with the extra fields drawn after the rest. */
function labModels(
  maxLab: number,
  minCost: number,
  maxCost: number,
  maxBrand: number,
  minLength: number,
  maxLength: number,
  markup: number,
  extra: ExtraFields = {},
): fc.Arbitrary<Omit<ModelSpec, 'tier'>[]> {
  const model = fc.record({
    lab: fc.integer({ min: 0, max: maxLab }),
    cost: fc.double({ min: minCost, max: maxCost, noNaN: true }),
    capability: fc.double({ min: 60, max: 100, noNaN: true }),
    brand: fc.double({ min: -maxBrand, max: maxBrand, noNaN: true }),
    nash: fc.boolean(),
    ...(extra as Required<ExtraFields>), // an absent field is neither drawn nor keyed
  });
  return fc.array(model, { minLength, maxLength }).map((raw) =>
    raw.map(({ nash, minMultiple, ...m }) => ({
      ...m,
      rule: !nash ? { strategy: 'COST_PLUS', markup } : minMultiple === undefined ? { strategy: 'NASH' } : { strategy: 'NASH', minMultiple },
    })),
  );
}

/**
 * one: one segment, two labs, 2-8 models. two: the multi-product property's market (twoSegments,
 * three labs, 1-7 models, brand 0.3 x lab). wide: 1-4 segments, three labs, 2-16 models. extreme:
 * 1-3 segments, four labs, 1-10 models with costs over six orders of magnitude, minimum
 * multiples, last period's prices and maxChangePerPeriod bounds.
 */
export const nashMarkets: Record<'one' | 'two' | 'wide' | 'extreme', fc.Arbitrary<ContextSpec>> = {
  one: fc.tuple(segment, labModels(1, 1e-2, 100, 1, 2, 8, 0.5)).map(([s, models]) => tiered([s], 2, models)),
  two: fc
    .array(
      fc.record({
        lab: fc.integer({ min: 0, max: 2 }),
        cost: fc.double({ min: 0.05, max: 20, noNaN: true }),
        capability: fc.double({ min: 60, max: 95, noNaN: true }),
        nash: fc.boolean(),
      }),
      { minLength: 1, maxLength: 7 },
    )
    .map((raw) => ({
      segments: twoSegments,
      models: raw.map((m) => ({
        lab: m.lab,
        cost: m.cost,
        capability: m.capability,
        tier: m.capability >= 75 ? 1 : 0,
        brand: m.lab * 0.3,
        rule: m.nash ? { strategy: 'NASH' } : { strategy: 'COST_PLUS', markup: 1 },
      })),
      tiers: [{ leaderLab: 0, leaderModel: 0 }, { leaderLab: 0, leaderModel: 0 }],
      labCount: 3,
    })),
  wide: fc
    .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), labModels(2, 1e-3, 100, 1.5, 2, 16, 0.5))
    .map(([segs, models]) => tiered(segs, 3, models)),
  extreme: fc
    .tuple(
      fc.array(segment, { minLength: 1, maxLength: 3 }),
      labModels(3, 1e-3, 1e3, 1.5, 1, 10, 0.5, {
        minMultiple: fc.constantFrom(1, 1, 2),
        prevPrice: fc.option(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { nil: undefined }),
        maxChangePerPeriod: fc.option(fc.double({ min: 0.05, max: 0.5, noNaN: true }), { nil: undefined }),
      }),
    )
    .map(([segs, models]) => tiered(segs, 4, models)),
};

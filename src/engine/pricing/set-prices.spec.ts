import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Pricing } from '../scenario/types.js';
import { monthIndex } from '../time.js';
import { buildPricingContext, type ContextSpec, type ModelSpec, type SegmentSpec } from './pricing-context.builder.js';
import { ruleTableOf } from './rule-table.js';
import { createPricingWorkspace, setPrices } from './set-prices.js';

const seg: SegmentSpec[] = [
  { threshold: 60, alpha: 2.5, beta: 0.15, elasticity: 1.4, referencePrice: 4, volumeScale: 1e6 },
  { threshold: 75, alpha: 2, beta: 0.25, elasticity: 1.6, referencePrice: 25, volumeScale: 1e5 },
];
const FP: Pricing = { strategy: 'FRONTIER_PREMIUM', premiumMultiple: 12, halfLifeMonths: 6, floorMultiple: 1.5 };
const PPP: Pricing = { strategy: 'PRICE_PERFORMANCE_PARITY', discount: 0.4, qualityExponent: 2, minMultiple: 1.2 };

function price(spec: Partial<ContextSpec> & { models: ModelSpec[] }): number[] {
  const ctx = buildPricingContext({ segments: seg, tiers: [{ leaderLab: 0, leaderModel: 0 }, { leaderLab: 0, leaderModel: 0 }], ...spec });
  return Array.from(setPrices(ctx).prices);
}

describe('setPrices: cost-based strategies', () => {
  it('COST_PLUS prices at c (1 + markup) whatever the tier', () => {
    const cp: Pricing = { strategy: 'COST_PLUS', markup: 0.5 };
    expect(price({ models: [{ lab: 0, cost: 2, capability: 80, tier: 1, rule: cp }, { lab: 1, cost: 2, capability: 10, tier: -1, rule: cp }] })).toEqual([3, 3]);
  });

  it('ZERO_MARGIN prices at c (1 - subsidy), then by `then` in periods starting after untilDate', () => {
    const zm: Pricing = { strategy: 'ZERO_MARGIN', subsidy: 0.2, untilDate: '2025-06-15', then: { strategy: 'COST_PLUS', markup: 0.5 } };
    const models: ModelSpec[] = [{ lab: 0, cost: 2, capability: 65, tier: 0, rule: zm }];
    expect(price({ models, periodStartMonth: monthIndex('2025-06-01') })[0]).toBeCloseTo(1.6, 12);
    expect(price({ models, periodStartMonth: monthIndex('2025-07-01') })[0]).toBeCloseTo(3, 12);
  });

  it('ZERO_MARGIN switches for good once its lab ran out of cash; with no `then` it stays at zero margin', () => {
    const zm: Pricing = { strategy: 'ZERO_MARGIN', then: { strategy: 'COST_PLUS', markup: 1 } };
    const bare: Pricing = { strategy: 'ZERO_MARGIN', untilDate: '2020-01-01' };
    const models: ModelSpec[] = [
      { lab: 0, cost: 2, capability: 65, tier: 0, rule: zm },
      { lab: 1, cost: 2, capability: 65, tier: 0, rule: zm },
      { lab: 0, cost: 2, capability: 65, tier: 0, rule: bare },
    ];
    expect(price({ models, cashExhausted: [0], periodStartMonth: monthIndex('2025-01-01') })).toEqual([4, 2, 2]);
  });

  it("a frame's table follows the rule in force and its resolved bounds from period to period", () => {
    const zm: Pricing = { strategy: 'ZERO_MARGIN', subsidy: 0.2, untilDate: '2025-06-15', then: { strategy: 'COST_PLUS', markup: 0.5, priceFloor: 2.5 } };
    const models: ModelSpec[] = [
      { lab: 0, cost: 2, capability: 65, tier: 0, rule: zm },
      { lab: 1, cost: 3, capability: 66, tier: 0, rule: zm, priceFloor: 2.3 },
    ];
    const ctx = buildPricingContext({ models, segments: seg, tiers: [{ leaderLab: 0, leaderModel: 0 }] });
    ctx.rules = ruleTableOf(ctx.pricing, 2);
    // [period start, lab 1 out of cash, floors raised by 0.25 (a patched frame's new resolved pricing), prices]
    const periods: [string, number, boolean, number[]][] = [
      ['2025-06-01', 0, false, [1.6, 2.4]],
      ['2025-07-01', 0, false, [3, 4.5]],
      ['2025-06-01', 0, false, [1.6, 2.4]], // an earlier month again: back to zero margin
      ['2025-06-01', 0, true, [1.6, 2.55]], // the same rule in force, from new resolved bounds
      ['2025-06-01', 1, false, [1.6, 4.5]],
      ['2025-06-01', 0, true, [1.6, 2.8]],
    ];
    for (const [month, exhausted, repatch, expected] of periods) {
      if (repatch) ctx.pricing = ctx.pricing.map((r) => ({ ...r, priceFloor: r.priceFloor + 0.25 }));
      ctx.periodStartMonth = monthIndex(month);
      ctx.cashExhausted[1] = exhausted;
      const prices = setPrices(ctx).prices;
      expected.forEach((p, j) => expect(prices[j]).toBeCloseTo(p, 12));
    }
  });

  it("a `then` rule's own bounds apply once it is in force", () => {
    const zm: Pricing = { strategy: 'ZERO_MARGIN', then: { strategy: 'COST_PLUS', markup: 1, maxChangePerPeriod: 0.1 } };
    const models: ModelSpec[] = [{ lab: 0, cost: 2, capability: 65, tier: 0, rule: zm, prevPrice: 2 }];
    expect(price({ models, cashExhausted: [0] })[0]).toBeCloseTo(2.2, 12);
  });
});

describe('setPrices: FRONTIER_PREMIUM', () => {
  const leader = (extra: Partial<ModelSpec> = {}): ModelSpec => ({ lab: 0, cost: 2, capability: 80, tier: 1, rule: FP, ...extra });

  it('charges c x premiumMultiple while alone at the tier', () => {
    expect(price({ models: [leader()] })[0]).toBeCloseTo(24, 12);
  });

  it('decays with a half-life after the first follower: d = 0.5^(months / halfLife)', () => {
    const tiers = [{ leaderLab: 0, leaderModel: 0 }, { leaderLab: 0, leaderModel: 0, monthsSinceFirstFollower: 6 }];
    expect(price({ models: [leader()], tiers })[0]).toBeCloseTo(2 * (1 + 11 * 0.5), 12);
    tiers[1].monthsSinceFirstFollower = 3;
    expect(price({ models: [leader()], tiers })[0]).toBeCloseTo(2 * (1 + 11 * Math.SQRT1_2), 12);
    tiers[1].monthsSinceFirstFollower = 120;
    expect(price({ models: [leader()], tiers })[0]).toBeCloseTo(2 * 1.5, 12);
  });

  it('a superseded model gets d x supersededFactor (default 0.5, or as stated)', () => {
    expect(price({ models: [leader({ superseded: true })] })[0]).toBeCloseTo(2 * (1 + 11 * 0.5), 12);
    const rule: Pricing = { ...FP, supersededFactor: 0.25 } as Pricing;
    expect(price({ models: [leader({ superseded: true, rule })] })[0]).toBeCloseTo(2 * (1 + 11 * 0.25), 12);
  });

  it('on a tier it does not lead, prices at parity with discount 0, gamma 1, at least c x floorMultiple', () => {
    const models: ModelSpec[] = [
      { lab: 0, cost: 1, capability: 80, tier: 1, rule: { strategy: 'COST_PLUS', markup: 9 } },
      { lab: 1, cost: 2, capability: 76, tier: 1, rule: FP },
      { lab: 1, cost: 8, capability: 76, tier: 1, rule: FP },
    ];
    const p = price({ models, tiers: [{ leaderLab: 0, leaderModel: 0 }, { leaderLab: 0, leaderModel: 0 }] });
    expect(p[0]).toBeCloseTo(10, 12);
    expect(p[1]).toBeCloseTo((10 * 76) / 80, 12);
    expect(p[2]).toBeCloseTo(12, 12);
  });

  it('below every tier, prices at c x floorMultiple', () => {
    expect(price({ models: [{ lab: 0, cost: 2, capability: 40, tier: -1, rule: FP }] })[0]).toBeCloseTo(3, 12);
  });
});

describe('setPrices: PRICE_PERFORMANCE_PARITY', () => {
  it('follows the leader: p_L (q / q_L)^gamma (1 - discount), at least c x minMultiple', () => {
    const models: ModelSpec[] = [
      { lab: 0, cost: 2, capability: 80, tier: 1, rule: FP },
      { lab: 1, cost: 1, capability: 76, tier: 1, rule: PPP },
      { lab: 1, cost: 20, capability: 76, tier: 1, rule: PPP },
    ];
    const p = price({ models });
    expect(p[0]).toBeCloseTo(24, 12);
    expect(p[1]).toBeCloseTo(24 * Math.pow(76 / 80, 2) * 0.6, 12);
    expect(p[2]).toBeCloseTo(24, 12);
  });

  it('when its lab leads the tier: c max(minMultiple, 1 + leaderMarkup), leaderMarkup default 1', () => {
    const models: ModelSpec[] = [
      { lab: 0, cost: 2, capability: 80, tier: 1, rule: PPP },
      { lab: 0, cost: 2, capability: 70, tier: 0, rule: { strategy: 'PRICE_PERFORMANCE_PARITY', leaderMarkup: 0.3, minMultiple: 1.5 } },
    ];
    expect(price({ models })).toEqual([4, 3]);
  });

  it("reads last period's price of a leader priced later (NASH), and prices as a leader with none", () => {
    const nash: Pricing = { strategy: 'NASH' };
    const models: ModelSpec[] = [
      { lab: 0, cost: 2, capability: 80, tier: 1, rule: nash, prevPrice: 10 },
      { lab: 1, cost: 1, capability: 80, tier: 1, rule: PPP },
      { lab: 1, cost: 1, capability: 80, tier: 1, rule: FP },
    ];
    const p = price({ models });
    expect(p[1]).toBeCloseTo(10 * 0.6, 12);
    expect(p[2]).toBeCloseTo(10, 12);
    models[0].prevPrice = undefined;
    const q = price({ models });
    expect(q[1]).toBeCloseTo(2, 12); // c max(1.2, 1 + 1)
    expect(q[2]).toBeCloseTo(12, 12); // alone at the tier: c x premiumMultiple
  });

  it("reads last period's price of a parity-priced leader model", () => {
    // The leader lab's leader model sits in a higher tier it does not lead, so it is priced at parity.
    const models: ModelSpec[] = [
      { lab: 0, cost: 2, capability: 80, tier: 1, rule: PPP, prevPrice: 5 },
      { lab: 1, cost: 0.1, capability: 70, tier: 0, rule: PPP },
      { lab: 1, cost: 1, capability: 90, tier: 1, rule: { strategy: 'COST_PLUS', markup: 1 } },
    ];
    const tiers = [{ leaderLab: 0, leaderModel: 0 }, { leaderLab: 1, leaderModel: 2 }];
    const p = price({ models, tiers });
    // Model 0 follows model 2 (priced this period at 2): 2 (80/90)^2 0.6 < c x minMultiple = 2.4.
    expect(p[0]).toBeCloseTo(2.4, 12);
    expect(p[1]).toBeCloseTo(5 * Math.pow(70 / 80, 2) * 0.6, 12);
  });

  it('below every tier, prices at c x minMultiple', () => {
    expect(price({ models: [{ lab: 1, cost: 2, capability: 40, tier: -1, rule: PPP }] })[0]).toBeCloseTo(2.4, 12);
  });
});

describe('setPrices: history and bounds', () => {
  it('an observed price overrides the strategy and is not held to maxChangePerPeriod', () => {
    const models: ModelSpec[] = [{ lab: 0, cost: 2, capability: 80, tier: 1, rule: FP, historyPrice: 60, prevPrice: 10, maxChangePerPeriod: 0.1 }];
    expect(price({ models })[0]).toBe(60);
  });

  it('maxChangePerPeriod keeps a strategy price within prev (1 +/- m)', () => {
    const models: ModelSpec[] = [
      { lab: 0, cost: 2, capability: 80, tier: 1, rule: FP, prevPrice: 10, maxChangePerPeriod: 0.1 },
      { lab: 1, cost: 2, capability: 70, tier: 0, rule: { strategy: 'COST_PLUS', markup: 0 }, prevPrice: 10, maxChangePerPeriod: 0.25 },
    ];
    const p = price({ models });
    expect(p[0]).toBeCloseTo(11, 12);
    expect(p[1]).toBeCloseTo(7.5, 12);
  });

  it('the floor wins a conflict with maxChangePerPeriod', () => {
    const zm: Pricing = { strategy: 'ZERO_MARGIN', subsidy: 1 };
    const models: ModelSpec[] = [
      { lab: 0, cost: 2, capability: 70, tier: 0, rule: zm, prevPrice: 1, maxChangePerPeriod: 0.1, priceFloor: 1.5 },
      { lab: 0, cost: 2, capability: 70, tier: 0, rule: zm },
    ];
    const p = price({ models });
    expect(p[0]).toBe(1.5);
    expect(p[1]).toBe(1e-6);
  });

  it('an unavailable model has no price', () => {
    expect(price({ models: [{ lab: 0, cost: 2, capability: 70, tier: 0, rule: FP, available: false }] })[0]).toBeNaN();
  });

  it('property: every available price is finite and at least its floor', () => {
    const rules: Pricing[] = [
      FP,
      PPP,
      { strategy: 'COST_PLUS', markup: 0.3 },
      { strategy: 'ZERO_MARGIN', subsidy: 2 },
      { strategy: 'NASH', minMultiple: 1 },
    ];
    const model = fc.record({
      lab: fc.integer({ min: 0, max: 3 }),
      cost: fc.double({ min: 1e-4, max: 100, noNaN: true }),
      capability: fc.double({ min: 40, max: 100, noNaN: true }),
      rule: fc.constantFrom(...rules),
      prevPrice: fc.option(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { nil: undefined }),
      maxChangePerPeriod: fc.option(fc.double({ min: 0, max: 0.5, noNaN: true }), { nil: undefined }),
      priceFloor: fc.double({ min: 1e-6, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(model, { minLength: 1, maxLength: 7 }), (raw) => {
        const models: ModelSpec[] = raw.map((m) => ({ ...m, tier: m.capability >= 75 ? 1 : m.capability >= 60 ? 0 : -1 }));
        const leaderOf = (k: number): number => models.findIndex((m) => m.tier >= k);
        const tiers = [0, 1].map((k) => ({ leaderLab: leaderOf(k) >= 0 ? models[leaderOf(k)].lab : -1, leaderModel: leaderOf(k) }));
        const ctx = buildPricingContext({ models, segments: seg, tiers, labCount: 4 });
        const prices = setPrices(ctx).prices;
        models.forEach((m, j) => {
          expect(Number.isFinite(prices[j])).toBe(true);
          expect(prices[j]).toBeGreaterThanOrEqual(m.priceFloor ?? 1e-6);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('setPrices: workspace', () => {
  it('refuses a workspace smaller than the context instead of writing past it', () => {
    const ctx = buildPricingContext({ segments: seg, tiers: [{ leaderLab: 0, leaderModel: 0 }], models: [0, 1, 2].map(() => ({ lab: 0, cost: 1, capability: 70, tier: 0, rule: FP })) });
    expect(() => setPrices(ctx, createPricingWorkspace(2, 2, 1))).toThrow(RangeError);
    expect(setPrices(ctx, createPricingWorkspace(3, 2, 1)).prices[2]).toBeCloseTo(12, 12);
  });

  it('a reused workspace gives the same prices as a fresh one (no state carried between periods)', () => {
    const models: ModelSpec[] = [
      { lab: 0, cost: 1, capability: 70, tier: 0, rule: { strategy: 'NASH' }, prevPrice: 2 },
      { lab: 1, cost: 2, capability: 80, tier: 1, rule: { strategy: 'NASH' } },
      { lab: 1, cost: 0.5, capability: 65, tier: 0, rule: PPP },
    ];
    const ws = createPricingWorkspace(3, 2, 2);
    const other = buildPricingContext({ models: models.map((m) => ({ ...m, cost: m.cost * 3 })), segments: seg, tiers: [{ leaderLab: 0, leaderModel: 0 }, { leaderLab: 1, leaderModel: 1 }] });
    setPrices(other, ws);
    const ctx = buildPricingContext({ models, segments: seg, tiers: [{ leaderLab: 0, leaderModel: 0 }, { leaderLab: 1, leaderModel: 1 }] });
    const reused = Array.from(setPrices(ctx, ws).prices);
    expect(reused).toEqual(Array.from(setPrices(ctx).prices));
  });

  it('property: a workspace reused across calls, with or without NASH models, gives a fresh one\'s prices and result bit for bit', () => {
    const rules: Pricing[] = [FP, PPP, { strategy: 'COST_PLUS', markup: 0.3 }, { strategy: 'NASH', minMultiple: 1 }];
    const model = fc.record({
      lab: fc.integer({ min: 0, max: 2 }),
      cost: fc.double({ min: 1e-3, max: 50, noNaN: true }),
      capability: fc.double({ min: 40, max: 100, noNaN: true }),
      rule: fc.constantFrom(...rules),
      available: fc.boolean(),
      prevPrice: fc.option(fc.double({ min: 1e-2, max: 1e2, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(fc.array(model, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (calls) => {
        const ws = createPricingWorkspace(6, 2, 3);
        for (const raw of calls) {
          const models: ModelSpec[] = raw.map((m) => ({ ...m, tier: m.capability >= 75 ? 1 : m.capability >= 60 ? 0 : -1 }));
          const leaderOf = (k: number): number => models.findIndex((m) => m.tier >= k && m.available);
          const tiers = [0, 1].map((k) => ({ leaderLab: leaderOf(k) >= 0 ? models[leaderOf(k)].lab : -1, leaderModel: leaderOf(k) }));
          const ctx = buildPricingContext({ models, segments: seg, tiers, labCount: 3 });
          const fresh = setPrices(ctx);
          const freshPrices = Array.from(fresh.prices);
          const reused = setPrices(ctx, ws);
          expect(Array.from(reused.prices.subarray(0, models.length)).every((p, j) => Object.is(p, freshPrices[j]))).toBe(true);
          expect([reused.nashConverged, reused.nashIterations, reused.nashResidual]).toEqual([fresh.nashConverged, fresh.nashIterations, fresh.nashResidual]);
        }
      }),
      { numRuns: 150, seed: 23 },
    );
  });
});

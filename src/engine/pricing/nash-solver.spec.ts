import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Pricing } from '../scenario/types.js';
import { buildPricingContext, type ModelSpec, type SegmentSpec } from './pricing-context.builder.js';
import { setPrices } from './set-prices.js';

const NASH: Pricing = { strategy: 'NASH' };

/** Naive logit demand, written independently of computeDemand (moderate values only). */
function naiveDemand(models: ModelSpec[], segments: SegmentSpec[], prices: number[]): number[] {
  const x = models.map(() => 0);
  segments.forEach((s, k) => {
    const need = s.tier ?? k;
    const ev = models.map((m, j) =>
      m.tier >= need ? Math.exp(s.beta * (m.capability - s.threshold) + (m.brand ?? 0) - s.alpha * Math.log(prices[j])) : 0,
    );
    const denom = ev.reduce((a, b) => a + b, 0);
    if (denom === 0) return;
    const pIndex = Math.pow(denom, -1 / s.alpha);
    const q = s.volumeScale * Math.pow(pIndex / s.referencePrice, -s.elasticity);
    ev.forEach((e, j) => (x[j] += (e / denom) * q));
  });
  return x;
}

function labProfit(models: ModelSpec[], segments: SegmentSpec[], prices: number[], lab: number): number {
  const x = naiveDemand(models, segments, prices);
  return models.reduce((sum, m, j) => (m.lab === lab ? sum + (prices[j] - m.cost) * x[j] : sum), 0);
}

/** dProfit_f / dp_j / x_j by the five-point central difference (error O(h^4)). */
function focResidual(models: ModelSpec[], segments: SegmentSpec[], prices: number[], j: number): number {
  const h = prices[j] * 1e-3;
  const at = (dx: number): number => {
    const moved = prices.slice();
    moved[j] += dx;
    return labProfit(models, segments, moved, models[j].lab);
  };
  const d = (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
  return d / naiveDemand(models, segments, prices)[j];
}

/** FOC_j / x_j straight from MODEL.md's formula for dx_i/dp_j, with naive shares (independent of the solver's algebra). */
function modelFoc(models: ModelSpec[], segments: SegmentSpec[], prices: number[], j: number): number {
  const perSegment = segments.map((s, k) => {
    const need = s.tier ?? k;
    const ev = models.map((m, i) =>
      m.tier >= need ? Math.exp(s.beta * (m.capability - s.threshold) + (m.brand ?? 0) - s.alpha * Math.log(prices[i])) : 0,
    );
    const denom = ev.reduce((a, b) => a + b, 0);
    if (denom === 0) return { share: ev, q: 0 };
    const q = s.volumeScale * Math.pow(Math.pow(denom, -1 / s.alpha) / s.referencePrice, -s.elasticity);
    return { share: ev.map((e) => e / denom), q };
  });
  let x = 0;
  perSegment.forEach((g) => (x += g.share[j] * g.q));
  let foc = x;
  models.forEach((mi, i) => {
    if (mi.lab !== models[j].lab) return;
    segments.forEach((s, k) => {
      const { share, q } = perSegment[k];
      const dx = (q / prices[j]) * (-s.alpha * share[i] * ((i === j ? 1 : 0) - share[j]) - s.elasticity * share[i] * share[j]);
      foc += (prices[i] - mi.cost) * dx;
    });
  });
  return foc / x;
}

const oneSegment: SegmentSpec[] = [{ threshold: 60, alpha: 3, beta: 0.1, elasticity: 1.5, referencePrice: 4, volumeScale: 1e6 }];

describe('NASH pricing', () => {
  it('single-product labs in one segment: p_j = c_j eta_j / (eta_j - 1), eta_j = alpha (1 - s_j) + eps s_j', () => {
    const models: ModelSpec[] = [
      { lab: 0, cost: 1, capability: 70, tier: 0, rule: NASH, brand: 0.5 },
      { lab: 1, cost: 0.5, capability: 65, tier: 0, rule: NASH },
      { lab: 2, cost: 2, capability: 80, tier: 0, rule: NASH, brand: 1 },
    ];
    const result = setPrices(buildPricingContext({ models, segments: oneSegment, tiers: [{ leaderLab: 0, leaderModel: 0 }] }));
    expect(result.nashConverged).toBe(1);
    const prices = Array.from(result.prices);
    const x = naiveDemand(models, oneSegment, prices);
    const total = x.reduce((a, b) => a + b, 0);
    models.forEach((m, j) => {
      const s = x[j] / total;
      const eta = 3 * (1 - s) + 1.5 * s;
      expect(Math.abs(prices[j] / ((m.cost * eta) / (eta - 1)) - 1)).toBeLessThan(1e-6);
    });
  });

  it('a monopolist facing segment elasticity eps alone prices at c eps / (eps - 1)', () => {
    const models: ModelSpec[] = [{ lab: 0, cost: 2, capability: 70, tier: 0, rule: NASH }];
    const result = setPrices(buildPricingContext({ models, segments: oneSegment, tiers: [{ leaderLab: 0, leaderModel: 0 }] }));
    expect(result.nashConverged).toBe(1);
    expect(result.prices[0]).toBeCloseTo((2 * 1.5) / 0.5, 6);
  });

  it('multi-product lab over two segments: FOC residuals below 1e-8 by finite differences', () => {
    const segments: SegmentSpec[] = [
      { threshold: 60, alpha: 2.5, beta: 0.15, elasticity: 1.4, referencePrice: 4, volumeScale: 2e6 },
      { threshold: 75, alpha: 2, beta: 0.25, elasticity: 1.6, referencePrice: 25, volumeScale: 3e5 },
    ];
    const models: ModelSpec[] = [
      { lab: 0, cost: 0.8, capability: 64, tier: 0, rule: NASH, brand: 0.5 },
      { lab: 0, cost: 5, capability: 80, tier: 1, rule: NASH, brand: 0.5 },
      { lab: 0, cost: 0.3, capability: 61, tier: 0, rule: { strategy: 'COST_PLUS', markup: 2 }, brand: 0.5 },
      { lab: 1, cost: 4, capability: 78, tier: 1, rule: NASH, brand: 0.2 },
      { lab: 2, cost: 0.2, capability: 66, tier: 0, rule: { strategy: 'COST_PLUS', markup: 0.5 } },
    ];
    const ctx = buildPricingContext({
      models,
      segments,
      tiers: [
        { leaderLab: 0, leaderModel: 0 },
        { leaderLab: 0, leaderModel: 1 },
      ],
    });
    const result = setPrices(ctx);
    expect(result.nashConverged).toBe(1);
    const prices = Array.from(result.prices);
    expect(prices[2]).toBeCloseTo(0.9, 12);
    expect(prices[4]).toBeCloseTo(0.3, 12);
    for (const j of [0, 1, 3]) {
      expect(Math.abs(focResidual(models, segments, prices, j))).toBeLessThan(1e-8);
      expect(Math.abs(modelFoc(models, segments, prices, j))).toBeLessThan(1e-8);
    }
  });

  it('a price held at its minimum multiple counts as converged when its FOC pushes down', () => {
    const models: ModelSpec[] = [
      { lab: 0, cost: 1, capability: 70, tier: 0, rule: { strategy: 'NASH', minMultiple: 3 } },
      { lab: 1, cost: 1, capability: 70, tier: 0, rule: NASH },
    ];
    const result = setPrices(buildPricingContext({ models, segments: oneSegment, tiers: [{ leaderLab: 0, leaderModel: 0 }] }));
    expect(result.nashConverged).toBe(1);
    expect(result.prices[0]).toBe(3);
    const prices = Array.from(result.prices);
    expect(focResidual(models, oneSegment, prices, 0)).toBeLessThan(0);
    expect(Math.abs(focResidual(models, oneSegment, prices, 1))).toBeLessThan(1e-8);
  });

  it('maxChangePerPeriod caps a NASH price that wants to rise, and that counts as converged', () => {
    const models: ModelSpec[] = [{ lab: 0, cost: 2, capability: 70, tier: 0, rule: NASH, prevPrice: 3, maxChangePerPeriod: 0.1 }];
    const result = setPrices(buildPricingContext({ models, segments: oneSegment, tiers: [{ leaderLab: 0, leaderModel: 0 }] }));
    expect(result.nashConverged).toBe(1);
    expect(result.prices[0]).toBeCloseTo(3.3, 12);
  });

  it('inelastic demand (no finite optimum) reports nashConverged = 0 with a finite price', () => {
    const segments: SegmentSpec[] = [{ threshold: 60, alpha: 0.8, beta: 0.1, elasticity: 0.5, referencePrice: 4, volumeScale: 1e6 }];
    const models: ModelSpec[] = [{ lab: 0, cost: 1, capability: 70, tier: 0, rule: NASH }];
    const result = setPrices(buildPricingContext({ models, segments, tiers: [{ leaderLab: 0, leaderModel: 0 }] }));
    expect(result.nashConverged).toBe(0);
    expect(Number.isFinite(result.prices[0])).toBe(true);
  });

  it('a NASH model below every tier prices at c x minMultiple', () => {
    const models: ModelSpec[] = [{ lab: 0, cost: 2, capability: 40, tier: -1, rule: { strategy: 'NASH', minMultiple: 1.5 } }];
    const result = setPrices(buildPricingContext({ models, segments: oneSegment, tiers: [{ leaderLab: -1, leaderModel: -1 }] }));
    expect(result.prices[0]).toBe(3);
    expect(result.nashConverged).toBe(1);
  });

  it('property: random single-segment markets converge to the closed form with finite prices >= floor', () => {
    const lab = fc.record({
      cost: fc.double({ min: 0.01, max: 50, noNaN: true }),
      capability: fc.double({ min: 60, max: 100, noNaN: true }),
      brand: fc.double({ min: -1, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(lab, { minLength: 1, maxLength: 6 }),
        fc.double({ min: 1.5, max: 6, noNaN: true }),
        fc.double({ min: 1.05, max: 3, noNaN: true }),
        (labs, alpha, eps) => {
          const segments: SegmentSpec[] = [{ threshold: 60, alpha, beta: 0.1, elasticity: eps, referencePrice: 4, volumeScale: 1e5 }];
          const models: ModelSpec[] = labs.map((l, i) => ({ lab: i, tier: 0, rule: NASH, ...l }));
          const result = setPrices(buildPricingContext({ models, segments, tiers: [{ leaderLab: 0, leaderModel: 0 }] }));
          expect(result.nashConverged).toBe(1);
          const prices = Array.from(result.prices);
          const x = naiveDemand(models, segments, prices);
          const total = x.reduce((a, b) => a + b, 0);
          models.forEach((m, j) => {
            expect(Number.isFinite(prices[j]) && prices[j] >= 1e-6).toBe(true);
            const s = x[j] / total;
            const etaJ = alpha * (1 - s) + eps * s;
            expect(Math.abs(prices[j] / ((m.cost * etaJ) / (etaJ - 1)) - 1)).toBeLessThan(1e-6);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: multi-product labs over two segments, FOC residuals of unbounded prices below 1e-8', () => {
    const segments: SegmentSpec[] = [
      { threshold: 60, alpha: 2.5, beta: 0.15, elasticity: 1.4, referencePrice: 4, volumeScale: 2e6 },
      { threshold: 75, alpha: 2, beta: 0.25, elasticity: 1.6, referencePrice: 25, volumeScale: 3e5 },
    ];
    const model = fc.record({
      lab: fc.integer({ min: 0, max: 2 }),
      cost: fc.double({ min: 0.05, max: 20, noNaN: true }),
      capability: fc.double({ min: 60, max: 95, noNaN: true }),
      nash: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(model, { minLength: 1, maxLength: 7 }), (raw) => {
        const models: ModelSpec[] = raw.map((m) => ({
          lab: m.lab,
          cost: m.cost,
          capability: m.capability,
          tier: m.capability >= 75 ? 1 : 0,
          brand: m.lab * 0.3,
          rule: m.nash ? NASH : { strategy: 'COST_PLUS', markup: 1 },
        }));
        const ctx = buildPricingContext({ models, segments, tiers: [{ leaderLab: 0, leaderModel: 0 }, { leaderLab: 0, leaderModel: 0 }], labCount: 3 });
        const result = setPrices(ctx);
        expect(result.nashConverged).toBe(1);
        const prices = Array.from(result.prices);
        models.forEach((m, j) => {
          if (m.rule.strategy !== 'NASH' || prices[j] === m.cost) return; // held at minMultiple = 1
          expect(Math.abs(modelFoc(models, segments, prices, j))).toBeLessThan(1e-8);
          // The finite difference cannot resolve below its rounding noise, ~1e-16 profit / (h x_j).
          const x = naiveDemand(models, segments, prices);
          const profit = Math.abs(labProfit(models, segments, prices, m.lab));
          const noise = (1e-15 * profit) / (1e-3 * prices[j] * x[j]);
          expect(Math.abs(focResidual(models, segments, prices, j))).toBeLessThan(1e-8 + noise);
        });
      }),
      { numRuns: 150 },
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { computeDemand } from '../demand/logit-demand.js';
import { createDemandOutput, type DemandInput, type DemandOutput } from '../demand/types.js';
import type { Pricing } from '../scenario/types.js';
import { demandAtSolution } from '../demand/demand-plan.js';
import { nashMarkets, twoSegments } from './arbitrary-nash-market.js';
import { buildPricingContext, type ModelSpec, type SegmentSpec } from './pricing-context.builder.js';
import { createPricingWorkspace, setPrices } from './set-prices.js';

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
    fc.assert(
      fc.property(nashMarkets.two, (spec) => {
        const { models, segments } = spec;
        const result = setPrices(buildPricingContext(spec));
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
      // No shrinking: a market the solver leaves unconverged runs all its iterations on every try
      // (30-70 ms now), and shrinking one took over ten minutes of a test run in session 13. The
      // unshrunk counterexample and its seed are reported as they are. The three regression specs
      // below in twoSegments were such markets (docs/model-notes.md, NASH).
      { numRuns: 150, endOnFailure: true },
    );
  });

  // Found by the property above (seed 1402341439, path "6273"): the lab's joint markup K = (alpha - eps) M_f
  // is nearly a fixed point of itself near K = 0.76, where the solver used to stop unconverged
  // (residual 0.0077 after 100 iterations), far from the equilibrium at K = 2.18. Sweeps now shift
  // the lab's prices together.
  it('one lab, four NASH models and a COST_PLUS one sharing segment 0: converges to the equilibrium where p_j (alpha - 1) - alpha c_j = (alpha - eps) M_f', () => {
    const models: ModelSpec[] = [
      { lab: 0, cost: 0.3330253836743805, capability: 64.14811661161345, tier: 0, rule: NASH },
      { lab: 0, cost: 6.93538213021392, capability: 62.568467589031535, tier: 0, rule: NASH },
      { lab: 0, cost: 3.242664310999046, capability: 84.41961109159514, tier: 1, rule: { strategy: 'COST_PLUS', markup: 1 } },
      { lab: 0, cost: 7.155506953362746, capability: 64.94848112063286, tier: 0, rule: NASH },
      { lab: 0, cost: 0.08227421892457908, capability: 66.31474261505372, tier: 0, rule: NASH },
    ];
    const result = setPrices(buildPricingContext({ models, segments: twoSegments, tiers: [{ leaderLab: 0, leaderModel: 0 }, { leaderLab: 0, leaderModel: 0 }], labCount: 3 }));
    expect(result.nashConverged).toBe(1);
    const prices = Array.from(result.prices);
    // M_f over segment 0 (every model is in it, all the lab's), with shares written out naively.
    const { alpha, beta, threshold, elasticity } = twoSegments[0];
    const ev = models.map((m, j) => Math.exp(beta * (m.capability - threshold) - alpha * Math.log(prices[j])));
    const total = ev.reduce((a, b) => a + b, 0);
    const labMargin = models.reduce((sum, m, j) => sum + (ev[j] / total) * (prices[j] - m.cost), 0);
    for (const j of [0, 1, 3, 4]) {
      expect((prices[j] * (alpha - 1) - alpha * models[j].cost) / ((alpha - elasticity) * labMargin)).toBeCloseTo(1, 8);
      expect(Math.abs(modelFoc(models, twoSegments, prices, j))).toBeLessThan(1e-8);
    }
    expect((alpha - elasticity) * labMargin).toBeCloseTo(2.1765, 3);
  });

  it('one segment, a two-product lab whose joint markup nearly maps to itself: the sweep\'s lab-wide shift reaches the equilibrium', () => {
    // Own-price moves and Newton stall at (alpha - eps) M_f ~ 110 (residual 7e-4 after 200 iterations without
    // the shift); the equilibrium is at ~496. Found by a random search over one-segment markets.
    const alpha = 5.496866578111231;
    const elasticity = 1.05;
    const segments: SegmentSpec[] = [{ threshold: 60, alpha, beta: 0, elasticity, referencePrice: 1, volumeScale: 3.4058001847622474 }];
    const models: ModelSpec[] = [
      { lab: 0, cost: 0.6986616456497368, capability: 93.51459629396506, tier: 0, rule: NASH },
      { lab: 0, cost: 18.81007465588835, capability: 97.74727827582478, tier: 0, rule: NASH },
    ];
    const result = setPrices(buildPricingContext({ models, segments, tiers: [{ leaderLab: 0, leaderModel: 0 }], labCount: 1 }));
    expect(result.nashConverged).toBe(1);
    const prices = Array.from(result.prices);
    // Naive shares (beta = 0, no brands): s_j proportional to p_j^-alpha.
    const weights = prices.map((p) => Math.pow(p, -alpha));
    const total = weights[0] + weights[1];
    const labMargin = models.reduce((sum, m, j) => sum + (weights[j] / total) * (prices[j] - m.cost), 0);
    for (let j = 0; j < 2; j++) {
      expect((prices[j] * (alpha - 1) - alpha * models[j].cost) / ((alpha - elasticity) * labMargin)).toBeCloseTo(1, 8);
    }
    expect((alpha - elasticity) * labMargin).toBeCloseTo(495.63, 1);
  });

  it('one lab whose three NASH models span both segments: converges, each FOC checked by finite differences of profit', () => {
    // Unconverged before (residual 0.18 after 100 iterations); found by a search over the property's markets.
    const models: ModelSpec[] = [
      { lab: 0, cost: 10.266803248448632, capability: 89.83798427188037, tier: 1, rule: NASH },
      { lab: 0, cost: 0.16038766099342708, capability: 62.234299661967015, tier: 0, rule: NASH },
      { lab: 0, cost: 0.7881658259968507, capability: 61.95621302692996, tier: 0, rule: NASH },
    ];
    const result = setPrices(buildPricingContext({ models, segments: twoSegments, tiers: [{ leaderLab: 0, leaderModel: 0 }, { leaderLab: 0, leaderModel: 0 }], labCount: 3 }));
    expect(result.nashConverged).toBe(1);
    const prices = Array.from(result.prices);
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(modelFoc(models, twoSegments, prices, j))).toBeLessThan(1e-8);
      expect(Math.abs(focResidual(models, twoSegments, prices, j))).toBeLessThan(1e-7);
    }
  });

  it('two labs whose cheap models compete in segment 0: converges where Newton alone cycles', () => {
    // Unconverged before sweeps ran longer each time Newton failed again (residual 0.044 after 100
    // iterations): the way from where Newton cycles (prices ~1.2-1.7) to the equilibrium first raises the merit.
    const models: ModelSpec[] = [
      { lab: 2, cost: 0.2014030465623074, capability: 60.19719724146155, tier: 0, brand: 0.6, rule: NASH },
      { lab: 2, cost: 13.676687339383863, capability: 94.58782274107543, tier: 1, brand: 0.6, rule: NASH },
      { lab: 0, cost: 0.7218880031361559, capability: 63.880391068834335, tier: 0, brand: 0, rule: NASH },
      { lab: 0, cost: 13.814819246770679, capability: 94.26486930225622, tier: 1, brand: 0, rule: { strategy: 'COST_PLUS', markup: 1 } },
    ];
    const result = setPrices(buildPricingContext({ models, segments: twoSegments, tiers: [{ leaderLab: 0, leaderModel: 0 }, { leaderLab: 0, leaderModel: 0 }], labCount: 3 }));
    expect(result.nashConverged).toBe(1);
    const prices = Array.from(result.prices);
    for (const j of [0, 1, 2]) {
      expect(Math.abs(modelFoc(models, twoSegments, prices, j))).toBeLessThan(1e-8);
      expect(Math.abs(focResidual(models, twoSegments, prices, j))).toBeLessThan(1e-7);
    }
    expect(prices[0]).toBeCloseTo(5.2202, 3);
    expect(prices[2]).toBeCloseTo(4.2626, 3);
  });

  it('one segment, a four-product lab with costs over five orders of magnitude: p_j (alpha - 1) - alpha c_j is the same for all its models', () => {
    // From the FOC with one segment: h_j = p_j - alpha (p_j - c_j) + (alpha - eps) M_f = 0 for every j of lab f.
    const segments: SegmentSpec[] = [{ threshold: 60, alpha: 4.4677, beta: 0.4644, elasticity: 1.7045, referencePrice: 4.3785, volumeScale: 6207.6 }];
    const models: ModelSpec[] = [
      { lab: 0, cost: 1.669, capability: 93.575, tier: 0, brand: -1.3556, rule: NASH },
      { lab: 1, cost: 201.73, capability: 64.276, tier: 0, brand: 0.9408, rule: NASH },
      { lab: 0, cost: 0.0019665, capability: 81.274, tier: 0, brand: 0.6917, rule: NASH },
      { lab: 2, cost: 4.4104, capability: 71.231, tier: 0, brand: -0.1771, rule: { strategy: 'COST_PLUS', markup: 0.7726 } },
      { lab: 0, cost: 78.089, capability: 90.737, tier: 0, brand: 1.0066, rule: NASH },
      { lab: 0, cost: 0.017541, capability: 89.357, tier: 0, brand: 1.2082, rule: NASH },
    ];
    const result = setPrices(buildPricingContext({ models, segments, tiers: [{ leaderLab: 0, leaderModel: 0 }], labCount: 3 }));
    expect(result.nashConverged).toBe(1);
    const prices = Array.from(result.prices);
    const k = [0, 2, 4, 5].map((j) => prices[j] * (4.4677 - 1) - 4.4677 * models[j].cost);
    for (const v of k) expect(v / k[0]).toBeCloseTo(1, 7);
    for (const j of [0, 1, 2, 4, 5]) expect(Math.abs(modelFoc(models, segments, prices, j))).toBeLessThan(1e-8);
  });

  it('property: random extreme markets (three segments, bounds) converge; each NASH price meets its FOC or holds at a bound it pushes against', () => {
    fc.assert(
      fc.property(nashMarkets.extreme, (spec) => {
        const { models, segments } = spec;
        const result = setPrices(buildPricingContext(spec));
        expect(result.nashConverged).toBe(1);
        const prices = Array.from(result.prices);
        models.forEach((m, j) => {
          if (m.rule.strategy !== 'NASH') return;
          const lo = Math.max(1e-6, m.prevPrice !== undefined && m.maxChangePerPeriod !== undefined
            ? Math.min(Math.max(m.cost * (m.rule.minMultiple ?? 1), m.prevPrice * (1 - m.maxChangePerPeriod)), m.prevPrice * (1 + m.maxChangePerPeriod))
            : m.cost * (m.rule.minMultiple ?? 1));
          const hi = m.prevPrice !== undefined && m.maxChangePerPeriod !== undefined ? m.prevPrice * (1 + m.maxChangePerPeriod) : Infinity;
          const r = modelFoc(models, segments, prices, j);
          if (prices[j] === lo && r <= 1e-8) return;
          if (prices[j] === hi && r >= -1e-8) return;
          expect(prices[j] > lo && prices[j] < hi).toBe(true);
          expect(Math.abs(r)).toBeLessThan(1e-8);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('a NASH price that starts an ulp above its lower bound, where ln cannot tell them apart, ends on the bound, converged', () => {
    // Demand with eps = 3 wants p = 1.5 c, below minMultiple 2: the price holds at 2c. Last period's
    // price one ulp above 2c once made the first Newton step 0 (ln p = ln 2c) and left the price
    // off its bound, reported unconverged; found by bench:nash in the extreme markets.
    const nextUp = (x: number): number => {
      const bits = new BigInt64Array(new Float64Array([x]).buffer);
      bits[0] += 1n;
      return new Float64Array(bits.buffer)[0];
    };
    for (const cost of [0.001, 45.6]) {
      const prevPrice = nextUp(2 * cost);
      expect(Math.log(prevPrice)).toBe(Math.log(2 * cost));
      const models: ModelSpec[] = [{ lab: 0, cost, capability: 70, tier: 0, prevPrice, maxChangePerPeriod: 0.2, rule: { strategy: 'NASH', minMultiple: 2 } }];
      const segments: SegmentSpec[] = [{ threshold: 60, alpha: 4, beta: 0.1, elasticity: 3, referencePrice: 2, volumeScale: 1e6 }];
      const result = setPrices(buildPricingContext({ models, segments, tiers: [{ leaderLab: 0, leaderModel: 0 }] }));
      expect(result.prices[0]).toBe(2 * cost);
      expect(result.nashConverged).toBe(1);
      expect(modelFoc(models, segments, [2 * cost], 0)).toBeLessThan(0);
    }
  });

  it('a NASH model that no segment serves rests at its lower bound, converged', () => {
    const models: ModelSpec[] = [{ lab: 0, cost: 2, capability: 70, tier: 0, rule: { strategy: 'NASH', minMultiple: 1.5 } }];
    const result = setPrices(buildPricingContext({ models, segments: [], tiers: [{ leaderLab: 0, leaderModel: 0 }] }));
    expect(result.prices[0]).toBe(3);
    expect(result.nashConverged).toBe(1);
  });

  it('property: demandAtSolution completes the solver\'s last demand into computeDemand at its prices, bit for bit', () => {
    const segment = fc.record({
      tier: fc.integer({ min: -1, max: 2 }),
      alpha: fc.double({ min: 1.1, max: 6, noNaN: true }),
      beta: fc.double({ min: 0, max: 0.5, noNaN: true }),
      elasticity: fc.double({ min: 0.5, max: 3.5, noNaN: true }),
      referencePrice: fc.double({ min: 1, max: 50, noNaN: true }),
      // Up to capped volumes, and none at all.
      volumeScale: fc.oneof(fc.double({ min: 1, max: 1e8, noNaN: true }), fc.constantFrom(0, 1e200, 1e250)),
    });
    const model = fc.record({
      lab: fc.integer({ min: 0, max: 3 }),
      // Costs up to one whose COST_PLUS price overflows (ln p = Infinity: utility -Infinity).
      cost: fc.oneof(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.constantFrom(1e120, 1e-300, 1e308)),
      capability: fc.double({ min: 50, max: 100, noNaN: true }),
      brand: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
      nash: fc.boolean(),
      available: fc.constantFrom(true, true, true, false),
      prevPrice: fc.option(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { nil: undefined }),
      maxChangePerPeriod: fc.option(fc.double({ min: 0.05, max: 0.5, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 0, maxLength: 3 }), fc.array(model, { minLength: 1, maxLength: 10 }), (segs, raw) => {
        const segments: SegmentSpec[] = segs.map((x, k) => ({ ...x, threshold: 60 + 10 * k }));
        const models: ModelSpec[] = raw.map((m) => ({
          lab: m.lab,
          cost: m.cost,
          capability: m.capability,
          brand: m.brand,
          tier: Math.min(2, Math.floor((m.capability - 60) / 10)),
          rule: m.nash ? NASH : { strategy: 'COST_PLUS', markup: 0.5 },
          available: m.available,
          prevPrice: m.prevPrice,
          maxChangePerPeriod: m.maxChangePerPeriod,
        }));
        expectCompleted(models, segments);
      }),
      { numRuns: 300 },
    );
  });

  it('demandAtSolution: spend terms and sums past 1e300 are capped as computeDemand caps them', () => {
    const rich = { lab: 0, cost: 1e120, capability: 70, tier: 0 };
    const models: ModelSpec[] = [{ ...rich, rule: NASH }, { ...rich, lab: 1, rule: { strategy: 'COST_PLUS', markup: 0.5 } }];
    const segment = { threshold: 60, alpha: 1.5, beta: 0.1, elasticity: 0.5, referencePrice: 4, volumeScale: 1e250 };
    expect(expectCompleted(models, [segment])[0]).toBe(1e300);
  });

  it('demandAtSolution: a price of Infinity adds no spend, and a segment it alone serves has the largest finite price index', () => {
    const models: ModelSpec[] = [
      { lab: 0, cost: 1, capability: 70, tier: 0, rule: NASH },
      { lab: 1, cost: 1e308, capability: 85, tier: 1, rule: { strategy: 'COST_PLUS', markup: 1 } },
    ];
    const segment = { alpha: 1.5, beta: 0.1, elasticity: 1.2, referencePrice: 4, volumeScale: 1e6 };
    const spend = expectCompleted(models, [{ ...segment, threshold: 60 }, { ...segment, threshold: 80 }]);
    expect(Number.isFinite(spend[0]!) && spend[1] === 0).toBe(true);
  });
});

function same(a: ArrayLike<number>, b: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** setPrices, then expects demandAtSolution's demand to equal computeDemand's at those prices; returns the spends. */
function expectCompleted(models: ModelSpec[], segments: SegmentSpec[]): Float64Array {
  const ctx = buildPricingContext({ models, segments, tiers: [0, 1, 2].map(() => ({ leaderLab: 0, leaderModel: 0 })), labCount: 4 });
  const ws = createPricingWorkspace(models.length, segments.length, 4);
  setPrices(ctx, ws);
  // A NASH model below every tier is priced at c x minMultiple, without the solver.
  expect(ws.solved).toBe(models.some((m) => m.rule.strategy === 'NASH' && m.available !== false && m.tier >= 0));
  const m = models.length;
  const k = segments.length;
  if (!ws.solved) return new Float64Array(k);
  const input: DemandInput = { ...ctx, price: ws.prices };
  const full = createDemandOutput(m, k);
  computeDemand(input, full);
  const out: DemandOutput = ws.nash.demand;
  demandAtSolution(input, ws.nash.plan, out);
  expect(same(out.logPrice, full.logPrice, m) && same(out.demand, full.demand, m)).toBe(true);
  expect(same(out.share, full.share, m * k) && same(out.logShare, full.logShare, m * k)).toBe(true);
  expect(same(out.volume, full.volume, k) && same(out.eligibleCount, full.eligibleCount, k)).toBe(true);
  expect(same(out.priceIndex, full.priceIndex, k)).toBe(true);
  expect(same(out.spend, full.spend, k)).toBe(true);
  return full.spend.slice(0, k);
}

import { describe, expect, it } from '@jest/globals';
import { strategyPrice } from './strategy-price-calculator.js';

const FP = { strategy: 'FRONTIER_PREMIUM', premiumMultiple: 10, halfLifeMonths: 4, floorMultiple: 1.2 } as const;

describe(strategyPrice.name, () => {
  it('a leading FRONTIER_PREMIUM model: c (1 + (M0 - 1) 0.5^(months / halfLife))', () => {
    expect(strategyPrice({ rule: FP, cost: 2, capability: 80, tier: 0, leadsTier: true, monthsSinceFirstFollower: 8 }).price).toBeCloseTo(2 * (1 + 9 * 0.25), 12);
  });

  it('a follower at parity with the given leader price, or as a leader when none is given', () => {
    const ppp = { strategy: 'PRICE_PERFORMANCE_PARITY', discount: 0.5 } as const;
    expect(strategyPrice({ rule: ppp, cost: 1, capability: 70, tier: 0, leader: { price: 20, capability: 80 } }).price).toBeCloseTo((20 * 70) / 80 / 2, 12);
    expect(strategyPrice({ rule: ppp, cost: 1, capability: 70, tier: 0 }).price).toBeCloseTo(2, 12);
  });

  it("NASH: the best response to a rival's fixed price satisfies p = c eta / (eta - 1)", () => {
    const segments = [{ threshold: 60, alpha: 3, beta: 0.1, elasticity: 1.5, referencePrice: 4, volumeScale: 1e6 }];
    const r = strategyPrice({ rule: { strategy: 'NASH' }, cost: 1, capability: 70, tier: 0, segments, rivals: [{ price: 2, capability: 75, tier: 0 }] });
    expect(r.nashConverged).toBe(1);
    const e1 = Math.exp(0.1 * 10 - 3 * Math.log(r.price));
    const e2 = Math.exp(0.1 * 15 - 3 * Math.log(2));
    const s = e1 / (e1 + e2);
    const eta = 3 * (1 - s) + 1.5 * s;
    expect(r.price / (eta / (eta - 1)) - 1).toBeCloseTo(0, 7);
  });
});

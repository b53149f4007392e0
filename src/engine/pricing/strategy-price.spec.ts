import { describe, expect, it } from '@jest/globals';
import type { Pricing } from '../scenario/types.js';
import { monthIndex } from '../time.js';
import { ruleTableOf } from './rule-table.js';
import { activeRule, boundPrice, frontierLeaderPrice, parityPrice } from './strategy-price.js';

describe(activeRule.name, () => {
  const costPlus: Pricing = { strategy: 'COST_PLUS', markup: 1 };
  const inner: Pricing = { strategy: 'ZERO_MARGIN', subsidy: 0.1, untilDate: '2026-03-31', then: costPlus };
  const outer: Pricing = { strategy: 'ZERO_MARGIN', untilDate: '2025-12-31', then: inner };

  it('follows a chain of ZERO_MARGIN rules by date', () => {
    expect(activeRule(outer, monthIndex('2025-12-01'), false)).toBe(outer);
    expect(activeRule(outer, monthIndex('2026-01-01'), false)).toBe(inner);
    expect(activeRule(outer, monthIndex('2026-03-01'), false)).toBe(inner);
    expect(activeRule(outer, monthIndex('2026-04-01'), false)).toBe(costPlus);
  });

  it('exhausted cash skips every ZERO_MARGIN with a `then`', () => {
    expect(activeRule(outer, monthIndex('2025-01-01'), true)).toBe(costPlus);
  });

  it('other rules pass through', () => {
    expect(activeRule(costPlus, 0, true)).toBe(costPlus);
  });
});

describe(frontierLeaderPrice.name, () => {
  const fp = { strategy: 'FRONTIER_PREMIUM', premiumMultiple: 9, halfLifeMonths: 3, floorMultiple: 2 } as const;
  const rules = ruleTableOf([{ rule: fp, priceFloor: 0, maxChangePerPeriod: NaN }], 1);

  it('is highest while alone and decays by half every halfLifeMonths after the first follower', () => {
    const alone = frontierLeaderPrice(rules, 0, 1, NaN, false);
    const prices = [0, 3, 6, 9].map((months) => frontierLeaderPrice(rules, 0, 1, months, false));
    expect(alone).toBe(9);
    expect(prices).toEqual([9, 5, 3, 2]); // 1 + 8 d with d = 1, 1/2, 1/4, then the floor 2 (1 + 8/8 = 2)
  });
});

describe('remembered powers', () => {
  const fp = (halfLifeMonths: number) => ({ strategy: 'FRONTIER_PREMIUM', premiumMultiple: 9, halfLifeMonths, floorMultiple: 0 }) as const;
  const pp = (qualityExponent: number) => ({ strategy: 'PRICE_PERFORMANCE_PARITY', qualityExponent, minMultiple: 0 }) as const;
  const table = ruleTableOf(
    [fp(3), fp(7), pp(4), pp(0.5)].map((rule) => ({ rule, priceFloor: 0, maxChangePerPeriod: NaN })),
    4,
  );

  it('price as Math.pow would, whichever model or value came before in the same slot', () => {
    for (let round = 0; round < 3; round++) {
      for (const months of [0, 5, 5.5, -1, 2000, 5]) {
        for (const j of [0, 1]) {
          const d = Math.pow(0.5, months / table.halfLife[j]!);
          expect(frontierLeaderPrice(table, j, 1.7, months, false)).toBe(1.7 * Math.max(0, 1 + 8 * d));
        }
      }
      for (const [q, qL] of [[80, 90], [81, 90], [80, 91], [80, 90], [0, 90], [-0, 90]]) {
        for (const j of [2, 3]) {
          const parity = 2.5 * Math.pow(q! / qL!, table.gamma[j]!) * table.keep[j]!;
          expect(Object.is(parityPrice(table, j, 0.1, q!, 2.5, qL!), Math.max(parity, 0))).toBe(true);
        }
      }
    }
  });
});

describe(boundPrice.name, () => {
  it('clamps to prev (1 +/- m), then the floor', () => {
    expect(boundPrice(5, 2, 0.5, 0)).toBe(3);
    expect(boundPrice(0.1, 2, 0.5, 0)).toBe(1);
    expect(boundPrice(0.1, 2, 0.5, 1.5)).toBe(1.5);
    expect(boundPrice(0.1, NaN, 0.5, 0.01)).toBe(0.1);
    expect(boundPrice(0.1, 2, NaN, 0.01)).toBe(0.1);
  });
});

import { describe, expect, it } from '@jest/globals';
import type { Pricing } from '../scenario/types.js';
import { monthIndex } from '../time.js';
import { ruleTableOf } from './rule-table.js';
import { activeRule, boundPrice, frontierLeaderPrice } from './strategy-price.js';

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

describe(boundPrice.name, () => {
  it('clamps to prev (1 +/- m), then the floor', () => {
    expect(boundPrice(5, 2, 0.5, 0)).toBe(3);
    expect(boundPrice(0.1, 2, 0.5, 0)).toBe(1);
    expect(boundPrice(0.1, 2, 0.5, 1.5)).toBe(1.5);
    expect(boundPrice(0.1, NaN, 0.5, 0.01)).toBe(0.1);
    expect(boundPrice(0.1, 2, NaN, 0.01)).toBe(0.1);
  });
});

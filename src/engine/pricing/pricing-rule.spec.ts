import { describe, expect, it } from '@jest/globals';
import type { Lab, Model, Scenario } from '../scenario/types.js';
import { monthIndex } from '../time.js';
import { historyPriceAt, resolvePricing } from './pricing-rule.js';

describe(resolvePricing.name, () => {
  const lab = { name: 'L', pricing: { strategy: 'COST_PLUS', markup: 1, priceFloor: 0.5 } } as Lab;
  const doc = { priceFloor: 0.1, maxChangePerPeriod: 0.3 } as Scenario;

  it("takes the model's rule over the lab's, and bounds model > lab > document", () => {
    const model = { name: 'm', pricing: { strategy: 'NASH', maxChangePerPeriod: 0.2 } } as Model;
    expect(resolvePricing(doc, lab, model)).toEqual({ rule: model.pricing, priceFloor: 0.5, maxChangePerPeriod: 0.2 });
  });

  it("falls back to the lab's rule, the document's bounds, then the defaults", () => {
    const model = { name: 'm' } as Model;
    expect(resolvePricing(doc, lab, model)).toEqual({ rule: lab.pricing, priceFloor: 0.5, maxChangePerPeriod: 0.3 });
    const bare = resolvePricing({} as Scenario, { ...lab, pricing: { strategy: 'COST_PLUS', markup: 1 } }, model);
    expect(bare.priceFloor).toBe(1e-6);
    expect(bare.maxChangePerPeriod).toBeNaN();
  });
});

describe(historyPriceAt.name, () => {
  const history = [
    { date: '2025-01-15', price: 10 },
    { date: '2025-03-01', price: 8 },
    { date: '2025-06-10', price: 5 },
  ];

  it('monthly: the latest entry dated in or before the period, between the first and last entry periods', () => {
    const at = (d: string): number => historyPriceAt(history, monthIndex(d), 1);
    expect(at('2024-12-01')).toBeNaN();
    expect(at('2025-01-01')).toBe(10);
    expect(at('2025-02-01')).toBe(10);
    expect(at('2025-03-01')).toBe(8);
    expect(at('2025-05-01')).toBe(8);
    expect(at('2025-06-01')).toBe(5);
    expect(at('2025-07-01')).toBeNaN();
  });

  it('quarterly: an entry anywhere in the period counts', () => {
    const at = (d: string): number => historyPriceAt(history, monthIndex(d), 3);
    expect(at('2024-10-01')).toBeNaN();
    expect(at('2025-01-01')).toBe(8);
    expect(at('2025-04-01')).toBe(5);
    expect(at('2025-07-01')).toBeNaN();
  });

  it('no history: the strategy prices', () => {
    expect(historyPriceAt(undefined, 0, 1)).toBeNaN();
    expect(historyPriceAt([], 0, 1)).toBeNaN();
  });
});

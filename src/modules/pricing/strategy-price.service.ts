import { Injectable } from '@nestjs/common';
import { isDistribution } from '../../engine/random/distributions.js';
import { strategyPrice } from '../../engine/pricing/strategy-price-calculator.js';
import { activeRule } from '../../engine/pricing/strategy-price.js';
import type { Pricing } from '../../engine/scenario/types.js';
import { Checker, NON_NEGATIVE, POSITIVE } from '../../engine/scenario/validate-kit.js';
import { checkPricing } from '../../engine/scenario/validate-pricing.js';
import { monthIndex } from '../../engine/time.js';
import { FieldChecks } from '../scenarios/values/field-checks.js';
import { InputErrors } from '../scenarios/values/num-value.mapper.js';
import type { StrategyPriceInput } from './dto/strategy-price.input.js';
import { PricingStrategy } from './models/pricing.model.js';
import type { StrategyPrice } from './models/strategy-price.model.js';
import { pricingFromInput } from './pricing.mapper.js';

const WHAT = 'invalid strategy price input';
const MAX_LIST = 100;

/** Paths of distribution leaves in a pricing block: the calculator takes numbers only. */
function distributionPaths(value: unknown, path: string, out: string[] = []): string[] {
  if (isDistribution(value)) out.push(path);
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) distributionPaths(v, `${path}.${k}`, out);
  return out;
}

/** The strategy-price what-if (MODEL.md section 4): the engine's pricing on the caller's numbers. */
@Injectable()
export class StrategyPriceService {
  /** The price one model's strategy sets for the given cost, tier state and rival prices (MODEL.md section 4). */
  compute(input: StrategyPriceInput): StrategyPrice {
    const errs = new InputErrors();
    const rule = pricingFromInput(input.pricing, 'pricing', errs);
    const c = new FieldChecks();
    for (const e of errs.errors) c.fail(e.path, e.message);
    for (const p of distributionPaths(rule, 'pricing')) c.fail(p, 'the calculator takes plain numbers, not distributions');
    const checker = new Checker();
    checkPricing(checker, rule, 'pricing');
    for (const e of checker.errors) c.fail(e.path, e.message);
    c.num(input.cost, 'cost', POSITIVE);
    c.num(input.capability, 'capability', { ge: 0, le: 100 });
    c.num(input.tier, 'tier', { ge: -1, le: 49 });
    c.num(input.brand, 'brand', {});
    c.num(input.monthsSinceFirstFollower, 'monthsSinceFirstFollower', NON_NEGATIVE);
    c.num(input.leader?.price, 'leader.price', POSITIVE);
    c.num(input.leader?.capability, 'leader.capability', { ge: 0, le: 100 });
    c.num(input.prevPrice, 'prevPrice', POSITIVE);
    if (input.periodStart !== undefined && input.periodStart !== null) {
      const dates = new Checker();
      if (!dates.date(input.periodStart, 'periodStart')) for (const e of dates.errors) c.fail(e.path, e.message);
    }
    if (input.segments.length > MAX_LIST) c.fail('segments', `at most ${MAX_LIST}`);
    if (input.rivals.length > MAX_LIST) c.fail('rivals', `at most ${MAX_LIST}`);
    input.segments.forEach((s, i) => {
      const at = `segments[${i}]`;
      c.num(s.tier, `${at}.tier`, { ge: 0, le: 49 });
      c.num(s.threshold, `${at}.threshold`, { ge: 0, le: 100 });
      c.num(s.alpha, `${at}.alpha`, POSITIVE);
      c.num(s.beta, `${at}.beta`, NON_NEGATIVE);
      c.num(s.elasticity, `${at}.elasticity`, POSITIVE);
      c.num(s.referencePrice, `${at}.referencePrice`, POSITIVE);
      c.num(s.volume, `${at}.volume`, NON_NEGATIVE);
    });
    input.rivals.forEach((r, i) => {
      c.num(r.price, `rivals[${i}].price`, POSITIVE);
      c.num(r.capability, `rivals[${i}].capability`, { ge: 0, le: 100 });
      c.num(r.tier, `rivals[${i}].tier`, { ge: -1, le: 49 });
      c.num(r.brand, `rivals[${i}].brand`, {});
    });
    if (rule.strategy === 'NASH' && input.segments.length === 0 && input.tier >= 0) c.fail('segments', 'NASH needs the segments its model serves');
    c.throwIfAny(WHAT);

    const pricing = rule as Pricing;
    const periodMonth = input.periodStart ? monthIndex(input.periodStart) : Number.MIN_SAFE_INTEGER;
    const result = strategyPrice({
      rule: pricing,
      cost: input.cost,
      capability: input.capability,
      tier: input.tier,
      brand: input.brand,
      leadsTier: input.leadsTier,
      monthsSinceFirstFollower: input.monthsSinceFirstFollower ?? undefined,
      superseded: input.superseded,
      leader: input.leader ?? undefined,
      prevPrice: input.prevPrice ?? undefined,
      periodStartMonth: periodMonth,
      cashExhausted: input.cashExhausted,
      segments: input.segments.map((s) => ({ ...s, tier: s.tier ?? undefined, volumeScale: s.volume })),
      rivals: input.rivals,
    });
    return {
      price: result.price,
      markupMultiple: result.price / input.cost,
      strategy: activeRule(pricing, periodMonth, input.cashExhausted).strategy as PricingStrategy,
      nashConverged: result.nashConverged === 1,
    };
  }
}

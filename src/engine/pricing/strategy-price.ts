import type { Pricing } from '../scenario/types.js';
import { monthIndex } from '../time.js';
import { DEFAULT_SUPERSEDED_FACTOR } from './types.js';

/**
 * The rule in force for a ZERO_MARGIN model (MODEL.md section 4): in periods starting after
 * `untilDate`, or for good once its lab's cash has gone below 0, it prices by `then` (which may
 * itself be ZERO_MARGIN); with no `then` it stays at zero margin. Other rules pass through.
 */
export function activeRule(rule: Pricing, periodStartMonth: number, cashExhausted: boolean): Pricing {
  let current = rule;
  while (current.strategy === 'ZERO_MARGIN' && current.then !== undefined) {
    const expired = current.untilDate !== undefined && periodStartMonth > monthIndex(current.untilDate);
    if (!expired && !cashExhausted) break;
    current = current.then;
  }
  return current;
}

/** COST_PLUS `c (1 + markup)` and ZERO_MARGIN `c (1 - sigma)` (MODEL.md section 4); NaN for other rules. */
export function costBasedPrice(rule: Pricing, cost: number): number {
  if (rule.strategy === 'COST_PLUS') return cost * (1 + rule.markup);
  if (rule.strategy === 'ZERO_MARGIN') return cost * (1 - (rule.subsidy ?? 0));
  // NaN written as arithmetic: a never-run read of the global NaN compiles to an untyped load that
  // makes the optimiser box every price setPrices computes (~9 KB of garbage per path).
  return 0 / 0;
}

/**
 * FRONTIER_PREMIUM as the tier's leader (MODEL.md section 4): `c max(floorMultiple, 1 + (M0 - 1) d)`,
 * d = 1 while alone (monthsSinceFirstFollower NaN), else 0.5^(months / halfLifeMonths), times
 * supersededFactor (default 0.5) once the lab has released a model of a higher tier.
 */
export function frontierLeaderPrice(
  rule: Extract<Pricing, { strategy: 'FRONTIER_PREMIUM' }>,
  cost: number,
  monthsSinceFirstFollower: number,
  superseded: boolean,
): number {
  let d = Number.isNaN(monthsSinceFirstFollower) ? 1 : Math.pow(0.5, monthsSinceFirstFollower / rule.halfLifeMonths);
  if (superseded) d *= rule.supersededFactor ?? DEFAULT_SUPERSEDED_FACTOR;
  return cost * Math.max(rule.floorMultiple, 1 + (rule.premiumMultiple - 1) * d);
}

/** PRICE_PERFORMANCE_PARITY when its own lab leads the tier: `c max(minMultiple, 1 + leaderMarkup)` (section 4). */
export function parityLeaderPrice(rule: Extract<Pricing, { strategy: 'PRICE_PERFORMANCE_PARITY' }>, cost: number): number {
  return cost * Math.max(rule.minMultiple ?? 1, 1 + (rule.leaderMarkup ?? 1));
}

/**
 * Price/performance parity against the leader model (section 4): `p_L (q / q_L)^gamma (1 - discount)`,
 * at least `c minMultiple`. A FRONTIER_PREMIUM follower uses discount 0, gamma 1, minMultiple = floorMultiple.
 */
export function parityPrice(rule: Pricing, cost: number, capability: number, leaderPrice: number, leaderCapability: number): number {
  let discount = 0;
  let gamma = 1;
  let minMultiple = 1;
  if (rule.strategy === 'PRICE_PERFORMANCE_PARITY') {
    discount = rule.discount ?? 0;
    gamma = rule.qualityExponent ?? 1;
    minMultiple = rule.minMultiple ?? 1;
  } else if (rule.strategy === 'FRONTIER_PREMIUM') {
    minMultiple = rule.floorMultiple;
  }
  const parity = leaderPrice * Math.pow(capability / leaderCapability, gamma) * (1 - discount);
  return Math.max(parity, cost * minMultiple);
}

/** Price of a FRONTIER_PREMIUM, parity or NASH model below every tier: c x floor / minimum multiple (section 4). */
export function belowTiersPrice(rule: Pricing, cost: number): number {
  switch (rule.strategy) {
    case 'FRONTIER_PREMIUM':
      return cost * rule.floorMultiple;
    case 'PRICE_PERFORMANCE_PARITY':
      return cost * (rule.minMultiple ?? 1);
    case 'NASH':
      return cost * (rule.minMultiple ?? 1);
    default:
      return costBasedPrice(rule, cost);
  }
}

/**
 * maxChangePerPeriod keeps the price within [prev (1 - m), prev (1 + m)], then the floor wins any
 * conflict (section 4). `prev` NaN (no previous price) or `m` NaN (no limit) skip the first step.
 */
export function boundPrice(price: number, prevPrice: number, maxChange: number, floor: number): number {
  let p = price;
  if (Number.isFinite(prevPrice) && Number.isFinite(maxChange)) {
    const lo = prevPrice * (1 - maxChange);
    const hi = prevPrice * (1 + maxChange);
    if (p < lo) p = lo;
    if (p > hi) p = hi;
  }
  return p < floor ? floor : p;
}

import type { Pricing } from '../scenario/types.js';
import { PowMemo } from '../pow-memo.js';
import { monthIndex } from '../time.js';
import type { RuleTable } from './rule-table.js';

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

/**
 * Premium decays 0.5^(months / halfLife) by whole months since the first follower, and parity
 * ratios (q / q_L)^gamma by model slot: every path and period repeats them (see PowMemo).
 */
const DECAY_SLOTS = 1024;
const decayMemo = new PowMemo(64);
const parityMemo = new PowMemo(64);

/**
 * FRONTIER_PREMIUM as the tier's leader (MODEL.md section 4): `c max(floorMultiple, 1 + (M0 - 1) d)`,
 * d = 1 while alone (monthsSinceFirstFollower NaN), else 0.5^(months / halfLifeMonths), times
 * supersededFactor once the lab has released a model of a higher tier. Model j's rule is in `rules`.
 */
export function frontierLeaderPrice(rules: RuleTable, j: number, cost: number, monthsSinceFirstFollower: number, superseded: boolean): number {
  const months = monthsSinceFirstFollower;
  let d = 1;
  if (!Number.isNaN(months)) {
    const exponent = months / rules.halfLife[j]!;
    // Whole months (as the period loop has them) pick the memo's slot; other values are computed.
    const slot = months | 0;
    d = slot === months && slot >= 0 && slot < DECAY_SLOTS ? decayMemo.pow(slot, 0.5, exponent) : Math.pow(0.5, exponent);
  }
  if (superseded) d *= rules.supersededFactor[j]!;
  return cost * Math.max(rules.multiple[j]!, 1 + rules.leader[j]! * d);
}

/**
 * Price/performance parity against the leader model (section 4): `p_L (q / q_L)^gamma (1 - discount)`,
 * at least `c minMultiple`. A FRONTIER_PREMIUM follower uses discount 0, gamma 1, minMultiple = floorMultiple.
 */
export function parityPrice(rules: RuleTable, j: number, cost: number, capability: number, leaderPrice: number, leaderCapability: number): number {
  const parity = leaderPrice * parityMemo.pow(j, capability / leaderCapability, rules.gamma[j]!) * rules.keep[j]!;
  return Math.max(parity, cost * rules.multiple[j]!);
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

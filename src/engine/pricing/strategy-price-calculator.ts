import type { Pricing } from '../scenario/types.js';
import { buildPricingContext, type ModelSpec, type SegmentSpec, type TierSpec } from './pricing-context.builder.js';
import { setPrices } from './set-prices.js';

/** A rival model at a fixed price (NASH best responses only). */
export interface RivalSpec {
  /** USD per 1M tokens. */
  price: number;
  capability: number;
  /** Tier index, -1 below every tier. */
  tier: number;
  brand?: number;
}

/** One model's situation for the what-if price calculator. */
export interface StrategyPriceQuery {
  rule: Pricing;
  /** c_j, USD per 1M tokens. */
  cost: number;
  capability: number;
  /** Tier index, -1 below every tier. */
  tier: number;
  brand?: number;
  /** Its lab leads the model's tier. */
  leadsTier?: boolean;
  /** Months since the tier's first follower; absent or NaN while the leader is alone. */
  monthsSinceFirstFollower?: number;
  /** Its lab has released a model of a higher tier. */
  superseded?: boolean;
  /** The tier's leader model, read by parity prices; absent: the model prices as a leader. */
  leader?: { price: number; capability: number };
  prevPrice?: number;
  maxChangePerPeriod?: number;
  priceFloor?: number;
  historyPrice?: number;
  /** Month index of the period (ZERO_MARGIN untilDate); default: before any date. */
  periodStartMonth?: number;
  cashExhausted?: boolean;
  /** NASH: the segments (segment k needs tier k unless stated) and rival models at fixed prices. */
  segments?: SegmentSpec[];
  rivals?: RivalSpec[];
}

/**
 * The price one model's strategy sets (MODEL.md section 4) given its cost, its tier's leadership
 * and its rivals' prices; a NASH model gives its lab's best response to the rivals' prices.
 */
export function strategyPrice(query: StrategyPriceQuery): { price: number; nashConverged: 0 | 1 } {
  const subject: ModelSpec = {
    lab: 0,
    cost: query.cost,
    capability: query.capability,
    tier: query.tier,
    rule: query.rule,
    brand: query.brand,
    prevPrice: query.prevPrice,
    historyPrice: query.historyPrice,
    priceFloor: query.priceFloor,
    maxChangePerPeriod: query.maxChangePerPeriod,
    superseded: query.superseded,
  };
  const models: ModelSpec[] = [subject];
  const fixed: Pricing = { strategy: 'COST_PLUS', markup: 0 };
  let leaderIndex = query.leadsTier ? 0 : -1;
  if (!query.leadsTier && query.leader !== undefined) {
    // Unavailable this period with last period's price: parity reads exactly that price, and the
    // phantom leader takes no part in NASH demand.
    leaderIndex = models.length;
    models.push({ lab: 1, cost: 0, capability: query.leader.capability, tier: query.tier, rule: fixed, prevPrice: query.leader.price, available: false });
  }
  for (const rival of query.rivals ?? []) {
    models.push({ lab: models.length + 1, cost: 0, capability: rival.capability, tier: rival.tier, rule: fixed, brand: rival.brand, historyPrice: rival.price });
  }
  const segments = query.segments ?? [];
  const tierCount = Math.max(query.tier + 1, segments.length, ...models.map((m) => m.tier + 1), 1);
  const tiers: TierSpec[] = [];
  for (let k = 0; k < tierCount; k++) {
    const own = k === query.tier;
    tiers.push({
      leaderLab: own && query.leadsTier ? 0 : 1,
      leaderModel: own ? leaderIndex : -1,
      monthsSinceFirstFollower: own ? query.monthsSinceFirstFollower : NaN,
    });
  }
  const ctx = buildPricingContext({
    models,
    segments,
    tiers,
    labCount: models.length + 2,
    periodStartMonth: query.periodStartMonth ?? Number.MIN_SAFE_INTEGER,
    cashExhausted: query.cashExhausted ? [0] : [],
  });
  const result = setPrices(ctx);
  return { price: result.prices[0], nashConverged: result.nashConverged };
}

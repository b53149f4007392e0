/**
 * The pricing rules of a frame's models as numbers in typed arrays (MODEL.md section 4), loaded once
 * per frame. Reading a rule's fields from the scenario's rule objects every period (five strategies,
 * optional fields: many object shapes at one site) cost more than the arithmetic of the prices.
 * Each multiple is computed here exactly as the price formulas compute it, so prices keep their bits.
 */
import type { Pricing } from '../scenario/types.js';
import { TypedSlab } from '../typed-slab.js';
import { DEFAULT_SUPERSEDED_FACTOR, type ResolvedPricing } from './types.js';

/** How a rule prices (per model, `RuleTable.kind`). */
export const RuleKind = {
  /** COST_PLUS and ZERO_MARGIN: c x multiple. */
  CostBased: 0,
  FrontierPremium: 1,
  Parity: 2,
  Nash: 3,
} as const;

/** Per model j: the rule in force and its bounds. */
export interface RuleTable {
  kind: Uint8Array;
  /**
   * 1 for a ZERO_MARGIN rule with a `then`: the rule in force depends on the period and the lab's
   * cash, so setPrices loads it every period (loadRule).
   */
  switching: Uint8Array;
  floor: Float64Array;
  /** NaN when no limit applies. */
  maxChange: Float64Array;
  /**
   * c x this: CostBased 1 + markup or 1 - subsidy; below every tier FRONTIER_PREMIUM's floorMultiple,
   * parity's and NASH's minMultiple (default 1), which are also the parity prices' least multiples.
   */
  multiple: Float64Array;
  /** FRONTIER_PREMIUM: premiumMultiple - 1; parity: its price as the tier's leader, max(minMultiple, 1 + leaderMarkup). */
  leader: Float64Array;
  /** FRONTIER_PREMIUM: halfLifeMonths. */
  halfLife: Float64Array;
  /** FRONTIER_PREMIUM: supersededFactor (default 0.5). */
  supersededFactor: Float64Array;
  /** Parity against the leader: quality exponent gamma (FRONTIER_PREMIUM 1). */
  gamma: Float64Array;
  /** Parity against the leader: 1 - discount (FRONTIER_PREMIUM 1, its discount being 0). */
  keep: Float64Array;
  /**
   * The rule and resolved pricing model j's row was last loaded from (loadRule), so that setPrices
   * reloads a switching model's row only when the rule in force changes, not every period.
   */
  loadedRule: (Pricing | undefined)[];
  loadedFrom: (ResolvedPricing | undefined)[];
}

/** A table for `m` models carved from `slab` (8 Float64 and 2 Uint8 arrays of m), to be loaded. */
export function ruleTableIn(slab: TypedSlab, m: number): RuleTable {
  return {
    kind: slab.uint8(m),
    switching: slab.uint8(m),
    floor: slab.float64(m),
    maxChange: slab.float64(m),
    multiple: slab.float64(m),
    leader: slab.float64(m),
    halfLife: slab.float64(m),
    supersededFactor: slab.float64(m),
    gamma: slab.float64(m),
    keep: slab.float64(m),
    loadedRule: new Array<Pricing | undefined>(m).fill(undefined),
    loadedFrom: new Array<ResolvedPricing | undefined>(m).fill(undefined),
  };
}

/** Loads model j's resolved pricing: its own rule, marked switching when that rule may hand over. */
export function loadResolved(table: RuleTable, j: number, resolved: ResolvedPricing): void {
  const rule = resolved.rule;
  table.switching[j] = rule.strategy === 'ZERO_MARGIN' && rule.then !== undefined ? 1 : 0;
  loadRule(table, j, rule, resolved);
}

/**
 * Loads `rule` as model j's rule in force: the model's own (resolved.rule) or one its ZERO_MARGIN
 * handed over to, whose own bounds, when it states them, win (docs/model-notes.md, "Pricing").
 */
export function loadRule(table: RuleTable, j: number, rule: Pricing, resolved: ResolvedPricing): void {
  const own = rule === resolved.rule;
  table.floor[j] = own ? resolved.priceFloor : (rule.priceFloor ?? resolved.priceFloor);
  table.maxChange[j] = own ? resolved.maxChangePerPeriod : (rule.maxChangePerPeriod ?? resolved.maxChangePerPeriod);
  switch (rule.strategy) {
    case 'COST_PLUS':
      table.kind[j] = RuleKind.CostBased;
      table.multiple[j] = 1 + rule.markup;
      break;
    case 'ZERO_MARGIN':
      table.kind[j] = RuleKind.CostBased;
      table.multiple[j] = 1 - (rule.subsidy ?? 0);
      break;
    case 'FRONTIER_PREMIUM':
      table.kind[j] = RuleKind.FrontierPremium;
      table.multiple[j] = rule.floorMultiple;
      table.leader[j] = rule.premiumMultiple - 1;
      table.halfLife[j] = rule.halfLifeMonths;
      table.supersededFactor[j] = rule.supersededFactor ?? DEFAULT_SUPERSEDED_FACTOR;
      table.gamma[j] = 1;
      table.keep[j] = 1;
      break;
    case 'PRICE_PERFORMANCE_PARITY':
      table.kind[j] = RuleKind.Parity;
      table.multiple[j] = rule.minMultiple ?? 1;
      table.leader[j] = Math.max(rule.minMultiple ?? 1, 1 + (rule.leaderMarkup ?? 1));
      table.gamma[j] = rule.qualityExponent ?? 1;
      table.keep[j] = 1 - (rule.discount ?? 0);
      break;
    case 'NASH':
      table.kind[j] = RuleKind.Nash;
      table.multiple[j] = rule.minMultiple ?? 1;
      break;
  }
  table.loadedRule[j] = rule;
  table.loadedFrom[j] = resolved;
}

/** A table of its own for a list of resolved pricings (callers without a frame: calculators, tests). */
export function ruleTableOf(pricing: ReadonlyArray<ResolvedPricing>, m: number): RuleTable {
  const table = ruleTableIn(new TypedSlab(8 * m, 0, 2 * m), m);
  for (let j = 0; j < m; j++) if (pricing[j] !== undefined) loadResolved(table, j, pricing[j]!);
  return table;
}

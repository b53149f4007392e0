/**
 * Validation of a pricing block (MODEL.md section 4): a known strategy with its parameters in
 * range, plus the optional bounds `priceFloor` and `maxChangePerPeriod`.
 */
import type { StrategyName } from './types.js';
import { Checker, FRACTION, NON_NEGATIVE, POSITIVE, join, type Bounds } from './validate-kit.js';

export const STRATEGIES: readonly StrategyName[] = [
  'FRONTIER_PREMIUM',
  'PRICE_PERFORMANCE_PARITY',
  'COST_PLUS',
  'ZERO_MARGIN',
  'NASH',
];

/** Keys every pricing block (and the document's top level) may carry. */
export const PRICE_BOUND_FIELDS = ['priceFloor', 'maxChangePerPeriod'] as const;

/** Bounds of the price-bound fields. */
export const PRICE_BOUND_RULES: Record<(typeof PRICE_BOUND_FIELDS)[number], Bounds> = {
  priceFloor: POSITIVE,
  maxChangePerPeriod: FRACTION,
};

interface StrategyRule {
  required: readonly string[];
  optional: readonly string[];
  bounds: Record<string, Bounds>;
}

/**
 * Parameter ranges. A premium multiple below 1 would be a discount, not a premium; multiples are
 * non-negative (0 lets the price fall to the floor); the subsidy is a share of cost in [0, 1].
 */
const RULES: Record<StrategyName, StrategyRule> = {
  FRONTIER_PREMIUM: {
    required: ['premiumMultiple', 'halfLifeMonths', 'floorMultiple'],
    optional: ['supersededFactor'],
    bounds: { premiumMultiple: { ge: 1 }, halfLifeMonths: POSITIVE, floorMultiple: NON_NEGATIVE, supersededFactor: FRACTION },
  },
  PRICE_PERFORMANCE_PARITY: {
    required: [],
    optional: ['discount', 'qualityExponent', 'minMultiple', 'leaderMarkup'],
    bounds: { discount: { ge: 0, lt: 1 }, qualityExponent: NON_NEGATIVE, minMultiple: NON_NEGATIVE, leaderMarkup: NON_NEGATIVE },
  },
  COST_PLUS: { required: ['markup'], optional: [], bounds: { markup: NON_NEGATIVE } },
  ZERO_MARGIN: {
    required: [],
    optional: ['subsidy', 'untilDate', 'then'],
    bounds: { subsidy: FRACTION },
  },
  NASH: { required: [], optional: ['minMultiple'], bounds: { minMultiple: NON_NEGATIVE } },
};

/** Nesting allowed for ZERO_MARGIN's `then`: a switch to a switch is plenty. */
const MAX_THEN_DEPTH = 3;

/** Checks one pricing block at `path` (e.g. `labs[OpenLab].pricing`). */
export function checkPricing(c: Checker, value: unknown, path: string, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return c.fail(path, 'must be an object {strategy, ...}');
  const block = value as Record<string, unknown>;
  const strategy = block['strategy'];
  if (strategy === undefined) return c.fail(join(path, 'strategy'), `is required; one of ${STRATEGIES.join(', ')}`);
  if (typeof strategy !== 'string' || !(STRATEGIES as readonly string[]).includes(strategy)) {
    return c.fail(join(path, 'strategy'), `unknown strategy ${JSON.stringify(strategy).slice(0, 60)}; expected one of ${STRATEGIES.join(', ')}`);
  }
  const rule = RULES[strategy as StrategyName];
  const before = c.errors.length;
  const allowed = ['strategy', ...rule.required, ...rule.optional, ...PRICE_BOUND_FIELDS];
  c.object(block, path, allowed, rule.required);
  for (const key of [...rule.required, ...rule.optional]) {
    const v = block[key];
    if (v === undefined) continue;
    if (key === 'untilDate') c.date(v, join(path, key));
    else if (key === 'then') {
      if (depth + 1 >= MAX_THEN_DEPTH) c.fail(join(path, key), `nests too deep (at most ${MAX_THEN_DEPTH} levels)`);
      else checkPricing(c, v, join(path, key), depth + 1);
    } else c.num(v, join(path, key), rule.bounds[key]!);
  }
  checkPriceBounds(c, block, path);
  return c.errors.length === before;
}

/** `priceFloor` and `maxChangePerPeriod`, where present. */
export function checkPriceBounds(c: Checker, block: Record<string, unknown>, path: string): void {
  for (const key of PRICE_BOUND_FIELDS) {
    if (block[key] !== undefined) c.num(block[key], join(path, key), PRICE_BOUND_RULES[key]);
  }
}

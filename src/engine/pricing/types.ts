/**
 * Contracts of the pricing step (MODEL.md section 4). The per-period loop fills one
 * `PricingContext` (typed arrays indexed by the per-scenario model index j, lab index and tier
 * index, as in ../tiers/tier-state.ts) and reuses one `PricingWorkspace`, so pricing allocates
 * nothing per period.
 */
import type { SegmentArrays } from '../demand/types.js';
import type { Pricing } from '../scenario/types.js';
import type { TierState } from '../tiers/tier-state.js';
import type { RuleTable } from './rule-table.js';

/** Default `priceFloor`, USD per 1M tokens (section 4). */
export const DEFAULT_PRICE_FLOOR = 1e-6;
/** Default FRONTIER_PREMIUM `supersededFactor` (section 4). */
export const DEFAULT_SUPERSEDED_FACTOR = 0.5;

/** A model's pricing rule and bounds, resolved once per scenario object (see `resolvePricing`). */
export interface ResolvedPricing {
  /** model.pricing ?? lab.pricing. */
  rule: Pricing;
  /** USD per 1M tokens: model > lab > document > 1e-6. */
  priceFloor: number;
  /** Fraction, model > lab > document; NaN when none applies. */
  maxChangePerPeriod: number;
}

/** Everything `setPrices` reads for one period. Model arrays have length >= modelCount. */
export interface PricingContext {
  /** Number of model slots (per-scenario model index 0..modelCount-1). */
  modelCount: number;
  labCount: number;
  /** 1 when model j is available this period; unavailable models get a NaN price. */
  available: Uint8Array;
  /** c_j(t), USD per 1M tokens. */
  cost: Float64Array;
  /** Tier index, -1 below every tier. */
  tier: Int32Array;
  /** Capability index q_j. */
  capability: Float64Array;
  /** Lab index of model j. */
  lab: Int32Array;
  /** Brand xi_l of model j's lab (the demand NASH maximises against). */
  brand: Float64Array;
  /** Last period's price, NaN when the model had none. */
  prevPrice: Float64Array;
  /**
   * Optional: last period's cost (NaN when none). NASH then starts from last period's markup
   * multiple at this period's cost, which saves Newton iterations when costs drift.
   */
  prevCost?: Float64Array;
  /** The observed list price overriding the strategy this period (see `historyPriceAt`), NaN otherwise. */
  historyPrice: Float64Array;
  /** Per model: the rule in force and its bounds; entries of unavailable models are not read. */
  pricing: ReadonlyArray<ResolvedPricing>;
  /**
   * Optional: `pricing` loaded into a rule table (the period loop's frame keeps one); without it,
   * setPrices makes one per call.
   */
  rules?: RuleTable;
  /** Month index (year * 12 + month - 1) of this period's first month, for ZERO_MARGIN `untilDate`. */
  periodStartMonth: number;
  /** Per lab: 1 once the lab (stating `cash`) ended a period with cash below 0; sticky. */
  cashExhausted: Uint8Array;
  /** Leaders, followers and superseded flags of this period (MODEL.md sections 3-4). */
  tiers: TierState;
  /** The segments in force this period, with A_k(t) filled (demand for NASH). */
  segments: SegmentArrays;
}

/** What `setPrices` returns; `prices` is the workspace's buffer (copy it to keep it). */
export interface PricingResult {
  /** USD per 1M tokens for each model slot; NaN for unavailable models. */
  prices: Float64Array;
  /** 1 when every NASH price converged this period (or there was none), else 0. */
  nashConverged: 0 | 1;
  /** Newton iterations the NASH solver took (0 without NASH models). */
  nashIterations: number;
  /** Largest |FOC_j| / x_j over NASH prices not held at a bound (0 without NASH models). */
  nashResidual: number;
}

/** Which step of the fixed order set a model's price (per model, in `PricingWorkspace.stage`). */
export const PriceStage = {
  None: 0,
  History: 1,
  CostOrLeader: 2,
  Parity: 3,
  Nash: 4,
} as const;

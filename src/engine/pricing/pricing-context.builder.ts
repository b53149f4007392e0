import { createSegmentArrays, type SegmentArrays } from '../demand/types.js';
import type { Pricing } from '../scenario/types.js';
import { createTierState } from '../tiers/tier-state.js';
import { DEFAULT_PRICE_FLOOR, type PricingContext } from './types.js';

/** One model of a hand-built pricing context (what-if calculators, tests). */
export interface ModelSpec {
  lab: number;
  /** USD per 1M tokens. */
  cost: number;
  capability: number;
  /** Tier index, -1 below every tier. */
  tier: number;
  rule: Pricing;
  brand?: number;
  prevPrice?: number;
  historyPrice?: number;
  priceFloor?: number;
  maxChangePerPeriod?: number;
  available?: boolean;
  /** Its lab has released a model of a higher tier. */
  superseded?: boolean;
}

/** One segment: needs tier `tier` (its index by default). */
export interface SegmentSpec {
  tier?: number;
  threshold: number;
  alpha: number;
  beta: number;
  elasticity: number;
  referencePrice: number;
  /** A_k(t). */
  volumeScale: number;
}

/** Leadership of one tier (see ../tiers/tier-state.ts). */
export interface TierSpec {
  leaderLab: number;
  leaderModel: number;
  /** NaN (or absent) while the leader is alone at the tier. */
  monthsSinceFirstFollower?: number;
}

export interface ContextSpec {
  models: ModelSpec[];
  segments: SegmentSpec[];
  tiers: TierSpec[];
  labCount?: number;
  periodStartMonth?: number;
  /** Lab indices whose cash has run out. */
  cashExhausted?: number[];
}

/** Segment arrays from plain segment specs. */
export function segmentArraysOf(specs: ReadonlyArray<SegmentSpec>): SegmentArrays {
  const s = createSegmentArrays(specs.length);
  specs.forEach((x, k) => {
    s.tier[k] = x.tier ?? k;
    s.threshold[k] = x.threshold;
    s.alpha[k] = x.alpha;
    s.beta[k] = x.beta;
    s.elasticity[k] = x.elasticity;
    s.referencePrice[k] = x.referencePrice;
    s.volumeScale[k] = x.volumeScale;
  });
  return s;
}

/** Builds a PricingContext from plain objects; for the API's what-if calculators and tests, not the hot loop. */
export function buildPricingContext(spec: ContextSpec): PricingContext {
  const m = spec.models.length;
  const labCount = spec.labCount ?? Math.max(0, ...spec.models.map((x) => x.lab)) + 1;
  const tiers = createTierState(m, labCount, spec.tiers.length);
  spec.tiers.forEach((t, k) => {
    tiers.leaderLab[k] = t.leaderLab;
    tiers.leaderModel[k] = t.leaderModel;
    const months = t.monthsSinceFirstFollower ?? NaN;
    tiers.monthsSinceFirstFollower[k] = months;
    tiers.hasFollower[k] = Number.isNaN(months) ? 0 : 1;
  });
  spec.models.forEach((x, j) => {
    tiers.superseded[j] = x.superseded ? 1 : 0;
  });
  const cashExhausted = new Uint8Array(Math.max(1, labCount));
  for (const l of spec.cashExhausted ?? []) cashExhausted[l] = 1;
  return {
    modelCount: m,
    labCount,
    available: Uint8Array.from(spec.models.map((x) => (x.available === false ? 0 : 1))),
    cost: Float64Array.from(spec.models.map((x) => x.cost)),
    tier: Int32Array.from(spec.models.map((x) => x.tier)),
    capability: Float64Array.from(spec.models.map((x) => x.capability)),
    lab: Int32Array.from(spec.models.map((x) => x.lab)),
    brand: Float64Array.from(spec.models.map((x) => x.brand ?? 0)),
    prevPrice: Float64Array.from(spec.models.map((x) => x.prevPrice ?? NaN)),
    historyPrice: Float64Array.from(spec.models.map((x) => x.historyPrice ?? NaN)),
    pricing: spec.models.map((x) => ({
      rule: x.rule,
      priceFloor: x.priceFloor ?? DEFAULT_PRICE_FLOOR,
      maxChangePerPeriod: x.maxChangePerPeriod ?? NaN,
    })),
    periodStartMonth: spec.periodStartMonth ?? 0,
    cashExhausted,
    tiers,
    segments: segmentArraysOf(spec.segments),
  };
}

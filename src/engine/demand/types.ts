/**
 * Typed-array contracts of the demand model (MODEL.md section 5). The per-period loop fills a
 * `DemandInput` and reuses one `DemandOutput` for every period, so nothing is allocated per period.
 *
 * Layout: model arrays are indexed 0..modelCount-1 (the models available this period); segment
 * arrays 0..count-1; per-(segment, model) arrays are segment-major, entry `k * modelCount + j`.
 */
import { TypedSlab } from '../typed-slab.js';

/** Parameters of the K segments in force this period (section 5). */
export interface SegmentArrays {
  /** K, the number of segments. */
  count: number;
  /** Index of the tier each segment needs: model j is eligible for segment k iff tier_j >= tier[k]. */
  tier: Int32Array;
  /** Capability threshold of that tier. */
  threshold: Float64Array;
  /** Logit price sensitivity alpha_k (> 0). */
  alpha: Float64Array;
  /** Logit capability weight beta_k. */
  beta: Float64Array;
  /** Elasticity epsilon_k of segment volume to the price index. */
  elasticity: Float64Array;
  /** USD per 1M tokens. */
  referencePrice: Float64Array;
  /** A_k(t), M tokens per period at the reference price (see `volumeScale`). */
  volumeScale: Float64Array;
}

/** Inputs of one demand evaluation. */
export interface DemandInput {
  /** M, the number of models in the arrays below. */
  modelCount: number;
  /** USD per 1M tokens, > 0. */
  price: Float64Array;
  /** Capability index q_j. */
  capability: Float64Array;
  /** Brand bonus xi_l of the model's lab. */
  brand: Float64Array;
  /** Tier index of the model, -1 below every tier (no demand). */
  tier: Int32Array;
  /** Optional: 0 marks a model that is not available this period (no demand anywhere). */
  available?: Uint8Array;
  segments: SegmentArrays;
}

/** Outputs of one demand evaluation, written in place. */
export interface DemandOutput {
  /** ln p_j (length >= M); scratch the solver reuses. */
  logPrice: Float64Array;
  /** x_j = sum_k s_jk Q_k, M tokens per period (length >= M). */
  demand: Float64Array;
  /** s_jk, 0 where ineligible (length >= K * M, entry k * M + j). */
  share: Float64Array;
  /** ln s_jk, -Infinity where ineligible (same layout as `share`); not written by computeDemand without it. */
  logShare: Float64Array;
  /** Q_k, M tokens per period; 0 with no eligible model. */
  volume: Float64Array;
  /** P_k = exp(-IV_k / alpha_k), USD per 1M tokens; NaN with no eligible model. */
  priceIndex: Float64Array;
  /** IV_k = ln sum_i exp(V_ik); -Infinity with no eligible model. */
  inclusiveValue: Float64Array;
  /** sum_j p_j s_jk Q_k at list prices, USD per period. */
  spend: Float64Array;
  /** Number of eligible models in each segment. */
  eligibleCount: Int32Array;
  /** Scratch: each model's tier, -1 when it is not available (length >= M). */
  tierIfAvailable: Int32Array;
  /** repriceDemand's scratch: V_jk and exp(V_jk - max V) of the segment being computed, by position in its eligible list. */
  utility: Float64Array;
  weight: Float64Array;
}

/** Allocates an output able to hold up to `maxModels` models and `maxSegments` segments (one slab). */
export function createDemandOutput(maxModels: number, maxSegments: number): DemandOutput {
  const m = Math.max(1, maxModels);
  const k = Math.max(1, maxSegments);
  const slab = new TypedSlab(4 * m + 2 * m * k + 4 * k, k + m);
  return {
    logPrice: slab.float64(m),
    demand: slab.float64(m),
    share: slab.float64(m * k),
    logShare: slab.float64(m * k),
    volume: slab.float64(k),
    priceIndex: slab.float64(k),
    inclusiveValue: slab.float64(k),
    spend: slab.float64(k),
    eligibleCount: slab.int32(k),
    tierIfAvailable: slab.int32(m),
    utility: slab.float64(m),
    weight: slab.float64(m),
  };
}

/** Allocates segment arrays for `count` segments (filled by the caller), in one slab. */
export function createSegmentArrays(count: number): SegmentArrays {
  const slab = new TypedSlab(6 * count, count);
  return {
    count,
    tier: slab.int32(count),
    threshold: slab.float64(count),
    alpha: slab.float64(count),
    beta: slab.float64(count),
    elasticity: slab.float64(count),
    referencePrice: slab.float64(count),
    volumeScale: slab.float64(count),
  };
}

/**
 * Logit demand evaluated again and again while only some prices move (the NASH solver's trial
 * prices): `planDemand` runs computeDemand once and records what does not depend on those prices
 * (who is eligible where, each utility's price-free part, the segments' constant logarithms);
 * `repriceDemand` then redoes only the price-dependent work, with the same floating-point
 * operations in the same order, so every output equals computeDemand's bit for bit.
 */
import { computeDemand, MAX_LOG_FINITE, MAX_LOG_VOLUME, MAX_SPEND, MIN_LOG_PRICE } from './logit-demand.js';
import type { DemandInput, DemandOutput } from './types.js';

// Module-level copies: under tsx every read of an imported binding is a getter call.
const demandAt = computeDemand;
const minLogPriceOf = MIN_LOG_PRICE;
const maxLogFiniteOf = MAX_LOG_FINITE;
const maxLogVolumeOf = MAX_LOG_VOLUME;
const maxSpendOf = MAX_SPEND;

/** What `repriceDemand` reuses; sized by `createDemandPlan`, filled by `planDemand`. */
export interface DemandPlan {
  /** Segment k's eligible models are model[start[k]..start[k + 1]), ascending. */
  start: Int32Array;
  model: Int32Array;
  /** beta_k (q_j - threshold_k) + brand_j for each entry of `model`. */
  baseUtility: Float64Array;
  /** Per segment: ln A_k (read only where A_k > 0) and ln ref_k. */
  logScale: Float64Array;
  logReference: Float64Array;
  /** The models that can have demand (available, tier >= 0), ascending: served[0..servedCount). */
  served: Int32Array;
  servedCount: number;
}

/** Allocates a plan for up to the given numbers of models and segments. */
export function createDemandPlan(maxModels: number, maxSegments: number): DemandPlan {
  const m = Math.max(1, maxModels);
  const k = Math.max(1, maxSegments);
  return {
    start: new Int32Array(k + 1),
    model: new Int32Array(m * k),
    baseUtility: new Float64Array(m * k),
    logScale: new Float64Array(k),
    logReference: new Float64Array(k),
    served: new Int32Array(m),
    servedCount: 0,
  };
}

/** computeDemand(input, out, false), and the plan for repricing it. */
export function planDemand(input: DemandInput, out: DemandOutput, plan: DemandPlan): void {
  demandAt(input, out, false);
  const m = input.modelCount;
  const seg = input.segments;
  const { capability, brand } = input;
  const { tierIfAvailable } = out;
  const { start, model, baseUtility, logScale, logReference, served } = plan;
  let servedCount = 0;
  for (let j = 0; j < m; j++) if (tierIfAvailable[j] >= 0) served[servedCount++] = j;
  plan.servedCount = servedCount;
  let n = 0;
  for (let k = 0; k < seg.count; k++) {
    start[k] = n;
    const needTier = seg.tier[k];
    const minTier = needTier > 0 ? needTier : 0;
    const beta = seg.beta[k];
    const threshold = seg.threshold[k];
    for (let j = 0; j < m; j++) {
      if (tierIfAvailable[j] < minTier) continue;
      model[n] = j;
      baseUtility[n++] = beta * (capability[j] - threshold) + brand[j];
    }
    const scale = seg.volumeScale[k];
    logScale[k] = scale > 0 ? Math.log(scale) : 0;
    logReference[k] = Math.log(seg.referencePrice[k]);
  }
  start[seg.count] = n;
}

/**
 * What computeDemand(input, out, false) writes, after only the prices of `changed[0..changedCount)`
 * moved since `planDemand(input, out, plan)` (and nothing else in input, out or plan).
 */
export function repriceDemand(input: DemandInput, plan: DemandPlan, changed: Int32Array, changedCount: number, out: DemandOutput): void {
  const seg = input.segments;
  const { price } = input;
  const { logPrice, demand, share, logShare, utility, weight, volume, inclusiveValue } = out;
  const { start, model, baseUtility, logScale, logReference, served } = plan;
  const m = input.modelCount;
  // Number-typed locals, as in computeDemand (a merged module constant would box).
  const minLogPrice = +minLogPriceOf;
  const maxLogFinite = +maxLogFiniteOf;
  const maxLogVolume = +maxLogVolumeOf;
  for (let i = 0; i < changedCount; i++) {
    const p = price[changed[i]];
    logPrice[changed[i]] = p > 0 ? Math.log(p) : minLogPrice;
  }
  for (let i = 0; i < plan.servedCount; i++) demand[served[i]] = 0;

  for (let k = 0; k < seg.count; k++) {
    const first = start[k];
    const count = start[k + 1] - first;
    // No eligible model: computeDemand's zero volume stands.
    if (count === 0) continue;
    const base = k * m;
    const alpha = seg.alpha[k];
    // computeDemand's passes, by position in the segment's eligible list.
    let maxV = -Infinity;
    for (let e = 0; e < count; e++) {
      const v = baseUtility[first + e] - alpha * logPrice[model[first + e]];
      utility[e] = v;
      if (v > maxV) maxV = v;
    }
    let sum = 0;
    for (let e = 0; e < count; e++) {
      const v = utility[e];
      const x = v === -Infinity ? 0 : Math.exp(v - maxV);
      weight[e] = x;
      sum += x;
    }
    const iv = maxV + Math.log(sum);
    inclusiveValue[k] = iv;

    const x = -iv / alpha;
    const logP = x < minLogPrice ? minLogPrice : x > maxLogFinite ? maxLogFinite : x;
    let logQ = seg.volumeScale[k] > 0 ? logScale[k] - seg.elasticity[k] * (logP - logReference[k]) : -Infinity;
    if (logQ > maxLogVolume) logQ = maxLogVolume;
    const q = Math.exp(logQ);
    volume[k] = q;

    const inv = 1 / sum;
    for (let e = 0; e < count; e++) {
      const j = model[first + e];
      const v = utility[e];
      if (v === -Infinity) {
        logShare[base + j] = v;
        share[base + j] = 0;
        continue;
      }
      logShare[base + j] = v - iv;
      const sj = weight[e] * inv;
      share[base + j] = sj;
      demand[j] += sj * q;
    }
  }
}

/**
 * Completes the NASH solver's last demand evaluation into computeDemand(input, out): `out` and
 * `plan` hold planDemand's and repriceDemand's outputs at input's prices (setPrices' `solved`),
 * which lack only `priceIndex` and `spend` of the segments with eligible models. They are computed here with
 * computeDemand's operations on the same values in the same order (each utility again as
 * repriceDemand forms it, x_j = s_jk Q_k as computeDemand adds it to demand), so every bit agrees
 * with a full computeDemand at these prices, whose exps and logs this saves.
 */
export function demandAtSolution(input: DemandInput, plan: DemandPlan, out: DemandOutput): void {
  const seg = input.segments;
  const { price } = input;
  const { logPrice, share, volume, inclusiveValue, priceIndex, spend: spendOf } = out;
  const { start, model, baseUtility } = plan;
  const m = input.modelCount;
  // Number-typed locals, as in computeDemand (a merged module constant would box).
  const minLogPrice = +minLogPriceOf;
  const maxLogFinite = +maxLogFiniteOf;
  const maxSpend = maxSpendOf;
  for (let k = 0; k < seg.count; k++) {
    const first = start[k];
    const count = start[k + 1] - first;
    // No eligible model: computeDemand's NaN index and zero spend stand (planDemand wrote them).
    if (count === 0) continue;
    const base = k * m;
    const alpha = seg.alpha[k];
    const x = -inclusiveValue[k] / alpha;
    priceIndex[k] = Math.exp(x < minLogPrice ? minLogPrice : x > maxLogFinite ? maxLogFinite : x);
    const q = volume[k];
    let spend = 0;
    for (let e = 0; e < count; e++) {
      const j = model[first + e];
      if (baseUtility[first + e] - alpha * logPrice[j] === -Infinity) continue;
      const term = price[j] * (share[base + j] * q);
      spend += term > maxSpend ? maxSpend : term;
    }
    spendOf[k] = spend > maxSpend ? maxSpend : spend;
  }
}

import { TypedSlab } from '../typed-slab.js';
import type { DemandInput, DemandOutput } from './types.js';

/**
 * Numerical guard: segment volumes are capped at 1e200 M tokens and spends at 1e300 USD, so
 * that extreme inputs (capability 1e6, price 1e-300) give finite numbers instead of Infinity.
 * No realistic scenario comes near either cap (docs/model-notes.md, "Demand").
 */
export const MAX_LOG_VOLUME = Math.log(1e200);
/** Cap on a segment's spend, and on each model's term of it. */
export const MAX_SPEND = 1e300;
/** ln p_j of a price that is not > 0, and the clamp of ln P_k from below. */
export const MIN_LOG_PRICE = Math.log(Number.MIN_VALUE);
/** Largest argument of Math.exp with a finite result. */
export const MAX_LOG_FINITE = Math.log(Number.MAX_VALUE);

/**
 * computeDemand's work arrays, one set per thread (calls never overlap): the models it visits,
 * gathered by position a in the visiting order (index j, tier, q_j, brand, p_j, ln p_j and the
 * demand summed over segments), and the segment being computed's eligible models by list position
 * e (position a, utility, exp(V - max V)).
 *
 * Why module-level: in optimised code every typed-array access checks the array (its map, then a
 * load of its length and data pointer) again after each loop head, ~10 instructions an access;
 * when the object holding the arrays is a module-level constant whose fields keep their first
 * value, V8 folds the arrays into the code (a bounds check against a constant and one load). The
 * segment loops then touch only these, but for the share they store. `growScratch` replaces arrays
 * too small for a call; the code that folded them is deoptimised once (correct, only slower).
 */
interface DemandScratch {
  model: Int32Array;
  tier: Int32Array;
  capability: Float64Array;
  brand: Float64Array;
  price: Float64Array;
  logPrice: Float64Array;
  demand: Float64Array;
  at: Int32Array;
  utility: Float64Array;
  weight: Float64Array;
}

function scratchOf(models: number): DemandScratch {
  const slab = new TypedSlab(7 * models, 3 * models);
  return {
    model: slab.int32(models),
    tier: slab.int32(models),
    capability: slab.float64(models),
    brand: slab.float64(models),
    price: slab.float64(models),
    logPrice: slab.float64(models),
    demand: slab.float64(models),
    at: slab.int32(models),
    utility: slab.float64(models),
    weight: slab.float64(models),
  };
}

const scratch: DemandScratch = scratchOf(256);

/** Makes the scratch hold `models` models: a no-op unless it holds fewer. */
function growScratch(models: number): void {
  if (models > scratch.model.length) Object.assign(scratch, scratchOf(models));
}

/**
 * Logit shares and Jevons segment volumes over all available models (MODEL.md section 5), in log
 * space: V_jk = beta_k (q_j - threshold_k) + brand_l - alpha_k ln p_j, s_jk = exp(V_jk - IV_k),
 * P_k = exp(-IV_k / alpha_k), Q_k = A_k (P_k / ref_k)^(-eps_k), x_j = sum_k s_jk Q_k.
 * With `withSpend` false (the NASH solver's many trial prices), `spend` and `priceIndex` are not
 * written; with `withLogShare` false (the period loop, which never reads ln s_jk), `logShare` is
 * not; everything else is, identically.
 *
 * `models`, when given, lists the available models, `models[0..count)` ascending, exactly those
 * `input.available` marks (the period loop has that list at hand): then only their entries (and
 * every segment's outputs) are written, with the same operations in the same order, so the same
 * bits; the other models' entries and `tierIfAvailable` keep whatever they held. The period loop
 * reads only available models', and in the preset 13 of a period's 30 models are not available.
 */
export function computeDemand(
  input: DemandInput,
  out: DemandOutput,
  withSpend = true,
  withLogShare = true,
  models?: Int32Array,
  count = 0,
): void {
  const m = input.modelCount;
  const seg = input.segments;
  const { price, capability, brand, tier, available } = input;
  const { logPrice, demand, share, logShare, tierIfAvailable } = out;
  // Number-typed locals: a module constant is an untyped load, and a value merged with one (p > 0 ?
  // Math.log(p) : MIN_LOG_PRICE) is boxed as a heap number: ~1 KB of garbage per call otherwise.
  const minLogPrice = +MIN_LOG_PRICE;
  const maxLogFinite = +MAX_LOG_FINITE;
  const maxLogVolume = +MAX_LOG_VOLUME;
  const maxSpend = +MAX_SPEND;
  growScratch(m);
  const s = scratch;

  // The visited models (every model, or the listed ones) by position, each with its tier (-1 when
  // not available: a model below every tier has no demand either) and demand summed from 0.
  let visited = count;
  if (models === undefined) {
    visited = m;
    for (let j = 0; j < m; j++) {
      const p = price[j];
      const lp = p > 0 ? Math.log(p) : minLogPrice;
      logPrice[j] = lp;
      const t = available === undefined || available[j] === 1 ? tier[j] : -1;
      tierIfAvailable[j] = t;
      s.model[j] = j;
      s.tier[j] = t;
      s.capability[j] = capability[j];
      s.brand[j] = brand[j];
      s.price[j] = p;
      s.logPrice[j] = lp;
      s.demand[j] = 0;
    }
  } else {
    for (let a = 0; a < count; a++) {
      const j = models[a];
      const p = price[j];
      const lp = p > 0 ? Math.log(p) : minLogPrice;
      logPrice[j] = lp;
      s.model[a] = j;
      s.tier[a] = tier[j];
      s.capability[a] = capability[j];
      s.brand[a] = brand[j];
      s.price[a] = p;
      s.logPrice[a] = lp;
      s.demand[a] = 0;
    }
  }

  for (let k = 0; k < seg.count; k++) {
    const base = k * m;
    const needTier = seg.tier[k];
    // tier_j >= needTier and tier_j >= 0 (a model below every tier has no demand).
    const minTier = needTier > 0 ? needTier : 0;
    const alpha = seg.alpha[k];
    const beta = seg.beta[k];
    const threshold = seg.threshold[k];

    // Pass 1: utilities, and their maximum for log-sum-exp. Ineligible models get their final
    // -Infinity and 0 here; the passes below visit the eligible ones, in index order, by list
    // position e.
    let maxV = -Infinity;
    let eligibleCount = 0;
    for (let a = 0; a < visited; a++) {
      if (s.tier[a] >= minTier) {
        const v = beta * (s.capability[a] - threshold) + s.brand[a] - alpha * s.logPrice[a];
        s.utility[eligibleCount] = v;
        if (v > maxV) maxV = v;
        s.at[eligibleCount++] = a;
      } else {
        const j = s.model[a];
        if (withLogShare) logShare[base + j] = -Infinity;
        share[base + j] = 0;
      }
    }
    out.eligibleCount[k] = eligibleCount;
    if (eligibleCount === 0) {
      out.volume[k] = 0;
      out.spend[k] = 0;
      out.priceIndex[k] = NaN;
      out.inclusiveValue[k] = -Infinity;
      continue;
    }

    // Pass 2: IV_k = maxV + ln sum exp(V - maxV); the sum is in [1, M]. exp(V - maxV) is kept in
    // `weight` so that each (model, segment) costs one exp.
    let sum = 0;
    for (let e = 0; e < eligibleCount; e++) {
      const v = s.utility[e];
      const x = v === -Infinity ? 0 : Math.exp(v - maxV);
      s.weight[e] = x;
      sum += x;
    }
    const iv = maxV + Math.log(sum);
    out.inclusiveValue[k] = iv;

    const logP = clamp(-iv / alpha, minLogPrice, maxLogFinite);
    if (withSpend) out.priceIndex[k] = Math.exp(logP);
    const scale = seg.volumeScale[k];
    let logQ =
      scale > 0
        ? Math.log(scale) - seg.elasticity[k] * (logP - Math.log(seg.referencePrice[k]))
        : -Infinity;
    if (logQ > maxLogVolume) logQ = maxLogVolume;
    const q = Math.exp(logQ);
    out.volume[k] = q;

    // Pass 3: shares, model demand and spend. s <= 1 and Q <= 1e200 keep s Q finite; p s Q may
    // overflow only past the spend cap, where it is clamped.
    const inv = 1 / sum;
    let spend = 0;
    for (let e = 0; e < eligibleCount; e++) {
      const a = s.at[e];
      const j = s.model[a];
      const v = s.utility[e];
      if (v === -Infinity) {
        if (withLogShare) logShare[base + j] = v;
        share[base + j] = 0;
        continue;
      }
      if (withLogShare) logShare[base + j] = v - iv;
      const sj = s.weight[e] * inv;
      share[base + j] = sj;
      const xj = sj * q;
      s.demand[a] += xj;
      if (withSpend) {
        const term = s.price[a] * xj;
        spend += term > maxSpend ? maxSpend : term;
      }
    }
    if (withSpend) out.spend[k] = spend > maxSpend ? maxSpend : spend;
  }
  // x_j: the same sum, from 0 in segment order, as adding into demand[j] would give.
  for (let a = 0; a < visited; a++) demand[s.model[a]] = s.demand[a];
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

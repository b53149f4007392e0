/**
 * Capacity (MODEL.md section 6): models take their lab's serving GPU-hours newest first on their own
 * GPU type; cloudBurst labs rent without limit; unserved volume spills once to the other models of
 * each segment by logit diversion, re-priced along the segment's demand curve, and labs take the
 * offers up to their spare hours, one scaling factor per lab and GPU type.
 */
import { TypedSlab } from '../typed-slab.js';
import { capacityScratch, growCapacityScratch } from './capacity-scratch.js';
import { spill } from './spill.js';

/** Module-level, so that optimised code folds its arrays in (capacity-scratch.ts). */
const scratch = capacityScratch;

/** What the allocation reads. Per-model arrays have length >= modelCount; shares are segment-major k * modelCount + j, as demand writes them. */
export interface CapacityInput {
  modelCount: number;
  segmentCount: number;
  /** Pools are lab * gpuCount + gpu. */
  gpuCount: number;
  /** Available models, newest first (release date desc, then capability desc, then name). */
  order: Int32Array;
  orderLength: number;
  lab: Int32Array;
  gpu: Int32Array;
  /** x_j, M tokens. */
  demand: Float64Array;
  /** e_j, GPU-hours per 1M tokens (> 0). */
  hoursPerMTokens: Float64Array;
  /** p_j, USD per 1M tokens (> 0). */
  price: Float64Array;
  /** s_jk, 0 where model j does not serve segment k. */
  share: Float64Array;
  /** Q_k, M tokens. */
  segmentVolume: Float64Array;
  /** epsilon_k. */
  elasticity: Float64Array;
  /** H_lg: serving GPU-hours of the lab's own fleet of type g this period. */
  poolHours: Float64Array;
  /** Per lab: 1 when it may rent without limit at the market price. */
  cloudBurst: Uint8Array;
}

/**
 * Preallocated outputs (per-pool arrays have length >= labCount * gpuCount) and the price order kept
 * across a frame's periods; the rest of the work lies in the thread's scratch (capacity-scratch.ts).
 */
export interface CapacityOutput {
  ownServed: Float64Array;
  spillIn: Float64Array;
  served: Float64Array;
  lost: Float64Array;
  /** Owned serving hours used, per pool. */
  ownedHoursUsed: Float64Array;
  /** Hours rented on the market, per pool (cloudBurst labs only). */
  rentedHours: Float64Array;
  /**
   * One view over ownServed, spillIn, served, lost and rentedHours, which lie next to each other in
   * the slab: allocateCapacity zeroes them with one fill (a loop pays each typed array's map and
   * bounds checks per entry).
   */
  cleared: Float64Array;
  /** Available models by ascending price; kept across periods as the next sort's starting order. */
  byPrice: Int32Array;
  byPriceLength: number;
  /** The order (input.order) byPrice was last built from, its first byPriceLength entries. */
  byPriceOrder: Int32Array;
  mark: Uint8Array;
}

/** Allocates the preallocated output arrays for the given sizes, in one slab (segments: the scratch grows to them). */
export function createCapacityOutput(modelCapacity: number, poolCount: number, segmentCapacity = 1): CapacityOutput {
  const m = modelCapacity;
  growCapacityScratch(m, Math.max(1, segmentCapacity), poolCount);
  const slab = new TypedSlab(4 * m + 2 * poolCount, 2 * m, m);
  // The arrays allocateCapacity zeroes first, in this order, so that `cleared` spans exactly them.
  const ownServed = slab.float64(m);
  const spillIn = slab.float64(m);
  const served = slab.float64(m);
  const lost = slab.float64(m);
  const rentedHours = slab.float64(poolCount);
  const cleared = new Float64Array(ownServed.buffer, ownServed.byteOffset, 4 * m + poolCount);
  return {
    ownServed,
    spillIn,
    served,
    lost,
    ownedHoursUsed: slab.float64(poolCount),
    rentedHours,
    cleared,
    byPrice: slab.int32(m),
    byPriceLength: 0,
    byPriceOrder: slab.int32(m),
    mark: slab.uint8(m),
  };
}

/**
 * Serves demand within capacity and spills the rest once (MODEL.md section 6). Unavailable models stay
 * at 0. `logPrice`, when given, holds ln p_j of the available models where p_j > 0 (computeDemand's).
 */
export function allocateCapacity(input: CapacityInput, out: CapacityOutput, poolCount: number, logPrice?: Float64Array): void {
  const { order, orderLength, lab, gpu, demand, hoursPerMTokens: e, cloudBurst, gpuCount } = input;
  const { ownServed, spillIn, served, lost, ownedHoursUsed, rentedHours } = out;
  growCapacityScratch(input.modelCount, input.segmentCount, poolCount);
  const { poolLeft, poolOffered, taken } = scratch;
  // ownServed, spillIn, served, lost (every model: those no longer available stay at 0) and rentedHours.
  out.cleared.fill(0);
  const { poolHours } = input;
  for (let p = 0; p < poolCount; p++) {
    poolLeft[p] = poolHours[p]!;
    poolOffered[p] = 0;
  }

  // Own capacity, newest first. Each model's pool and unserved volume x_j - own_j are the spill's
  // inputs, written here where both are at hand (x_j - 0 is x_j, bit for bit, -0 and NaN included).
  const { pool: poolOf, unserved } = scratch;
  let anyShort = false;
  for (let o = 0; o < orderLength; o++) {
    const j = order[o]!;
    const x = demand[j]!;
    const pool = lab[j]! * gpuCount + gpu[j]!;
    poolOf[j] = pool;
    if (!(x > 0)) {
      unserved[j] = x;
      continue;
    }
    const need = x * e[j]!;
    const left = poolLeft[pool]!;
    let own = x;
    if (need <= left) {
      poolLeft[pool] = left - need;
    } else {
      poolLeft[pool] = 0;
      if (cloudBurst[lab[j]!]) {
        rentedHours[pool] = rentedHours[pool]! + (need - left);
      } else {
        own = left / e[j]!;
        anyShort = true;
      }
    }
    ownServed[j] = own;
    unserved[j] = x - own;
  }

  if (anyShort) spill(input, out, poolCount, logPrice);

  for (let p = 0; p < poolCount; p++) ownedHoursUsed[p] = poolHours[p]! - poolLeft[p]!;
  // lost_j = max(0, x_j - own_j - taken_j), where x_j - own_j is unserved[j] bit for bit (the same
  // subtraction, or x_j - 0 = x_j where the model served nothing itself).
  if (anyShort) {
    const { offerTo, poolFactor } = scratch;
    for (let o = 0; o < orderLength; o++) {
      const j = order[o]!;
      // What the model's lab took of the offers to it (spillIn is 0 from the fill otherwise).
      const offer = offerTo[j]!;
      let taking = 0;
      if (offer > 0) spillIn[j] = taking = offer * poolFactor[poolOf[j]!]!;
      // Guard against rounding: a model never passes on more than it could not serve.
      const u = unserved[j]!;
      let t = taken[j]!;
      if (t > u) taken[j] = t = u;
      served[j] = ownServed[j]! + taking;
      lost[j] = Math.max(0, u - t);
    }
  } else {
    // Nothing spilled: spillIn and taken are 0. The `+ 0` and `- 0` stay: like the sums with them
    // they turn a -0 into +0, so the bits are those of the spilling branch.
    for (let o = 0; o < orderLength; o++) {
      const j = order[o]!;
      served[j] = ownServed[j]! + 0;
      lost[j] = Math.max(0, unserved[j]! - 0);
    }
  }
}

/**
 * Capacity (MODEL.md section 6): models take their lab's serving GPU-hours newest first on their own
 * GPU type; cloudBurst labs rent without limit; unserved volume spills once to the other models of
 * each segment by logit diversion, re-priced along the segment's demand curve, and labs take the
 * offers up to their spare hours, one scaling factor per lab and GPU type.
 */
import { TypedSlab } from '../typed-slab.js';
import { spill } from './spill.js';

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

/** Preallocated outputs and scratch; per-pool arrays have length >= labCount * gpuCount. */
export interface CapacityOutput {
  ownServed: Float64Array;
  spillIn: Float64Array;
  served: Float64Array;
  lost: Float64Array;
  /** Owned serving hours used, per pool. */
  ownedHoursUsed: Float64Array;
  /** Hours rented on the market, per pool (cloudBurst labs only). */
  rentedHours: Float64Array;
  /** Scratch. */
  poolLeft: Float64Array;
  poolOffered: Float64Array;
  poolFactor: Float64Array;
  offerTo: Float64Array;
  taken: Float64Array;
  /** Per model scratch of the spill (see spill.ts). */
  logPrice: Float64Array;
  /**
   * One view over ownServed, spillIn, served, lost, offerTo, taken, rentedHours and poolOffered,
   * which lie next to each other in the slab: allocateCapacity zeroes them with one fill (a loop
   * pays each typed array's map and bounds checks per entry: ~2,000 instructions a call against
   * ~700 for the fill).
   */
  cleared: Float64Array;
  /** Per available model: its pool, lab * gpuCount + gpu, and x_j minus what it served itself (set by allocateCapacity for the spill). */
  pool: Int32Array;
  unserved: Float64Array;
  /** Per segment k, its models by price from k * modelCount; grown by the spill when short. */
  sorted: Int32Array;
  /** Per segment, at each position of `sorted`: the model's weight, share and ln p (spill scratch). */
  weight: Float64Array;
  sortedShare: Float64Array;
  sortedLog: Float64Array;
  /** Per segment, the re-pricing factor at each price group's start (k * modelCount + position). */
  groupFactor: Float64Array;
  /** Per segment, the length of its `sorted` list (0: nothing to spill there). */
  segmentLength: Int32Array;
  /** Available models by ascending price; kept across periods as the next sort's starting order. */
  byPrice: Int32Array;
  byPriceLength: number;
  /** The order (input.order) byPrice was last built from, its first byPriceLength entries. */
  byPriceOrder: Int32Array;
  mark: Uint8Array;
  partial: Float64Array;
  /**
   * Per sorted position m of the taking sweep: v = s_ik f_pool(i) at 2m and the prefix sum of v
   * through m at 2m + 1 (one array: each typed array a loop touches costs its own checks).
   */
  value: Float64Array;
}

/** Allocates the preallocated output arrays for the given sizes (segments: 1 unless given), in one slab. */
export function createCapacityOutput(modelCapacity: number, poolCount: number, segmentCapacity = 1): CapacityOutput {
  const m = modelCapacity;
  const perSegment = Math.max(1, m * segmentCapacity);
  const segments = Math.max(1, segmentCapacity);
  const slab = new TypedSlab(11 * m + 5 * poolCount + 4 * perSegment, 3 * m + perSegment + segments, m);
  // The arrays allocateCapacity zeroes first, in this order, so that `cleared` spans exactly them.
  const ownServed = slab.float64(m);
  const spillIn = slab.float64(m);
  const served = slab.float64(m);
  const lost = slab.float64(m);
  const offerTo = slab.float64(m);
  const taken = slab.float64(m);
  const rentedHours = slab.float64(poolCount);
  const poolOffered = slab.float64(poolCount);
  const cleared = new Float64Array(ownServed.buffer, ownServed.byteOffset, 6 * m + 2 * poolCount);
  return {
    ownServed,
    spillIn,
    served,
    lost,
    ownedHoursUsed: slab.float64(poolCount),
    rentedHours,
    poolLeft: slab.float64(poolCount),
    poolOffered,
    poolFactor: slab.float64(poolCount),
    offerTo,
    taken,
    cleared,
    logPrice: slab.float64(m),
    pool: slab.int32(m),
    unserved: slab.float64(m),
    sorted: slab.int32(perSegment),
    weight: slab.float64(perSegment),
    sortedShare: slab.float64(perSegment),
    sortedLog: slab.float64(perSegment),
    groupFactor: slab.float64(perSegment),
    segmentLength: slab.int32(segments),
    byPrice: slab.int32(m),
    byPriceLength: 0,
    byPriceOrder: slab.int32(m),
    mark: slab.uint8(m),
    partial: slab.float64(m),
    value: slab.float64(2 * m),
  };
}

/**
 * Serves demand within capacity and spills the rest once (MODEL.md section 6). Unavailable models stay
 * at 0. `logPrice`, when given, holds ln p_j of the available models where p_j > 0 (computeDemand's).
 */
export function allocateCapacity(input: CapacityInput, out: CapacityOutput, poolCount: number, logPrice?: Float64Array): void {
  const { order, orderLength, lab, gpu, demand, hoursPerMTokens: e, cloudBurst, gpuCount } = input;
  const { ownServed, spillIn, served, lost, ownedHoursUsed, rentedHours, poolLeft, taken } = out;
  // ownServed, spillIn, served, lost, offerTo, taken (every model: those no longer available stay
  // at 0), rentedHours and poolOffered.
  out.cleared.fill(0);
  const { poolHours } = input;
  for (let p = 0; p < poolCount; p++) poolLeft[p] = poolHours[p]!;

  // Own capacity, newest first. Each model's pool and unserved volume x_j - own_j are the spill's
  // inputs, written here where both are at hand (x_j - 0 is x_j, bit for bit, -0 and NaN included).
  const { pool: poolOf, unserved } = out;
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
    const { offerTo, poolFactor } = out;
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

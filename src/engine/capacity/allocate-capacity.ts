/**
 * Capacity (MODEL.md section 6): models take their lab's serving GPU-hours newest first on their own
 * GPU type; cloudBurst labs rent without limit; unserved volume spills once to the other models of
 * each segment by logit diversion, re-priced along the segment's demand curve, and labs take the
 * offers up to their spare hours, one scaling factor per lab and GPU type.
 */

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
}

/** Allocates the preallocated output arrays for the given sizes. */
export function createCapacityOutput(modelCapacity: number, poolCount: number): CapacityOutput {
  return {
    ownServed: new Float64Array(modelCapacity),
    spillIn: new Float64Array(modelCapacity),
    served: new Float64Array(modelCapacity),
    lost: new Float64Array(modelCapacity),
    ownedHoursUsed: new Float64Array(poolCount),
    rentedHours: new Float64Array(poolCount),
    poolLeft: new Float64Array(poolCount),
    poolOffered: new Float64Array(poolCount),
    poolFactor: new Float64Array(poolCount),
    offerTo: new Float64Array(modelCapacity),
    taken: new Float64Array(modelCapacity),
  };
}

/** Serves demand within capacity and spills the rest once (MODEL.md section 6). Unavailable models stay at 0. */
export function allocateCapacity(input: CapacityInput, out: CapacityOutput, poolCount: number): void {
  const { modelCount, order, orderLength, lab, gpu, demand, hoursPerMTokens: e, cloudBurst, gpuCount } = input;
  const { ownServed, spillIn, served, lost, ownedHoursUsed, rentedHours, poolLeft, poolOffered, poolFactor, offerTo, taken } = out;
  ownServed.fill(0, 0, modelCount);
  spillIn.fill(0, 0, modelCount);
  served.fill(0, 0, modelCount);
  lost.fill(0, 0, modelCount);
  offerTo.fill(0, 0, modelCount);
  taken.fill(0, 0, modelCount);
  rentedHours.fill(0, 0, poolCount);
  poolOffered.fill(0, 0, poolCount);
  for (let p = 0; p < poolCount; p++) poolLeft[p] = input.poolHours[p]!;

  // Own capacity, newest first.
  let anyShort = false;
  for (let o = 0; o < orderLength; o++) {
    const j = order[o]!;
    const x = demand[j]!;
    if (!(x > 0)) continue;
    const pool = lab[j]! * gpuCount + gpu[j]!;
    const need = x * e[j]!;
    const left = poolLeft[pool]!;
    if (need <= left) {
      poolLeft[pool] = left - need;
      ownServed[j] = x;
    } else {
      poolLeft[pool] = 0;
      if (cloudBurst[lab[j]!]) {
        rentedHours[pool] = rentedHours[pool]! + (need - left);
        ownServed[j] = x;
      } else {
        ownServed[j] = left / e[j]!;
        anyShort = true;
      }
    }
  }

  if (anyShort) spill(input, out, poolCount);

  for (let p = 0; p < poolCount; p++) ownedHoursUsed[p] = input.poolHours[p]! - poolLeft[p]!;
  for (let o = 0; o < orderLength; o++) {
    const j = order[o]!;
    served[j] = ownServed[j]! + spillIn[j]!;
    lost[j] = Math.max(0, demand[j]! - ownServed[j]! - taken[j]!);
  }
}

/** One round of spill by logit diversion with re-pricing; offers scaled to each pool's spare hours. */
function spill(input: CapacityInput, out: CapacityOutput, poolCount: number): void {
  const { order, orderLength, lab, gpu, demand, cloudBurst, gpuCount } = input;
  const { poolLeft, poolOffered, poolFactor, offerTo, spillIn, taken, rentedHours } = out;

  visitOffers(input, out, COLLECT_OFFERS);

  for (let p = 0; p < poolCount; p++) {
    const offered = poolOffered[p]!;
    if (!(offered > 0)) {
      poolFactor[p] = 0;
      continue;
    }
    const labIndex = Math.floor(p / gpuCount);
    if (cloudBurst[labIndex]) {
      poolFactor[p] = 1;
      const own = Math.min(poolLeft[p]!, offered);
      rentedHours[p] = rentedHours[p]! + (offered - own);
      poolLeft[p] = poolLeft[p]! - own;
    } else {
      const factor = Math.min(1, poolLeft[p]! / offered);
      poolFactor[p] = factor;
      poolLeft[p] = factor >= 1 ? poolLeft[p]! - offered : 0;
    }
  }

  for (let o = 0; o < orderLength; o++) {
    const j = order[o]!;
    if (offerTo[j]! > 0) spillIn[j] = offerTo[j]! * poolFactor[lab[j]! * gpuCount + gpu[j]!]!;
  }
  visitOffers(input, out, COUNT_TAKEN);
  // Guard against rounding: a model never passes on more than it could not serve.
  for (let o = 0; o < orderLength; o++) {
    const j = order[o]!;
    const unserved = demand[j]! - out.ownServed[j]!;
    if (taken[j]! > unserved) taken[j] = unserved;
  }
}

const COLLECT_OFFERS = 0;
const COUNT_TAKEN = 1;

/**
 * Walks every spill offer: the unserved volume of model j in segment k (its share s_jk Q_k of its
 * demand) times s_ik / sum_{i' != j} s_i'k, times min(1, (p_i/p_j)^-eps_k). COLLECT_OFFERS sums
 * offers per receiving model and pool; COUNT_TAKEN sums what the pools took per giving model.
 * (A mode flag rather than a callback keeps closures out of the period loop.)
 */
function visitOffers(input: CapacityInput, out: CapacityOutput, mode: number): void {
  const { order, orderLength, demand, price, share, segmentVolume, elasticity, segmentCount: K, lab, gpu, gpuCount, modelCount: M } = input;
  const e = input.hoursPerMTokens;
  const { ownServed, offerTo, poolOffered, poolFactor, taken } = out;
  for (let a = 0; a < orderLength; a++) {
    const j = order[a]!;
    const x = demand[j]!;
    const unserved = x - ownServed[j]!;
    if (!(unserved > 0)) continue;
    const logPj = Math.log(price[j]!);
    for (let k = 0; k < K; k++) {
      const sj = share[k * M + j]!;
      if (!(sj > 0)) continue;
      const unservedInSegment = (unserved * sj * segmentVolume[k]!) / x;
      // Sum of the other models' shares, rather than 1 - s_jk, to keep precision when s_jk ~ 1.
      let others = 0;
      for (let b = 0; b < orderLength; b++) {
        const i = order[b]!;
        if (i !== j) others += share[k * M + i]!;
      }
      if (!(others > 0)) continue;
      const eps = elasticity[k]!;
      for (let b = 0; b < orderLength; b++) {
        const i = order[b]!;
        const si = share[k * M + i]!;
        if (i === j || !(si > 0)) continue;
        const repriced = Math.min(1, Math.exp(-eps * (Math.log(price[i]!) - logPj)));
        const offer = ((unservedInSegment * si) / others) * repriced;
        const pool = lab[i]! * gpuCount + gpu[i]!;
        if (mode === COLLECT_OFFERS) {
          offerTo[i] = offerTo[i]! + offer;
          poolOffered[pool] = poolOffered[pool]! + offer * e[i]!;
        } else {
          taken[j] = taken[j]! + offer * poolFactor[pool]!;
        }
      }
    }
  }
}

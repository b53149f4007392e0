/**
 * Capacity (MODEL.md section 6): models take their lab's serving GPU-hours newest first on their own
 * GPU type; cloudBurst labs rent without limit; unserved volume spills once to the other models of
 * each segment by logit diversion, re-priced along the segment's demand curve, and labs take the
 * offers up to their spare hours, one scaling factor per lab and GPU type.
 */
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
  weight: Float64Array;
  sorted: Int32Array;
  /** Available models by ascending price; kept across periods as the next sort's starting order. */
  byPrice: Int32Array;
  byPriceLength: number;
  mark: Uint8Array;
  partial: Float64Array;
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
    logPrice: new Float64Array(modelCapacity),
    weight: new Float64Array(modelCapacity),
    sorted: new Int32Array(modelCapacity),
    byPrice: new Int32Array(modelCapacity),
    byPriceLength: 0,
    mark: new Uint8Array(modelCapacity),
    partial: new Float64Array(modelCapacity),
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

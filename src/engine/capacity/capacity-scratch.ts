/**
 * The capacity allocation's scratch arrays, one set per thread: allocateCapacity and the spill
 * fill them afresh on every call (calls never overlap), so they need not belong to a frame.
 *
 * Why module-level: in optimised code every typed-array access checks the array (its map, then a
 * load of its length and data pointer) again after each loop head, because V8 forgets what it
 * knew about memory at a loop's stack check; that is ~10 instructions an access, and the spill's
 * loops touch up to ten arrays an iteration. When the object holding the arrays is a module-level
 * constant and each field keeps its first value, V8 folds the array itself, its length and its
 * data pointer into the code, and an access is a bounds check against a constant and one load.
 * `growCapacityScratch` replaces arrays that are too small; the code that folded them is then
 * deoptimised once and afterwards reads the fields like any others (correct, only slower).
 * Modules that use the scratch copy it into a module-level constant of their own (under tsx an
 * imported binding is read through a getter).
 */
import { TypedSlab } from '../typed-slab.js';

/** Sizes the first set covers: models, segments x models, pools (labs x GPU types), segments. */
const MODELS = 256;
const POSITIONS = 4096;
const POOLS = 256;
const SEGMENTS = 256;

export interface CapacityScratch {
  /** Models, pools and positions (segments x models) the arrays cover. */
  models: number;
  positions: number;
  pools: number;
  /** Per model, by index. */
  logPrice: Float64Array;
  /** lab * gpuCount + gpu, written for each available model by allocateCapacity. */
  pool: Int32Array;
  /** x_j minus what the model served itself (set by allocateCapacity for the spill). */
  unserved: Float64Array;
  /** Offers made to the model and taken from its unserved volume (zeroed by the spill for available models). */
  offerTo: Float64Array;
  taken: Float64Array;
  /** Per model of a segment's list: the weights' suffix sums (collectSegment, for collectOffers). */
  partial: Float64Array;
  /**
   * Per list position m of the taking sweep: v = s_ik f_pool(i) at 2m and the prefix sum of v
   * through m at 2m + 1 (one array: each typed array a loop touches costs its own checks).
   */
  value: Float64Array;
  /** Per pool. */
  poolLeft: Float64Array;
  poolOffered: Float64Array;
  poolFactor: Float64Array;
  /** Per segment k, its models by price from k * modelCount. */
  sorted: Int32Array;
  /** Per segment, at each position of `sorted`: the model's weight, share and ln p. */
  weight: Float64Array;
  sortedShare: Float64Array;
  sortedLog: Float64Array;
  /** Per segment, the re-pricing factor at each price group's start (k * modelCount + position). */
  groupFactor: Float64Array;
  /** Per segment, the length of its `sorted` list (0: nothing to spill there). */
  segmentLength: Int32Array;
}

function scratchOf(models: number, positions: number, pools: number, segments: number): CapacityScratch {
  const slab = new TypedSlab(7 * models + 3 * pools + 4 * positions, models + positions + segments);
  return {
    models,
    positions,
    pools,
    logPrice: slab.float64(models),
    pool: slab.int32(models),
    unserved: slab.float64(models),
    offerTo: slab.float64(models),
    taken: slab.float64(models),
    partial: slab.float64(models),
    value: slab.float64(2 * models),
    poolLeft: slab.float64(pools),
    poolOffered: slab.float64(pools),
    poolFactor: slab.float64(pools),
    sorted: slab.int32(positions),
    weight: slab.float64(positions),
    sortedShare: slab.float64(positions),
    sortedLog: slab.float64(positions),
    groupFactor: slab.float64(positions),
    segmentLength: slab.int32(segments),
  };
}

export const capacityScratch: CapacityScratch = scratchOf(MODELS, POSITIONS, POOLS, SEGMENTS);

/** Makes the scratch cover a call's sizes: a no-op unless some size exceeds what it covers. */
export function growCapacityScratch(models: number, segments: number, pools: number): void {
  const s = capacityScratch;
  const positions = segments * models;
  if (models <= s.models && positions <= s.positions && pools <= s.pools && segments <= s.segmentLength.length) return;
  Object.assign(s, scratchOf(Math.max(models, s.models), Math.max(positions, s.positions), Math.max(pools, s.pools), Math.max(segments, s.segmentLength.length)));
}

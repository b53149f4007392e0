/**
 * Capability tiers, leaders and followers (MODEL.md section 3, and the "leader model" of section 4),
 * recomputed each period over typed arrays indexed by model, lab and tier.
 */
import { TypedSlab } from '../typed-slab.js';

/** tier(q): the highest k with q >= threshold_k, -1 below every threshold (MODEL.md section 3). */
export function tierOf(capability: number, thresholds: ArrayLike<number>): number {
  let tier = -1;
  for (let k = 0; k < thresholds.length; k++) if (capability >= thresholds[k]!) tier = k;
  return tier;
}

/** What the tier computation reads each period; arrays are indexed by model j < modelCount. */
export interface TierInput {
  modelCount: number;
  labCount: number;
  tierCount: number;
  /** tier(q_j), -1 below all. */
  tier: Int32Array;
  /** Lab index of model j. */
  lab: Int32Array;
  /** Month index (year*12 + month-1) of the release date. */
  releaseMonth: Int32Array;
  /** A key that orders release dates (earlier = smaller), e.g. month index * 32 + day. */
  releaseKey: Float64Array;
  capability: Float64Array;
  /** Rank of the model's name in ascending name order (tie-break). */
  nameRank: Int32Array;
  /** 1 when released by this period (release period <= t), retired or not. */
  released: Uint8Array;
  /** 1 when available this period (released and not retired). */
  available: Uint8Array;
  /** Month index of this period's first month. */
  periodStartMonth: number;
}

/** Leadership state of every tier in one period; E1b's pricing consumes it. */
export interface TierState {
  tierCount: number;
  /** Per tier: the leader lab (first to release a model at tier >= k), -1 while nobody has. */
  leaderLab: Int32Array;
  /**
   * Per tier: the leader model of section 4 (the leader lab's most capable available model whose
   * tier is exactly k, ties newer then name; if none, its least capable available model of a higher
   * tier, ties newer then name), -1 when the leader lab has no available model at tier >= k.
   */
  leaderModel: Int32Array;
  /** Per tier: 1 once a second lab has released a model at tier >= k. */
  hasFollower: Uint8Array;
  /** Per tier: month index of the first follower's release, -1 while alone. */
  firstFollowerMonth: Int32Array;
  /** Per tier: whole months from the first follower's release month to this period's start (>= 0), NaN while alone. */
  monthsSinceFirstFollower: Float64Array;
  /** Per tier: n_k, distinct labs with an available model at tier >= k. */
  labsAtTier: Int32Array;
  /** Highest tier any released model has reached, -1 when none. */
  frontierTier: number;
  /** Per model: 1 when its lab has released a model of a higher tier than the model's own. */
  superseded: Uint8Array;
  /** Per lab: highest tier among the lab's released models, -1 when none (scratch, also useful). */
  labTopTier: Int32Array;
  scratch: TierScratch;
}

/**
 * Scratch of computeTierState, which finds every tier's leaders in one pass over the models: the best
 * model of each exact tier (and of each lab and exact tier), then running bests as k goes down, since
 * the models at tier >= k are those at tier >= k + 1 and those of tier k. (lab, tier) cells are
 * lab * tierCount + tier; -1 marks none.
 */
export interface TierScratch {
  /** Per tier: the earliest leader among released models of exactly that tier. */
  leaderAt: Int32Array;
  /** Per (lab, tier): the lab's earliest released model of exactly that tier. */
  labFirstAt: Int32Array;
  /** Per (lab, tier): the lab's most capable available model of exactly that tier (ties newer, then name). */
  labTopAt: Int32Array;
  /** Per (lab, tier): the lab's least capable available model of exactly that tier (ties newer, then name). */
  labLowAt: Int32Array;
  /** Per lab: its earliest released model at tier >= k, for the k being computed. */
  labFirst: Int32Array;
  /** Per lab: highest tier among its available models, -1 when none. */
  labTopAvailable: Int32Array;
}

/** Preallocates a TierState for the given sizes, in one slab. */
export function createTierState(modelCapacity: number, labCapacity: number, tierCount: number): TierState {
  const cells = labCapacity * tierCount;
  const slab = new TypedSlab(tierCount, 5 * tierCount + 3 * labCapacity + 3 * cells, tierCount + modelCapacity);
  return {
    tierCount,
    leaderLab: slab.int32(tierCount),
    leaderModel: slab.int32(tierCount),
    hasFollower: slab.uint8(tierCount),
    firstFollowerMonth: slab.int32(tierCount),
    monthsSinceFirstFollower: slab.float64(tierCount),
    labsAtTier: slab.int32(tierCount),
    frontierTier: -1,
    superseded: slab.uint8(modelCapacity),
    labTopTier: slab.int32(labCapacity),
    scratch: {
      leaderAt: slab.int32(tierCount),
      labFirstAt: slab.int32(cells),
      labTopAt: slab.int32(cells),
      labLowAt: slab.int32(cells),
      labFirst: slab.int32(labCapacity),
      labTopAvailable: slab.int32(labCapacity),
    },
  };
}

/** Fills `out` with this period's leaders, followers, n_k and superseded flags (MODEL.md sections 3-4). */
export function computeTierState(input: TierInput, out: TierState): void {
  const { modelCount, labCount, tierCount: T, tier, lab, released } = input;
  bestPerTier(input, out);
  for (let j = 0; j < modelCount; j++) {
    out.superseded[j] = released[j] && tier[j]! >= 0 && out.labTopTier[lab[j]!]! > tier[j]! ? 1 : 0;
  }

  const { leaderAt, labFirstAt, labFirst, labTopAvailable } = out.scratch;
  let first = -1;
  for (let k = T - 1; k >= 0; k--) {
    // Leader: earliest release among released models at tier >= k; ties higher capability, then name.
    if (leaderAt[k]! >= 0 && (first < 0 || isEarlierLeader(input, leaderAt[k]!, first))) first = leaderAt[k]!;
    for (let l = 0; l < labCount; l++) labFirst[l] = earlierRelease(input, labFirst[l]!, labFirstAt[l * T + k]!);
    out.leaderLab[k] = first < 0 ? -1 : lab[first]!;
    out.hasFollower[k] = 0;
    out.firstFollowerMonth[k] = -1;
    out.monthsSinceFirstFollower[k] = NaN;
    out.leaderModel[k] = -1;
    out.labsAtTier[k] = 0;
    if (first < 0) continue;
    const leader = lab[first]!;

    // First follower: earliest release at tier >= k from another lab.
    let follower = -1;
    for (let l = 0; l < labCount; l++) if (l !== leader) follower = earlierRelease(input, follower, labFirst[l]!);
    if (follower >= 0) {
      out.hasFollower[k] = 1;
      const month = input.releaseMonth[follower]!;
      out.firstFollowerMonth[k] = month;
      out.monthsSinceFirstFollower[k] = Math.max(0, input.periodStartMonth - month);
    }

    out.leaderModel[k] = leaderModelOf(out.scratch, T, leader, k, input);
    let n = 0;
    for (let l = 0; l < labCount; l++) if (labTopAvailable[l]! >= k) n++;
    out.labsAtTier[k] = n;
  }
}

/** One pass over the models: frontier and per-lab top tiers, and the scratch's per-tier bests. */
function bestPerTier(input: TierInput, out: TierState): void {
  const { modelCount, labCount, tierCount: T, tier, lab, released, available } = input;
  const { leaderAt, labFirstAt, labTopAt, labLowAt, labFirst, labTopAvailable } = out.scratch;
  out.frontierTier = -1;
  for (let l = 0; l < labCount; l++) {
    out.labTopTier[l] = -1;
    labFirst[l] = -1;
    labTopAvailable[l] = -1;
  }
  for (let k = 0; k < T; k++) leaderAt[k] = -1;
  for (let c = 0; c < labCount * T; c++) {
    labFirstAt[c] = -1;
    labTopAt[c] = -1;
    labLowAt[c] = -1;
  }
  for (let j = 0; j < modelCount; j++) {
    const k = tier[j]!;
    const l = lab[j]!;
    if (released[j]) {
      if (k > out.frontierTier) out.frontierTier = k;
      if (k > out.labTopTier[l]!) out.labTopTier[l] = k;
    }
    if (k < 0) continue;
    const c = l * T + k;
    if (released[j]) {
      if (leaderAt[k]! < 0 || isEarlierLeader(input, j, leaderAt[k]!)) leaderAt[k] = j;
      labFirstAt[c] = earlierRelease(input, labFirstAt[c]!, j);
    }
    if (available[j]) {
      if (k > labTopAvailable[l]!) labTopAvailable[l] = k;
      if (labTopAt[c]! < 0 || isMoreCapable(input, j, labTopAt[c]!)) labTopAt[c] = j;
      if (labLowAt[c]! < 0 || isLessCapable(input, j, labLowAt[c]!)) labLowAt[c] = j;
    }
  }
}

/**
 * Moves a TierState computed for the same released and available models to another period: only
 * the months since each tier's first follower change (MODEL.md section 4).
 */
export function advanceTierState(out: TierState, periodStartMonth: number): void {
  for (let k = 0; k < out.tierCount; k++) {
    const month = out.firstFollowerMonth[k]!;
    out.monthsSinceFirstFollower[k] = month < 0 ? NaN : Math.max(0, periodStartMonth - month);
  }
}

// Strict orders among models, each a total order: the model index breaks any remaining tie, so that
// a best found tier by tier is the one a single scan in index order would keep.

function isEarlierLeader(input: TierInput, a: number, b: number): boolean {
  const { releaseKey, capability, nameRank } = input;
  if (releaseKey[a] !== releaseKey[b]) return releaseKey[a]! < releaseKey[b]!;
  if (capability[a] !== capability[b]) return capability[a]! > capability[b]!;
  if (nameRank[a] !== nameRank[b]) return nameRank[a]! < nameRank[b]!;
  return a < b;
}

/** The earlier released of two models (-1: none), ties by index. */
function earlierRelease(input: TierInput, a: number, b: number): number {
  if (a < 0) return b;
  if (b < 0) return a;
  const key = input.releaseKey;
  return key[b]! < key[a]! || (key[b] === key[a] && b < a) ? b : a;
}

/** Newer first, then name, then index: the tie-break among equally capable models of one lab (section 4). */
function isNewerThenName(input: TierInput, a: number, b: number): boolean {
  const { releaseKey, nameRank } = input;
  if (releaseKey[a] !== releaseKey[b]) return releaseKey[a]! > releaseKey[b]!;
  if (nameRank[a] !== nameRank[b]) return nameRank[a]! < nameRank[b]!;
  return a < b;
}

function isMoreCapable(input: TierInput, a: number, b: number): boolean {
  const q = input.capability;
  return q[a]! > q[b]! || (q[a] === q[b] && isNewerThenName(input, a, b));
}

function isLessCapable(input: TierInput, a: number, b: number): boolean {
  const q = input.capability;
  return q[a]! < q[b]! || (q[a] === q[b] && isNewerThenName(input, a, b));
}

/**
 * The leader lab's most capable available model of exactly tier k, else its least capable available
 * model of a higher tier (section 4), -1 when it has none at tier >= k.
 */
function leaderModelOf(scratch: TierScratch, T: number, leader: number, k: number, input: TierInput): number {
  const exact = scratch.labTopAt[leader * T + k]!;
  if (exact >= 0) return exact;
  let higher = -1;
  for (let t = k + 1; t < T; t++) {
    const low = scratch.labLowAt[leader * T + t]!;
    if (low >= 0 && (higher < 0 || isLessCapable(input, low, higher))) higher = low;
  }
  return higher;
}

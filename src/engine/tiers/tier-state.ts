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
  /** Per lab scratch for counting distinct labs. */
  labScratch: Uint8Array;
}

/** Preallocates a TierState for the given sizes, in one slab. */
export function createTierState(modelCapacity: number, labCapacity: number, tierCount: number): TierState {
  const slab = new TypedSlab(tierCount, 4 * tierCount + labCapacity, 2 * tierCount + modelCapacity + labCapacity);
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
    labScratch: slab.uint8(labCapacity),
  };
}

/** Fills `out` with this period's leaders, followers, n_k and superseded flags (MODEL.md sections 3-4). */
export function computeTierState(input: TierInput, out: TierState): void {
  const labSeen = out.labScratch;
  const { modelCount, tierCount, tier, lab, releaseKey, capability, nameRank, released, available } = input;
  out.frontierTier = -1;
  out.labTopTier.fill(-1, 0, input.labCount);
  for (let j = 0; j < modelCount; j++) {
    if (!released[j]) continue;
    const k = tier[j]!;
    if (k > out.frontierTier) out.frontierTier = k;
    if (k > out.labTopTier[lab[j]!]!) out.labTopTier[lab[j]!] = k;
  }
  for (let j = 0; j < modelCount; j++) {
    out.superseded[j] = released[j] && tier[j]! >= 0 && out.labTopTier[lab[j]!]! > tier[j]! ? 1 : 0;
  }

  for (let k = 0; k < tierCount; k++) {
    // Leader: earliest release among released models at tier >= k; ties higher capability, then name.
    let first = -1;
    for (let j = 0; j < modelCount; j++) {
      if (!released[j] || tier[j]! < k) continue;
      if (first < 0 || isEarlierLeader(j, first, releaseKey, capability, nameRank)) first = j;
    }
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
    for (let j = 0; j < modelCount; j++) {
      if (!released[j] || tier[j]! < k || lab[j] === leader) continue;
      if (follower < 0 || releaseKey[j]! < releaseKey[follower]!) follower = j;
    }
    if (follower >= 0) {
      out.hasFollower[k] = 1;
      const month = input.releaseMonth[follower]!;
      out.firstFollowerMonth[k] = month;
      out.monthsSinceFirstFollower[k] = Math.max(0, input.periodStartMonth - month);
    }

    out.leaderModel[k] = leaderModelOf(input, leader, k);

    labSeen.fill(0, 0, input.labCount);
    let n = 0;
    for (let j = 0; j < modelCount; j++) {
      if (!available[j] || tier[j]! < k || labSeen[lab[j]!]) continue;
      labSeen[lab[j]!] = 1;
      n++;
    }
    out.labsAtTier[k] = n;
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

function isEarlierLeader(a: number, b: number, releaseKey: Float64Array, capability: Float64Array, nameRank: Int32Array): boolean {
  if (releaseKey[a] !== releaseKey[b]) return releaseKey[a]! < releaseKey[b]!;
  if (capability[a] !== capability[b]) return capability[a]! > capability[b]!;
  return nameRank[a]! < nameRank[b]!;
}

/** Newer first, then name: the tie-break among equally capable models of one lab (section 4). */
function isNewerThenName(a: number, b: number, releaseKey: Float64Array, nameRank: Int32Array): boolean {
  if (releaseKey[a] !== releaseKey[b]) return releaseKey[a]! > releaseKey[b]!;
  return nameRank[a]! < nameRank[b]!;
}

function leaderModelOf(input: TierInput, leader: number, k: number): number {
  const { modelCount, tier, lab, capability, available, releaseKey, nameRank } = input;
  let exact = -1;
  let higher = -1;
  for (let j = 0; j < modelCount; j++) {
    if (!available[j] || lab[j] !== leader || tier[j]! < k) continue;
    const q = capability[j]!;
    if (tier[j] === k) {
      if (exact < 0 || q > capability[exact]! || (q === capability[exact] && isNewerThenName(j, exact, releaseKey, nameRank))) exact = j;
    } else if (higher < 0 || q < capability[higher]! || (q === capability[higher] && isNewerThenName(j, higher, releaseKey, nameRank))) {
      higher = j;
    }
  }
  return exact >= 0 ? exact : higher;
}

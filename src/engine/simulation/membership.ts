/**
 * Which models a period has (MODEL.md section 2): released by the period, and available unless
 * retired. They change only in periods where a model is released or retired
 * (PreparedScenario.membershipChangesAt), so the period loop asks for them only then and keeps the
 * frame's lists in between. They depend on the layout's release and retire periods alone, so a
 * MembershipSchedule works out each period's once for every path of a layout, and keeps the tier
 * state found for it.
 */
import { TierMemo } from '../tiers/tier-memo.js';
import { advanceTierState, createTierState, type TierState } from '../tiers/tier-state.js';
import type { Frame, PathState } from './period-frame.js';

/** The models of one period, the same for every path of a layout. Read-only but for `tiers`. */
export interface Membership {
  /** Per model: 1 when released by the period (release period <= t). */
  released: Uint8Array;
  /** Per model: 1 when released and not retired. */
  available: Uint8Array;
  /** The available models in index order. */
  availableModels: Int32Array;
  /** The available models newest first (PreparedScenario.newestFirst's order): the capacity order. */
  order: Int32Array;
  /** The models released in the period (their training cost is expensed in it), in index order. */
  releasedNow: Int32Array;
  /** The models available in the period before and not in this one (retired in it). */
  leaving: Int32Array;
  /** Whether the schedule keeps this entry (then `tiers` is kept with it). */
  readonly kept: boolean;
  /** The tier state of this membership once found (shared by the layout's paths: only its months move). */
  tiers: TierState | undefined;
}

/** Model slots a schedule keeps at most (periods x models): a few hundred KB for a huge scenario. */
const KEPT_MODEL_SLOTS = 1 << 17;

/** Each period's Membership, worked out on first request and kept (within KEPT_MODEL_SLOTS). */
export class MembershipSchedule {
  private readonly kept: (Membership | undefined)[] = [];
  private keptSlots = 0;

  /** The layout's arrays (read-only, never copied). */
  constructor(
    private readonly releasePeriod: Int32Array,
    private readonly retirePeriod: Float64Array,
    private readonly newestFirst: Int32Array,
  ) {}

  /** Period t's models: the kept entry, or one made now (kept when the budget allows). */
  at(t: number): Membership {
    const hit = this.kept[t];
    if (hit !== undefined) return hit;
    const m = this.releasePeriod.length;
    const keep = this.keptSlots + m <= KEPT_MODEL_SLOTS;
    const made = this.membershipAt(t, keep);
    if (keep) {
      this.kept[t] = made;
      this.keptSlots += m;
    }
    return made;
  }

  private membershipAt(t: number, kept: boolean): Membership {
    const { releasePeriod, retirePeriod, newestFirst } = this;
    const m = releasePeriod.length;
    const released = new Uint8Array(m);
    const available = new Uint8Array(m);
    const list: number[] = [];
    const releasedNow: number[] = [];
    const leaving: number[] = [];
    for (let j = 0; j < m; j++) {
      const release = releasePeriod[j]!;
      released[j] = release <= t ? 1 : 0;
      available[j] = release <= t && t < retirePeriod[j]! ? 1 : 0;
      if (available[j] === 1) list.push(j);
      if (release === t) releasedNow.push(j);
      // Available at t - 1 (release <= t - 1 < retire) and not at t: retired at t.
      if (release < t && retirePeriod[j] === t) leaving.push(j);
    }
    const order: number[] = [];
    for (let o = 0; o < m; o++) if (available[newestFirst[o]!] === 1) order.push(newestFirst[o]!);
    return {
      released,
      available,
      availableModels: Int32Array.from(list),
      order: Int32Array.from(order),
      releasedNow: Int32Array.from(releasedNow),
      leaving: Int32Array.from(leaving),
      kept,
      tiers: undefined,
    };
  }
}

/**
 * Period t's released and available models into the frame (their lists, the available count and
 * the capacity order), its releases' training costs into the per-lab sums; returns the period's
 * Membership. An unavailable model's price and cost state is NaN: nothing reads it, and it stays
 * so while the models do, so after a frame's first period only the models leaving are set.
 */
export function updateMembership(f: Frame, t: number, state: PathState): Membership {
  const p = f.p;
  const now = p.membership.at(t);
  f.released.set(now.released);
  f.available.set(now.available);
  f.availableModels.set(now.availableModels);
  f.availableCount = now.availableModels.length;
  f.order.set(now.order);
  f.capacityInput.orderLength = now.order.length;
  // Locals: property loads inside a loop that stores to typed arrays are not hoisted for us.
  const { globalModel, trainingCost } = f;
  const { lab } = p;
  const modelTrainingCost = p.trainingCost;
  const releasedNow = now.releasedNow;
  for (let i = 0; i < releasedNow.length; i++) {
    const j = releasedNow[i]!;
    trainingCost[lab[j]!] += modelTrainingCost[j]!;
  }
  const statePrevPrice = state.prevPrice;
  const statePrevCost = state.prevCost;
  if (f.tierStale) {
    // The frame's first period: its models may have had state under an earlier frame.
    const available = now.available;
    for (let j = 0; j < p.modelCount; j++) {
      if (available[j] === 1) continue;
      statePrevPrice[globalModel[j]!] = NaN;
      statePrevCost[globalModel[j]!] = NaN;
    }
  } else {
    const leaving = now.leaving;
    for (let i = 0; i < leaving.length; i++) {
      const g = globalModel[leaving[i]!]!;
      statePrevPrice[g] = NaN;
      statePrevCost[g] = NaN;
    }
  }
  return now;
}

/** Tier states by released and available models, shared by the paths of a thread (one runs at a time). */
const tierMemo = new TierMemo();

/**
 * The tier state of a period whose models changed: the one remembered with its membership (the same
 * for every path of the layout), its months moved to the period's, else the memo's, remembered.
 */
export function tiersOf(now: Membership, f: Frame): TierState {
  const input = f.tierInput;
  if (now.tiers !== undefined) {
    advanceTierState(now.tiers, input.periodStartMonth);
    return now.tiers;
  }
  if (!now.kept) return tierMemo.compute(input, f.tierState);
  // Past the memo's model limit it fills the state it is given: one of the membership's own then.
  return (now.tiers = tierMemo.compute(input, createTierState(input.modelCount, input.labCount, input.tierCount)));
}

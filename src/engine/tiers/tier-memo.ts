/**
 * computeTierState remembered across paths. A TierState depends on the models' fixed facts (tier,
 * lab, release dates, capability, name order) and on which models are released and available;
 * the period start only moves the months since each first follower, which advanceTierState
 * derives. Paths of one document share the prepared model arrays (prepareScenario's layout cache)
 * and mostly meet the same few sets of released and available models, so a preset path, whose
 * tier state changes in about half of its periods, found again what earlier paths computed.
 */
import { advanceTierState, computeTierState, createTierState, type TierInput, type TierState } from './tier-state.js';

/** Above this many models the membership key (3^m) would pass 2^53 and stop being exact. */
const MAX_MODELS = 33;
/** Entries kept before the memo starts over, so a long-lived process does not grow it without limit. */
const MAX_ENTRIES = 4096;

export class TierMemo {
  /** Per membership key, the TierState computed for it (handed out, so only its months move). */
  private readonly byMembership = new Map<number, TierState>();
  // The model facts the entries were computed from (compared by identity: the arrays are read-only).
  private tier: Int32Array | undefined;
  private lab: Int32Array | undefined;
  private releaseMonth: Int32Array | undefined;
  private releaseKey: Float64Array | undefined;
  private capability: Float64Array | undefined;
  private nameRank: Int32Array | undefined;
  private modelCount = -1;
  private labCount = -1;
  private tierCount = -1;

  /**
   * A TierState with what computeTierState(input, ...) gives: a remembered one, its months moved to
   * input.periodStartMonth, or else `own` filled (past MAX_MODELS). A remembered state is shared: the
   * caller may move its months (advanceTierState) while the models stay, and must ask again when
   * they change; it is read, not copied, so a period whose models changed costs a lookup only.
   */
  compute(input: TierInput, own: TierState): TierState {
    const m = input.modelCount;
    if (m > MAX_MODELS || own.tierCount !== input.tierCount) {
      computeTierState(input, own);
      return own;
    }
    if (!this.sameFacts(input)) this.reset(input);
    // Each model is unreleased (0), available (2) or released but not available (1).
    const { released, available } = input;
    let key = 0;
    for (let j = 0; j < m; j++) key = key * 3 + released[j]! + available[j]!;
    const hit = this.byMembership.get(key);
    if (hit !== undefined) {
      advanceTierState(hit, input.periodStartMonth);
      return hit;
    }
    const state = createTierState(m, input.labCount, input.tierCount);
    computeTierState(input, state);
    if (this.byMembership.size >= MAX_ENTRIES) this.byMembership.clear();
    this.byMembership.set(key, state);
    return state;
  }

  private sameFacts(input: TierInput): boolean {
    return (
      input.tier === this.tier &&
      input.lab === this.lab &&
      input.releaseMonth === this.releaseMonth &&
      input.releaseKey === this.releaseKey &&
      input.capability === this.capability &&
      input.nameRank === this.nameRank &&
      input.modelCount === this.modelCount &&
      input.labCount === this.labCount &&
      input.tierCount === this.tierCount
    );
  }

  private reset(input: TierInput): void {
    this.byMembership.clear();
    this.tier = input.tier;
    this.lab = input.lab;
    this.releaseMonth = input.releaseMonth;
    this.releaseKey = input.releaseKey;
    this.capability = input.capability;
    this.nameRank = input.nameRank;
    this.modelCount = input.modelCount;
    this.labCount = input.labCount;
    this.tierCount = input.tierCount;
  }
}

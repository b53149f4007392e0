/**
 * computeTierState remembered across paths. A TierState depends on the models' fixed facts (tier,
 * lab, release dates, capability, name order) and on which models are released and available;
 * the period start only moves the months since each first follower, which advanceTierState
 * derives. Paths of one document share the prepared model arrays (prepareScenario's layout cache)
 * and mostly meet the same few sets of released and available models, so a preset path, whose
 * tier state changes in about half of its periods, found again what earlier paths computed.
 */
import { advanceTierState, computeTierState, type TierInput, type TierState } from './tier-state.js';

/** Above this many models the membership key (3^m) would pass 2^53 and stop being exact. */
const MAX_MODELS = 33;
/** Entries kept before the memo starts over, so a long-lived process does not grow it without limit. */
const MAX_ENTRIES = 4096;

/** What a TierState holds besides months since the first follower and the scratch. */
interface Snapshot {
  frontierTier: number;
  /** leaderLab, leaderModel, firstFollowerMonth, labsAtTier and hasFollower (tier by tier), labTopTier, superseded. */
  values: Int32Array;
}

export class TierMemo {
  private readonly byMembership = new Map<number, Snapshot>();
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

  /** Fills `out` as computeTierState(input, out) does but for its scratch, which is left as it was. */
  compute(input: TierInput, out: TierState): void {
    const m = input.modelCount;
    if (m > MAX_MODELS || out.tierCount !== input.tierCount) {
      computeTierState(input, out);
      return;
    }
    if (!this.sameFacts(input)) this.reset(input);
    // Each model is unreleased (0), available (2) or released but not available (1).
    const { released, available } = input;
    let key = 0;
    for (let j = 0; j < m; j++) key = key * 3 + released[j]! + available[j]!;
    const hit = this.byMembership.get(key);
    if (hit !== undefined) {
      restore(hit, input, out);
      advanceTierState(out, input.periodStartMonth);
      return;
    }
    computeTierState(input, out);
    if (this.byMembership.size >= MAX_ENTRIES) this.byMembership.clear();
    this.byMembership.set(key, snapshotOf(input, out));
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

function snapshotOf(input: TierInput, out: TierState): Snapshot {
  const T = input.tierCount;
  const values = new Int32Array(5 * T + input.labCount + input.modelCount);
  let i = 0;
  for (let k = 0; k < T; k++) {
    values[i++] = out.leaderLab[k]!;
    values[i++] = out.leaderModel[k]!;
    values[i++] = out.firstFollowerMonth[k]!;
    values[i++] = out.labsAtTier[k]!;
    values[i++] = out.hasFollower[k]!;
  }
  for (let l = 0; l < input.labCount; l++) values[i++] = out.labTopTier[l]!;
  for (let j = 0; j < input.modelCount; j++) values[i++] = out.superseded[j]!;
  return { frontierTier: out.frontierTier, values };
}

function restore(snapshot: Snapshot, input: TierInput, out: TierState): void {
  const T = input.tierCount;
  const values = snapshot.values;
  let i = 0;
  for (let k = 0; k < T; k++) {
    out.leaderLab[k] = values[i++]!;
    out.leaderModel[k] = values[i++]!;
    out.firstFollowerMonth[k] = values[i++]!;
    out.labsAtTier[k] = values[i++]!;
    out.hasFollower[k] = values[i++]!;
  }
  for (let l = 0; l < input.labCount; l++) out.labTopTier[l] = values[i++]!;
  for (let j = 0; j < input.modelCount; j++) out.superseded[j] = values[i++]!;
  out.frontierTier = snapshot.frontierTier;
}

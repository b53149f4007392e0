import { describe, expect, it } from '@jest/globals';
import { advanceTierState, computeTierState, createTierState, tierOf, type TierInput } from './tier-state.js';

// Models: 0 = old (lab 0, 2024-06, q 65), 1 = lead (lab 0, 2024-11, q 80), 2 = rival (lab 1, 2025-01, q 78).
function input(released: number[], available: number[], periodStartMonth: number): TierInput {
  const thresholds = [60, 75];
  const caps = [65, 80, 78];
  const months = [2024 * 12 + 5, 2024 * 12 + 10, 2025 * 12];
  return {
    modelCount: 3,
    labCount: 2,
    tierCount: 2,
    tier: Int32Array.from(caps.map((q) => tierOf(q, thresholds))),
    lab: Int32Array.from([0, 0, 1]),
    releaseMonth: Int32Array.from(months),
    releaseKey: Float64Array.from(months.map((m) => m * 32 + 1)),
    capability: Float64Array.from(caps),
    nameRank: Int32Array.from([0, 1, 2]),
    released: Uint8Array.from(released),
    available: Uint8Array.from(available),
    periodStartMonth,
  };
}

describe(tierOf.name, () => {
  it('is the highest tier whose threshold the capability reaches, -1 below all', () => {
    expect(tierOf(59.9, [60, 75])).toBe(-1);
    expect(tierOf(60, [60, 75])).toBe(0);
    expect(tierOf(100, [60, 75])).toBe(1);
  });
});

describe(computeTierState.name, () => {
  it('leader alone until a second lab releases at the tier', () => {
    const sut = createTierState(3, 2, 2);
    computeTierState(input([1, 1, 0], [1, 1, 0], 2024 * 12 + 11), sut);
    expect(Array.from(sut.leaderLab)).toEqual([0, 0]);
    expect(Array.from(sut.hasFollower)).toEqual([0, 0]);
    expect(Number.isNaN(sut.monthsSinceFirstFollower[1])).toBe(true);
    expect(Array.from(sut.leaderModel)).toEqual([0, 1]);
    expect(Array.from(sut.labsAtTier)).toEqual([1, 1]);
    expect(sut.frontierTier).toBe(1);
    expect(Array.from(sut.superseded)).toEqual([1, 0, 0]);
  });

  it('counts months since the first follower from its release month', () => {
    const sut = createTierState(3, 2, 2);
    computeTierState(input([1, 1, 1], [1, 1, 1], 2025 * 12 + 4), sut);
    expect(Array.from(sut.hasFollower)).toEqual([1, 1]);
    expect(Array.from(sut.monthsSinceFirstFollower)).toEqual([4, 4]);
    expect(Array.from(sut.labsAtTier)).toEqual([2, 2]);
  });

  it("falls back to the leader lab's least capable higher-tier model when none sits exactly at the tier", () => {
    const sut = createTierState(3, 2, 2);
    computeTierState(input([1, 1, 1], [0, 1, 1], 2025 * 12 + 4), sut);
    expect(sut.leaderLab[0]).toBe(0); // the retired model still made lab 0 the first at tier 0
    expect(sut.leaderModel[0]).toBe(1);
  });
});

describe(advanceTierState.name, () => {
  it('equals a full recomputation when no model is released or retired', () => {
    const moved = createTierState(3, 2, 2);
    computeTierState(input([1, 1, 1], [1, 1, 1], 2025 * 12 + 1), moved);
    advanceTierState(moved, 2025 * 12 + 7);
    const full = createTierState(3, 2, 2);
    computeTierState(input([1, 1, 1], [1, 1, 1], 2025 * 12 + 7), full);
    expect(moved).toEqual(full);
  });
});

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
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

/** Sections 3-4 written out with sorts over the models, the reference the one-pass computation must match. */
function naiveTierState(x: TierInput) {
  const models = Array.from({ length: x.modelCount }, (_, j) => j);
  const released = models.filter((j) => x.released[j]);
  const available = models.filter((j) => x.available[j]);
  const byLeader = (a: number, b: number) =>
    x.releaseKey[a]! - x.releaseKey[b]! || x.capability[b]! - x.capability[a]! || x.nameRank[a]! - x.nameRank[b]! || a - b;
  const byRelease = (a: number, b: number) => x.releaseKey[a]! - x.releaseKey[b]! || a - b;
  const newerThenName = (a: number, b: number) => x.releaseKey[b]! - x.releaseKey[a]! || x.nameRank[a]! - x.nameRank[b]! || a - b;
  const rows = Array.from({ length: x.tierCount }, (_, k) => {
    const atK = released.filter((j) => x.tier[j]! >= k).sort(byLeader);
    const leaderLab = atK.length > 0 ? x.lab[atK[0]!]! : -1;
    const follower = atK.filter((j) => x.lab[j] !== leaderLab).sort(byRelease)[0] ?? -1;
    const ofLeader = available.filter((j) => x.lab[j] === leaderLab && x.tier[j]! >= k);
    const exact = ofLeader.filter((j) => x.tier[j] === k).sort((a, b) => x.capability[b]! - x.capability[a]! || newerThenName(a, b));
    const higher = ofLeader.filter((j) => x.tier[j]! > k).sort((a, b) => x.capability[a]! - x.capability[b]! || newerThenName(a, b));
    return {
      leaderLab,
      leaderModel: leaderLab < 0 ? -1 : (exact[0] ?? higher[0] ?? -1),
      hasFollower: leaderLab >= 0 && follower >= 0 ? 1 : 0,
      firstFollowerMonth: leaderLab >= 0 && follower >= 0 ? x.releaseMonth[follower]! : -1,
      labsAtTier: leaderLab < 0 ? 0 : new Set(available.filter((j) => x.tier[j]! >= k).map((j) => x.lab[j])).size,
    };
  });
  const labTop = (l: number) => Math.max(-1, ...released.filter((j) => x.lab[j] === l).map((j) => x.tier[j]!));
  return {
    rows,
    frontierTier: Math.max(-1, ...released.map((j) => x.tier[j]!)),
    superseded: models.map((j) => (x.released[j] && x.tier[j]! >= 0 && labTop(x.lab[j]!) > x.tier[j]! ? 1 : 0)),
  };
}

describe('computeTierState against the sorted definition', () => {
  const caseArb = fc
    .record({ m: fc.integer({ min: 1, max: 12 }), labs: fc.integer({ min: 1, max: 4 }), tiers: fc.integer({ min: 1, max: 4 }) })
    .chain(({ m, labs, tiers }) =>
      fc.record({
        m: fc.constant(m),
        labs: fc.constant(labs),
        tiers: fc.constant(tiers),
        tier: fc.array(fc.integer({ min: -1, max: tiers - 1 }), { minLength: m, maxLength: m }),
        lab: fc.array(fc.integer({ min: 0, max: labs - 1 }), { minLength: m, maxLength: m }),
        // Few distinct dates and capabilities, so that every tie-break is exercised.
        month: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: m, maxLength: m }),
        capability: fc.array(fc.constantFrom(60, 70, 70, 80), { minLength: m, maxLength: m }),
        nameOrder: fc.shuffledSubarray(Array.from({ length: m }, (_, j) => j), { minLength: m, maxLength: m }),
        state: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: m, maxLength: m }),
      }),
    );

  it('gives the same leaders, followers, leader models, n_k and superseded flags', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const nameRank = new Int32Array(c.m);
        c.nameOrder.forEach((j, rank) => (nameRank[j] = rank));
        const x: TierInput = {
          modelCount: c.m,
          labCount: c.labs,
          tierCount: c.tiers,
          tier: Int32Array.from(c.tier),
          lab: Int32Array.from(c.lab),
          releaseMonth: Int32Array.from(c.month, (mo) => 24000 + mo),
          releaseKey: Float64Array.from(c.month, (mo) => (24000 + mo) * 32 + 1),
          capability: Float64Array.from(c.capability),
          nameRank,
          released: Uint8Array.from(c.state, (s) => (s > 0 ? 1 : 0)),
          available: Uint8Array.from(c.state, (s) => (s === 2 ? 1 : 0)),
          periodStartMonth: 24005,
        };
        const sut = createTierState(c.m, c.labs, c.tiers);
        computeTierState(x, sut);
        const want = naiveTierState(x);
        expect(sut.frontierTier).toBe(want.frontierTier);
        expect(Array.from(sut.superseded)).toEqual(want.superseded);
        want.rows.forEach((row, k) => {
          expect({
            leaderLab: sut.leaderLab[k],
            leaderModel: sut.leaderModel[k],
            hasFollower: sut.hasFollower[k],
            firstFollowerMonth: sut.firstFollowerMonth[k],
            labsAtTier: sut.labsAtTier[k],
          }).toEqual(row);
          const months = sut.monthsSinceFirstFollower[k]!;
          expect(row.firstFollowerMonth < 0 ? Number.isNaN(months) : months === Math.max(0, 24005 - row.firstFollowerMonth)).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { TierMemo } from './tier-memo.js';
import { computeTierState, createTierState, type TierInput, type TierState } from './tier-state.js';

/** Every field of a TierState but its scratch (which the memo leaves as it was). */
function visible(s: TierState) {
  return {
    leaderLab: Array.from(s.leaderLab),
    leaderModel: Array.from(s.leaderModel),
    hasFollower: Array.from(s.hasFollower),
    firstFollowerMonth: Array.from(s.firstFollowerMonth),
    // NaN while alone: compared through its bits' string.
    monthsSinceFirstFollower: Array.from(s.monthsSinceFirstFollower, String),
    labsAtTier: Array.from(s.labsAtTier),
    frontierTier: s.frontierTier,
    superseded: Array.from(s.superseded),
    labTopTier: Array.from(s.labTopTier),
  };
}

/** Fixed model facts of a small market, as a prepared scenario holds them. */
const factsArb = fc
  .record({ m: fc.integer({ min: 1, max: 8 }), labs: fc.integer({ min: 1, max: 3 }), tiers: fc.integer({ min: 1, max: 3 }) })
  .chain(({ m, labs, tiers }) =>
    fc.record({
      m: fc.constant(m),
      labs: fc.constant(labs),
      tiers: fc.constant(tiers),
      tier: fc.array(fc.integer({ min: -1, max: tiers - 1 }), { minLength: m, maxLength: m }),
      lab: fc.array(fc.integer({ min: 0, max: labs - 1 }), { minLength: m, maxLength: m }),
      month: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: m, maxLength: m }),
      capability: fc.array(fc.constantFrom(60, 70, 80), { minLength: m, maxLength: m }),
      // Per period: each model unreleased (0), retired (1) or available (2), and the period's start.
      periods: fc.array(
        fc.record({ state: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: m, maxLength: m }), start: fc.integer({ min: 24000, max: 24010 }) }),
        { minLength: 1, maxLength: 12 },
      ),
    }),
  );

type Facts = typeof factsArb extends fc.Arbitrary<infer F> ? F : never;

function inputOf(c: Facts): TierInput {
  return {
    modelCount: c.m,
    labCount: c.labs,
    tierCount: c.tiers,
    tier: Int32Array.from(c.tier),
    lab: Int32Array.from(c.lab),
    releaseMonth: Int32Array.from(c.month, (mo) => 24000 + mo),
    releaseKey: Float64Array.from(c.month, (mo) => (24000 + mo) * 32 + 1),
    capability: Float64Array.from(c.capability),
    nameRank: Int32Array.from({ length: c.m }, (_, j) => c.m - 1 - j),
    released: new Uint8Array(c.m),
    available: new Uint8Array(c.m),
    periodStartMonth: 0,
  };
}

describe(TierMemo.name, () => {
  it('gives what computeTierState gives, period after period, across markets sharing one memo', () => {
    fc.assert(
      fc.property(fc.array(factsArb, { minLength: 1, maxLength: 3 }), fc.boolean(), (markets, reuseFacts) => {
        const memo = new TierMemo();
        // Paths of one market: the same fact arrays meet the memo again (hits); a second market
        // reusing the first's arrays object by object must not be answered from the first's entries.
        for (let pass = 0; pass < 2; pass++) {
          let shared: TierInput | undefined;
          for (const c of markets) {
            const x = inputOf(c);
            if (reuseFacts && shared !== undefined && shared.modelCount === x.modelCount) x.tier = shared.tier;
            shared = x;
            const sut = createTierState(c.m, c.labs, c.tiers);
            const want = createTierState(c.m, c.labs, c.tiers);
            for (const period of c.periods) {
              period.state.forEach((s, j) => {
                x.released[j] = s > 0 ? 1 : 0;
                x.available[j] = s === 2 ? 1 : 0;
              });
              x.periodStartMonth = period.start;
              const got = memo.compute(x, sut);
              computeTierState(x, want);
              expect(visible(got)).toEqual(visible(want));
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('tells a retired model from an unreleased one', () => {
    // Lab 0's model 0 (tier 1) is released first, lab 1's model 1 (tier 1) later. With model 0
    // retired lab 0 still leads tier 1 (it released first) and model 1 is its follower; with model
    // 0 not yet released lab 1 leads alone. Both memberships have model 0 unavailable.
    const c: Facts = { m: 2, labs: 2, tiers: 2, tier: [1, 1], lab: [0, 1], month: [0, 2], capability: [80, 80], periods: [] };
    const x = inputOf(c);
    const memo = new TierMemo();
    const sut = createTierState(2, 2, 2);
    x.periodStartMonth = 24005;
    x.released.set([1, 1]);
    x.available.set([0, 1]);
    let got = memo.compute(x, sut);
    expect(Array.from(got.leaderLab)).toEqual([0, 0]);
    expect(Array.from(got.hasFollower)).toEqual([1, 1]);
    x.released.set([0, 1]);
    got = memo.compute(x, sut);
    expect(Array.from(got.leaderLab)).toEqual([1, 1]);
    expect(Array.from(got.hasFollower)).toEqual([0, 0]);
  });

  it('hands out the state it remembers, its months moved to the period asked for', () => {
    const c: Facts = { m: 2, labs: 2, tiers: 1, tier: [0, 0], lab: [0, 1], month: [0, 2], capability: [80, 80], periods: [] };
    const x = inputOf(c);
    x.released.set([1, 1]);
    x.available.set([1, 1]);
    const memo = new TierMemo();
    x.periodStartMonth = 24005;
    const first = memo.compute(x, createTierState(2, 2, 1));
    x.periodStartMonth = 24009;
    const again = memo.compute(x, createTierState(2, 2, 1));
    // One object for one membership: nothing is copied when the models change back.
    expect(again).toBe(first);
    const want = createTierState(2, 2, 1);
    computeTierState(x, want);
    expect(visible(again)).toEqual(visible(want));
    expect(Array.from(again.monthsSinceFirstFollower)).toEqual([7]);
  });

  it('computes directly, remembering nothing, for more models than its key holds exactly', () => {
    const m = 40;
    const x = inputOf({ m, labs: 2, tiers: 1, tier: new Array(m).fill(0), lab: Array.from({ length: m }, (_, j) => (j === m - 1 ? 1 : 0)), month: new Array(m).fill(1), capability: new Array(m).fill(70), periods: [] });
    x.released.fill(1);
    x.available.fill(1);
    const memo = new TierMemo();
    const sut = createTierState(m, 2, 1);
    const want = createTierState(m, 2, 1);
    expect(memo.compute(x, sut)).toBe(sut);
    computeTierState(x, want);
    expect(visible(sut)).toEqual(visible(want));
    // Model 39, lab 1's only one, retired: n_0 drops to 1. As a double, its key would differ from
    // the first's only in a last digit (3^0) that 3^40 swamps, so an entry would answer wrongly.
    x.available[m - 1] = 0;
    expect(memo.compute(x, sut)).toBe(sut);
    computeTierState(x, want);
    expect(visible(sut)).toEqual(visible(want));
  });
});

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { arbitraryScenario, arbitraryTwoPhaseTimeline } from './arbitrary-scenario.js';
import { checkPathInvariants } from './path-invariants.js';
import { simulatePath } from './simulate-path.js';

describe('simulatePath properties', () => {
  it('holds the accounting identities of MODEL.md section 9 on random small scenarios', () => {
    fc.assert(
      fc.property(arbitraryScenario(), (sc) => {
        const result = simulatePath({ periods: sc.periods, at: () => sc });
        expect(checkPathInvariants(sc, result)).toBeUndefined();
      }),
      { numRuns: 150, seed: 20260101 },
    );
  });

  it('is deterministic: the same timeline gives identical series', () => {
    fc.assert(
      fc.property(arbitraryScenario({ nash: false }), (sc) => {
        const a = simulatePath({ periods: sc.periods, at: () => sc });
        const b = simulatePath({ periods: sc.periods, at: () => sc });
        expect([...a.series.keys()]).toEqual([...b.series.keys()]);
        for (const [key, values] of a.series) expect(Array.from(b.series.get(key)!)).toEqual(Array.from(values));
      }),
      { numRuns: 30, seed: 7 },
    );
  });

  it('holds them when the scenario changes mid-path (fleet, cash, capability, software gain)', () => {
    fc.assert(
      fc.property(arbitraryTwoPhaseTimeline(), ({ before, after, switchAt }) => {
        const timeline = { periods: before.periods, at: (t: number) => (t < switchAt ? before : after) };
        expect(checkPathInvariants(timeline, simulatePath(timeline))).toBeUndefined();
      }),
      { numRuns: 100, seed: 99 },
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { QUANTILE_LEVELS, quantileRanks, ranksRead } from './quantiles.js';

describe(ranksRead.name, () => {
  it('lists the order statistics numpy linear interpolates between, for the row levels', () => {
    // (n - 1) q for n = 101: 5, 25, 50, 75, 95, each read with the next rank.
    expect(ranksRead(101, QUANTILE_LEVELS)).toEqual([5, 6, 25, 26, 50, 51, 75, 76, 95, 96]);
    // n = 5: 0.2, 1, 2, 3, 3.8; ranks overlap and stop at n - 1.
    expect(ranksRead(5, QUANTILE_LEVELS)).toEqual([0, 1, 2, 3, 4]);
    expect(ranksRead(1, QUANTILE_LEVELS)).toEqual([0]);
  });

  it('is every level’s two ranks, ascending, without repeats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), (n, levels) => {
        const expected = [...new Set(levels.flatMap((q) => Object.values(quantileRanks(n, q))))].sort((a, b) => a - b);
        expect(ranksRead(n, levels)).toEqual(expected);
      }),
    );
  });
});

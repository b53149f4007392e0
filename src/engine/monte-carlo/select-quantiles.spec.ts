import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { QUANTILE_LEVELS, quantileSorted } from './quantiles.js';
import { quantilesOf } from './select-quantiles.js';

/** What finalize gave before: sort everything, then numpy 'linear' on the sorted values. */
function bySorting(values: number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return QUANTILE_LEVELS.map((q) => quantileSorted(sorted, q));
}

const bits = (xs: number[]): string => Buffer.from(Float64Array.from(xs).buffer).toString('hex');

describe(quantilesOf.name, () => {
  it('gives the bits of a full sort: signed zeros, subnormals, ties, clusters, outliers, infinities', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true }),
      fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(0, -0, 5e-324, -5e-324, 1e308, -1e308, Infinity, -Infinity, 1, 1 + 2 ** -52),
    );
    // mostly many values (the bucket path starts at 64), some drawn from a narrow cluster
    const values = fc.oneof(
      fc.array(value, { maxLength: 300 }),
      fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 64, maxLength: 400 })).map(([x, steps]) =>
        steps.map((k) => x + k * Math.max(Math.abs(x) * 2 ** -50, 5e-324)),
      ),
      fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 64, maxLength: 600 }),
    );
    fc.assert(
      fc.property(values, (xs) => {
        expect(bits(quantilesOf(Float64Array.from(xs), QUANTILE_LEVELS))).toBe(bits(bySorting(xs)));
      }),
      { numRuns: 2000, seed: 1130 },
    );
  });

  it('handles a cell where most paths share one value and a few lie far out', () => {
    const xs = [...Array.from({ length: 900 }, () => 0), ...Array.from({ length: 90 }, (_, i) => -0 * i), ...Array.from({ length: 10 }, (_, i) => 1e12 * (i + 1))];
    expect(bits(quantilesOf(Float64Array.from(xs), QUANTILE_LEVELS))).toBe(bits(bySorting(xs)));
  });
});

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { finalize } from './chunk.js';
import { exactMean, ExactSum } from './exact-sum.js';
import { QUANTILE_LEVELS, quantileSorted } from './quantiles.js';

describe('finalize (exact mode)', () => {
  it('gives numpy-linear quantiles of the sorted values, signed zeros included, sorted or not', () => {
    const value = fc.constantFrom(0, -0, 1, -1, 2.5, NaN);
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 9 }), (values) => {
        const finite = values.filter((x) => !Number.isNaN(x));
        const rows = finalize({
          firstPath: 0,
          endPath: values.length,
          periods: 1,
          startDate: '2025-01-01',
          periodMonths: 1,
          mode: 'exact',
          keys: ['market|market|x'],
          values: new Map([['market|market|x', Float64Array.from(values)]]),
          cells: new Map(),
        });
        if (finite.length === 0) return expect(rows).toHaveLength(0);
        const sorted = Float64Array.from(finite).sort();
        const sum = new ExactSum();
        for (const x of sorted) sum.add(x);
        const row = rows[0]!;
        expect([row.p05, row.p25, row.p50, row.p75, row.p95]).toEqual(QUANTILE_LEVELS.map((q) => quantileSorted(sorted, q)));
        expect(row.mean).toBe(exactMean(sum, sorted.length));
      }),
      { numRuns: 500, seed: 1130 },
    );
  });
});

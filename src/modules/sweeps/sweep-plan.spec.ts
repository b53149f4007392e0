import { describe, expect, it } from '@jest/globals';
import { MAX_SWEEP_VARIANTS, planVariants, variantCount } from './sweep-plan.js';
import { InvalidSweepInputError } from './sweep.types.js';

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidSweepInputError) return err.field;
    throw err;
  }
  throw new Error('expected InvalidSweepInputError');
}

describe('planVariants', () => {
  it('expands a grid as the cartesian product, last parameter fastest', () => {
    const plans = planVariants({ grid: [{ path: 'a', values: [1, 2] }, { path: 'b', values: [10, 20, 30] }] });
    expect(plans.map((p) => p.overrides.map((o) => o.value))).toEqual([
      [1, 10], [1, 20], [1, 30],
      [2, 10], [2, 20], [2, 30],
    ]);
    expect(plans.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(plans.map((p) => p.role))).toEqual(new Set(['grid']));
    // Every pair appears exactly once.
    expect(new Set(plans.map((p) => JSON.stringify(p.overrides))).size).toBe(6);
  });

  it('expands a tornado as the base then low and high of each parameter alone', () => {
    const plans = planVariants({ tornado: [{ path: 'x', low: 1, high: 3 }, { path: 'y', low: -1, high: 0 }] });
    expect(plans).toEqual([
      { index: 0, role: 'base', parameter: null, overrides: [] },
      { index: 1, role: 'low', parameter: 'x', overrides: [{ path: 'x', value: 1 }] },
      { index: 2, role: 'high', parameter: 'x', overrides: [{ path: 'x', value: 3 }] },
      { index: 3, role: 'low', parameter: 'y', overrides: [{ path: 'y', value: -1 }] },
      { index: 4, role: 'high', parameter: 'y', overrides: [{ path: 'y', value: 0 }] },
    ]);
  });

  it('accepts exactly 10,000 variants and refuses one more axis value beyond', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(variantCount({ grid: [{ path: 'a', values: values(100) }, { path: 'b', values: values(100) }] })).toBe(MAX_SWEEP_VARIANTS);
    expect(planVariants({ grid: [{ path: 'a', values: values(100) }, { path: 'b', values: values(100) }] })).toHaveLength(10_000);
    expect(fieldOf(() => planVariants({ grid: [{ path: 'a', values: values(101) }, { path: 'b', values: values(100) }] }))).toBe('grid');
  });

  it('names the offending field', () => {
    expect(fieldOf(() => planVariants({}))).toBe('spec');
    expect(fieldOf(() => planVariants({ grid: [{ path: 'a', values: [1] }], tornado: [] }))).toBe('spec');
    expect(fieldOf(() => planVariants({ grid: [] }))).toBe('grid');
    expect(fieldOf(() => planVariants({ grid: [{ path: 'a', values: [] }] }))).toBe('grid[0].values');
    expect(fieldOf(() => planVariants({ grid: [{ path: 'a', values: [1, Number.NaN] }] }))).toBe('grid[0].values[1]');
    expect(fieldOf(() => planVariants({ grid: [{ path: 'a', values: [1] }, { path: 'a', values: [2] }] }))).toBe('grid[1].path');
    expect(fieldOf(() => planVariants({ tornado: [{ path: ' ', low: 0, high: 1 }] }))).toBe('tornado[0].path');
    expect(fieldOf(() => planVariants({ tornado: [{ path: 'x', low: 0, high: Number.POSITIVE_INFINITY }] }))).toBe('tornado[0].high');
  });
});

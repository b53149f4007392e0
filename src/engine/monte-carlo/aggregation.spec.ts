import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { ExactSum, exactMean, exactSum } from './exact-sum.js';
import { lerp, quantileSorted, QUANTILE_LEVELS } from './quantiles.js';
import { CellSummary, DYNAMIC_RANGE, RELATIVE_ACCURACY } from './log-sketch.js';
import { MAX_BUCKETS } from './bucket-store.js';
import { pathStream, uniform01 } from '../random/path-stream.js';
import { sampleLognormal } from '../random/distributions.js';

describe(ExactSum.name, () => {
  // Cases from CPython's test_math.testFsum: exact sums that naive summation gets wrong.
  it.each([
    [[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 1.0],
    [[1, 1e100, 1, -1e100], 2],
    [[2 ** 53, -0.5, -(2 ** -54)], 2 ** 53 - 1],
    [[2 ** 53, 1.0, 2 ** -100], 2 ** 53 + 2],
    [[2 ** 53 + 10, 1.0, 2 ** -100], 2 ** 53 + 12],
    [[2 ** 53 - 4, 0.5, 2 ** -54], 2 ** 53 - 3],
    [[2 ** 53, 1.0], 2 ** 53], // a tie rounds to even
    [[1e16, 1, 1e-16], 10000000000000002],
    [[], 0],
  ])('fsum(%j) = %d', (values, expected) => {
    expect(exactSum(values)).toBe(expected);
  });

  it('gives the same bits in any order and any split', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.nat(), (xs, cut) => {
        const k = cut % (xs.length + 1);
        const whole = exactSum(xs);
        expect(exactSum([...xs].reverse())).toBe(whole);
        const a = new ExactSum();
        const b = new ExactSum();
        xs.slice(0, k).forEach((x) => a.add(x));
        xs.slice(k).forEach((x) => b.add(x));
        b.merge(a);
        expect(b.value()).toBe(whole);
      }),
    );
  });

  it('addAll gives the bits of adding one by one: value, mean, signed zeros, subnormals, huge and special values', () => {
    const awkward = fc.oneof(
      fc.double({ min: -1e300, max: 1e300 }),
      fc.double({ min: -1e-300, max: 1e-300 }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      fc.constantFrom(0, -0, 5e-324, -5e-324, 2 ** -1022, 2 ** 876, -(2 ** 877), 2 ** 900, 1e300, 0.1, -0.1, Infinity, -Infinity, NaN),
    );
    fc.assert(
      fc.property(fc.array(awkward, { maxLength: 8 }), fc.array(awkward, { maxLength: 80 }), (before, xs) => {
        const one = new ExactSum();
        const all = new ExactSum();
        before.forEach((x) => (one.add(x), all.add(x)));
        xs.forEach((x) => one.add(x));
        all.addAll(Float64Array.from([7, ...xs, 7]), 1, xs.length + 1);
        expect(Object.is(all.value(), one.value())).toBe(true);
        const n = before.length + xs.length;
        if (n > 0) expect(Object.is(exactMean(all, n), exactMean(one, n))).toBe(true);
      }),
      { numRuns: 3000, seed: 1130 },
    );
    // Several blocks of the extraction (126 values each) with zero, cancelling, subnormal-only or
    // widely spread ones; near-equal values whose remainders need more than one level.
    const spread = fc.oneof(
      awkward,
      fc.integer({ min: -1074, max: 999 }).map((e) => 2 ** e * 1.2345678901234567),
      fc.constantFrom(-0, 0, 1 + 2 ** -52, -(1 + 2 ** -51), 3 * 2 ** -1074),
    );
    fc.assert(
      fc.property(fc.array(spread, { maxLength: 500 }), fc.nat(3), (xs, pattern) => {
        const values = pattern === 0 ? xs : pattern === 1 ? xs.map((x) => x * 2 ** -1070) : pattern === 2 ? [...xs, ...xs.map((x) => -x)] : xs.map(() => -0);
        const one = new ExactSum();
        values.forEach((x) => one.add(x));
        const all = new ExactSum();
        all.addAll(Float64Array.from(values), 0, values.length);
        expect(Object.is(all.value(), one.value())).toBe(true);
        if (values.length > 0) expect(Object.is(exactMean(all, values.length), exactMean(one, values.length))).toBe(true);
      }),
      { numRuns: 400, seed: 1201 },
    );
    // zeros alone, and a long run of values
    for (const xs of [[-0, -0], [-0, 0], [0], [1, -1], [-0, 1, -1]]) {
      const one = new ExactSum();
      xs.forEach((x) => one.add(x));
      const all = new ExactSum();
      all.addAll(Float64Array.from(xs), 0, xs.length);
      expect(Object.is(all.value(), one.value())).toBe(true);
    }
    const many = Float64Array.from({ length: 2 ** 19 + 5 }, (_, i) => (i % 3 === 0 ? -1 : 1) * (2 ** 52 + i) * 2 ** (i % 200));
    const one = new ExactSum();
    many.forEach((x) => one.add(x));
    const all = new ExactSum();
    all.addAll(many, 0, many.length);
    expect(all.value()).toBe(one.value());
    expect(exactMean(all, many.length)).toBe(exactMean(one, many.length));
  });

  /** Rump-Ogita-Oishi extraction of one block (0 < largest < 2^1000), one pass per level, as addAll did before. */
  const levelByLevel = (sum: ExactSum, xs: readonly number[]) => {
    let largest = Math.max(...xs.map(Math.abs));
    let source = xs;
    let added = false;
    while (largest > 0) {
      let power = 2 ** Math.floor(Math.log2(largest));
      while (power > largest) power /= 2;
      while (power <= largest) power *= 2;
      const sigma = 2 ** 7 * power;
      let total = 0;
      largest = 0;
      const remainders = source.map((x) => {
        const q = sigma + x - sigma;
        total += q;
        largest = Math.max(largest, Math.abs(x - q));
        return x - q;
      });
      if (total !== 0) {
        sum.add(total);
        added = true;
      }
      source = remainders;
    }
    if (!added) sum.add(0);
  };
  const partialBits = (s: ExactSum) => s.partials.map((x) => (Object.is(x, -0) ? '-0' : String(x)));
  // A block's magnitudes lie within 2^spread of 2^top, mantissas cut to some bits: two levels
  // with a whole second one, more levels, tiny and subnormal blocks (no fused level), signed zeros.
  const block = fc
    .tuple(
      fc.integer({ min: -1074, max: 998 }),
      fc.integer({ min: 0, max: 140 }),
      fc.array(fc.tuple(fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }), fc.nat(), fc.integer({ min: 0, max: 52 }), fc.nat(9)), { minLength: 1, maxLength: 126 }),
    )
    .map(([top, spread, parts]) =>
      parts.map(([m, drop, kept, kind]) => (kind === 0 ? 0 : kind === 1 ? -0 : (kind < 6 ? 1 : -1) * (Math.round(m * 2 ** kept) / 2 ** kept) * 2 ** (top - (drop % (spread + 1))))),
    )
    .filter((xs) => xs.some((x) => x !== 0));

  it("addAll's blocks leave the partials of extracting level by level (the second level is fused into the first)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e20, max: 1e20, noNaN: true }), { maxLength: 4 }), block, (before, xs) => {
        const fused = new ExactSum(before);
        const reference = new ExactSum(before);
        fused.addAll(Float64Array.from(xs), 0, xs.length);
        levelByLevel(reference, xs);
        expect(partialBits(fused)).toEqual(partialBits(reference));
      }),
      { numRuns: 5000, seed: 1202 },
    );
  });

  it('addAllWithLargest leaves the same partials given a lower bound on the magnitudes (two levels in one pass within ~2^37)', () => {
    // Blocks whose smallest magnitudes lie about where the one-pass bound falls: the largest is
    // m 2^top, so the second level's bound is 2^(top - 37); full mantissas of either sign around it.
    const nearBound = fc
      .tuple(
        fc.integer({ min: -800, max: 998 }),
        fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }), fc.integer({ min: -3, max: 2 }), fc.boolean()), { minLength: 1, maxLength: 125 }),
        fc.boolean(),
      )
      .map(([top, m, parts, negative]) => [(negative ? -m : m) * 2 ** top, ...parts.map(([mm, d, minus]) => (minus ? -mm : mm) * 2 ** (top - 37 + d))]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e20, max: 1e20, noNaN: true }), { maxLength: 4 }), fc.oneof(block, nearBound), fc.nat(3), (before, xs, shrink) => {
        const largest = Math.max(...xs.map(Math.abs));
        const smallest = Math.min(...xs.map(Math.abs));
        const given = new ExactSum(before);
        const reference = new ExactSum(before);
        // the smallest magnitude itself, or a lower bound below it (a power of two or a fraction)
        given.addAllWithLargest(Float64Array.from(xs), 0, xs.length, largest, [smallest, smallest / 2, smallest * (1 - 2 ** -52), smallest === 0 ? 0 : 2 ** (Math.floor(Math.log2(smallest)) - 1)][shrink]!);
        levelByLevel(reference, xs);
        expect(partialBits(given)).toEqual(partialBits(reference));
      }),
      { numRuns: 10000, seed: 1203 },
    );
  });

  it('addRepeated gives the bits of adding n copies one by one, after any partials', () => {
    const value = fc.oneof(
      fc.double({ min: -1e300, max: 1e300 }),
      fc.double({ min: -1e-300, max: 1e-300 }),
      fc.integer({ min: 1, max: 2 ** 52 }).map((m) => m * 2 ** -30),
      fc.constantFrom(0, -0, 5e-324, 2 ** -900, -(2 ** -899), 2 ** 900, -(2 ** 899), 1e300, 0.1, Infinity, -Infinity, NaN),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), value, fc.integer({ min: 1, max: 3000 }), (before, x, n) => {
        const one = new ExactSum();
        const times = new ExactSum();
        before.forEach((b) => (one.add(b), times.add(b)));
        for (let i = 0; i < n; i++) one.add(x);
        times.addRepeated(x, n);
        expect(Object.is(times.value(), one.value())).toBe(true);
        expect(Object.is(exactMean(times, before.length + n), exactMean(one, before.length + n))).toBe(true);
      }),
      { numRuns: 2000, seed: 2131 },
    );
  });

  it('keeps infinities apart and reports them', () => {
    expect(exactSum([1, Infinity, 2])).toBe(Infinity);
    expect(exactSum([Infinity, -Infinity])).toBeNaN();
  });

  it('gives n copies of x the mean x', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: 1, max: 5000 }), (x, n) => {
        const s = new ExactSum();
        for (let i = 0; i < n; i++) s.add(x);
        expect(exactMean(s, n)).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 200 },
    );
  });
});

describe(quantileSorted.name, () => {
  it('matches numpy linear quantiles worked by hand', () => {
    // numpy.quantile([3.5,-1.25,7,0.1,2.2,9.75,-4,3.5,0,12.125,5.5], [.05,.25,.5,.75,.95]):
    // sorted, h = 10 q: -4 + 0.5*2.75, 0 + 0.5*0.1, 3.5, 5.5 + 0.5*1.5, 9.75 + 0.5*2.375
    const sorted = [3.5, -1.25, 7.0, 0.1, 2.2, 9.75, -4.0, 3.5, 0.0, 12.125, 5.5].sort((a, b) => a - b);
    expect(QUANTILE_LEVELS.map((q) => quantileSorted(sorted, q))).toEqual([-2.625, 0.05, 3.5, 6.25, 10.9375]);
    // 0..n-1: the q-quantile is q (n - 1)
    const ramp = Array.from({ length: 101 }, (_, i) => i);
    expect(QUANTILE_LEVELS.map((q) => quantileSorted(ramp, q))).toEqual([5, 25, 50, 75, 95]);
    expect(quantileSorted([7], 0.95)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('interpolates like numpy _lerp, exact at both ends', () => {
    expect(lerp(1, 3, 0)).toBe(1);
    expect(lerp(1, 3, 1)).toBe(3);
    expect(lerp(0.1, 0.7, 0.75)).toBe(0.7 - (0.7 - 0.1) * 0.25);
  });
});

describe(CellSummary.name, () => {
  function exactQuantiles(xs: number[]): number[] {
    const sorted = [...xs].sort((a, b) => a - b);
    return QUANTILE_LEVELS.map((q) => quantileSorted(sorted, q));
  }

  function summaryOf(xs: readonly number[]): CellSummary {
    const c = new CellSummary();
    xs.forEach((x) => c.add(x));
    return c;
  }

  it(`keeps every quantile within ${RELATIVE_ACCURACY} relative of the exact one`, () => {
    const rng = pathStream(11, 0);
    for (const [label, draw] of [
      ['lognormal over decades', () => sampleLognormal(rng, 3, 2)],
      ['uniform prices', () => 1 + 99 * uniform01(rng)],
      ['negative costs', () => -sampleLognormal(rng, 50, 0.5)],
    ] as const) {
      const xs = Array.from({ length: 5000 }, draw);
      const approx = summaryOf(xs).quantiles(QUANTILE_LEVELS);
      const exact = exactQuantiles(xs);
      exact.forEach((e, i) => expect({ label, i, err: Math.abs(approx[i]! - e) / Math.abs(e) <= RELATIVE_ACCURACY }).toEqual({ label, i, err: true }));
    }
  });

  it('is exact for zeros, extremes, counts and means', () => {
    const xs = [0, 0, 0, 5, -2, 0, 1e6, 3];
    const c = summaryOf(xs);
    expect([c.count, c.min, c.max, c.zeros]).toEqual([8, -2, 1e6, 4]);
    expect(c.mean()).toBe(exactSum(xs) / 8);
    expect(c.quantiles([0, 0.25, 0.5, 1])).toEqual([-2, 0, 0, 1e6]);
  });

  it('takes -0 as below +0 for min, max and the quantiles clamped to them, whatever the order', () => {
    const signs = (xs: number[]) => xs.map((x) => (Object.is(x, -0) ? '-0' : String(x)));
    const answers = (c: CellSummary) => signs([c.min, c.max, ...c.quantiles(QUANTILE_LEVELS)]);
    const expected = ['-0', '0', '0', '0', '0', '0', '0'];
    for (const xs of [[0, -0], [-0, 0], [0, -0, 0, -0], [-0, -0, 0]]) {
      expect(answers(summaryOf(xs))).toEqual(expected);
      const all = new CellSummary();
      all.addAll(Float64Array.from(xs), 0, xs.length);
      expect(answers(all)).toEqual(expected);
      const repeated = new CellSummary();
      xs.forEach((x) => repeated.addRepeated(x, 2));
      expect(answers(repeated)).toEqual(expected);
      const merged = summaryOf(xs.slice(0, 1));
      merged.merge(summaryOf(xs.slice(1)));
      expect(answers(merged)).toEqual(expected);
    }
    const negative = summaryOf([-0, -0]);
    const positive = summaryOf([0, 0]);
    expect(signs([negative.min, negative.max, positive.min, positive.max])).toEqual(['-0', '-0', '0', '0']);
  });

  it('is a function of the multiset: any order and any merge gives the same answers', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.nat(), (xs, cut) => {
        const k = cut % (xs.length + 1);
        const whole = summaryOf(xs);
        const merged = summaryOf(xs.slice(k).reverse());
        merged.merge(summaryOf(xs.slice(0, k)));
        expect(merged.quantiles(QUANTILE_LEVELS)).toEqual(whole.quantiles(QUANTILE_LEVELS));
        expect(merged.mean()).toBe(whole.mean());
        expect([merged.count, merged.min, merged.max]).toEqual([whole.count, whole.min, whole.max]);
      }),
      { numRuns: 200 },
    );
  });

  it('stays bounded in size, folding magnitudes far below the largest, in any order', () => {
    const rng = pathStream(12, 0);
    // 30 decades: wider than the store keeps
    const xs = Array.from({ length: 20_000 }, () => 10 ** (-20 + 30 * uniform01(rng)));
    const a = summaryOf(xs);
    const b = summaryOf([...xs].reverse());
    expect(a.positive.hi - a.positive.lo + 1).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(a.quantiles(QUANTILE_LEVELS)).toEqual(b.quantiles(QUANTILE_LEVELS));
    // quantiles within the kept range keep the relative bound
    const exact = exactQuantiles(xs);
    const approx = a.quantiles(QUANTILE_LEVELS);
    exact.forEach((e, i) => {
      if (e >= a.max / DYNAMIC_RANGE) expect(Math.abs(approx[i]! - e) / e).toBeLessThanOrEqual(RELATIVE_ACCURACY);
      else expect(Math.abs(approx[i]! - e)).toBeLessThanOrEqual((a.max / DYNAMIC_RANGE) * 1.02);
    });
  });
});

describe('CellSummary.addAll and addRepeated', () => {
  /** Everything the chunk codec writes of a cell, bits included. */
  function state(c: CellSummary): unknown[] {
    const store = (s: CellSummary['positive']) => (s.empty ? [] : [s.lo, ...Array.from({ length: s.hi - s.lo + 1 }, (_, k) => s.get(s.lo + k))]);
    const bits = (x: number) => (Object.is(x, -0) ? '-0' : String(x));
    return [c.count, bits(c.min), bits(c.max), c.zeros, c.posInf, c.negInf, c.sum.hasSpecial, bits(c.sum.special), c.sum.partials.map(bits), store(c.positive), store(c.negative)];
  }

  it('leaves what addAll over n copies leaves: partials, buckets (folds too), signed zeros, subnormals, huge and infinite values', () => {
    const value = fc.oneof(
      fc.double({ min: -1e300, max: 1e300, noNaN: true }),
      fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
      fc.integer({ min: 1, max: 2 ** 52 }).map((m) => m * 2 ** -30),
      fc.constantFrom(0, -0, 5e-324, -5e-324, 1e-301, 2 ** -1022, 2 ** 999, 2 ** 1000, -1e308, 0.1, -0.1, 1e-30, 1e30, Infinity, -Infinity),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), value, fc.integer({ min: 1, max: 300 }), (before, x, n) => {
        const all = new CellSummary();
        const repeated = new CellSummary();
        if (before.length > 0) {
          all.addAll(Float64Array.from(before), 0, before.length);
          repeated.addAll(Float64Array.from(before), 0, before.length);
        }
        all.addAll(new Float64Array(n).fill(x), 0, n);
        repeated.addRepeated(x, n);
        expect(state(repeated)).toEqual(state(all));
      }),
      { numRuns: 3000, seed: 3301 },
    );
  });

  it('addAll leaves what adding one by one leaves, partials included (the block largest is passed in)', () => {
    const value = fc.oneof(
      fc.double({ min: -1e300, max: 1e300, noNaN: true }),
      fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
      fc.constantFrom(0, -0, 5e-324, 2 ** 1000, -(2 ** 1001), 1e-30, 1e30, 7, Infinity, -Infinity),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), fc.array(value, { maxLength: 140 }), (before, xs) => {
        const all = new CellSummary();
        const expected = new CellSummary();
        for (const c of [all, expected]) if (before.length > 0) c.addAll(Float64Array.from(before), 0, before.length);
        all.addAll(Float64Array.from([1, ...xs, 2]), 1, xs.length + 1);
        // The partials of ExactSum.addAll (which finds the largest itself), the rest one by one.
        const sum = new ExactSum();
        sum.copyFrom(expected.sum);
        sum.addAll(Float64Array.from(xs), 0, xs.length);
        xs.forEach((x) => expected.add(x));
        expected.sum.copyFrom(sum);
        expect(state(all)).toEqual(state(expected));
      }),
      { numRuns: 2000, seed: 3302 },
    );
  });

  it('addAll of one-sign batches, within ~2^37 or wider (the exact sum told the smallest magnitude), leaves the partials of ExactSum.addAll', () => {
    const batch = fc
      .tuple(
        fc.integer({ min: -1000, max: 990 }),
        fc.integer({ min: 0, max: 45 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }), fc.nat()), { minLength: 1, maxLength: 64 }),
      )
      .map(([top, spread, negative, parts]) => parts.map(([m, drop]) => (negative ? -m : m) * 2 ** (top - (drop % (spread + 1)))));
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e20, max: 1e20, noNaN: true }), { maxLength: 4 }), batch, (before, xs) => {
        const all = new CellSummary();
        const sum = new ExactSum(before);
        all.sum.copyFrom(sum);
        all.addAll(Float64Array.from(xs), 0, xs.length);
        sum.addAll(Float64Array.from(xs), 0, xs.length);
        expect(all.sum.partials.map(String)).toEqual(sum.partials.map(String));
      }),
      { numRuns: 5000, seed: 3303 },
    );
  });
});

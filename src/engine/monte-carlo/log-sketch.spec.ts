import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MAX_BUCKETS, NARROW_LIMIT } from './bucket-store.js';
import { ExactSum } from './exact-sum.js';
import { QUANTILE_LEVELS, quantileByRank } from './quantiles.js';
import { bucketOf, bucketValue, CellSummary, DYNAMIC_RANGE, HIGHEST_BUCKET, LOWEST_BUCKET, RELATIVE_ACCURACY, sideBySide, ZERO_THRESHOLD } from './log-sketch.js';

/** The double next below or above a positive finite x (its bits as an integer, moved by one). */
function nextTo(x: number, step: -1 | 1): number {
  const bits = new BigInt64Array(Float64Array.of(x).buffer);
  bits[0]! += BigInt(step);
  return new Float64Array(bits.buffer)[0]!;
}

/**
 * addAllIn over xs in sideBySide (where a batch flush gathers a cell's values, and addOneSign reads
 * them without a copy) when they fit, with the lowest and highest addAll's pass finds (of zeros of
 * both signs the first).
 */
function addSideBySide(cell: CellSummary, xs: readonly number[]): void {
  const values = xs.length <= sideBySide.values.length ? sideBySide.values : new Float64Array(xs.length);
  values.set(xs);
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  cell.addAllIn(values, 0, xs.length, lo, hi);
}

/** Lower end of a bucket: 2^e (1 + k/128), the definition the index is read from. */
const edge = (e: number, k: number): number => 2 ** e * (1 + k / 128);

/** Magnitudes with the awkward cases weighted in: bucket edges and their neighbours, extremes, subnormals. */
const magnitude = fc.oneof(
  fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }),
  fc.double({ min: 0, max: 1e-290, noNaN: true }),
  fc.integer({ min: -1074, max: 1023 }).map((e) => 2 ** e),
  fc.tuple(fc.integer({ min: -996, max: 1023 }), fc.integer({ min: 0, max: 127 }), fc.constantFrom(-1, 0, 1) as fc.Arbitrary<-1 | 0 | 1>).map(([e, k, step]) => {
    const x = edge(e, k);
    return step === 0 ? x : nextTo(x, step);
  }),
  fc.nat(1 << 20).map((k) => nextTo(Number.MAX_VALUE, -1) - k * 2 ** 971),
  fc.constantFrom(ZERO_THRESHOLD, nextTo(ZERO_THRESHOLD, -1), nextTo(ZERO_THRESHOLD, 1), Number.MAX_VALUE, Number.MIN_VALUE, 2 ** -1022, nextTo(2 ** -1022, -1), 1, nextTo(1, -1)),
);

describe('bucketOf and bucketValue', () => {
  it(`put every magnitude in [${ZERO_THRESHOLD}, MAX_VALUE] within ${RELATIVE_ACCURACY} relative of its bucket's value, either sign; smaller ones count as zeros`, () => {
    fc.assert(
      fc.property(magnitude, (x) => {
        if (x < ZERO_THRESHOLD) {
          const cell = new CellSummary();
          cell.addAll(Float64Array.of(x, -x), 0, 2);
          cell.addRepeated(x, 3);
          expect([cell.zeros, cell.positive.empty, cell.negative.empty]).toEqual([5, true, true]);
          return;
        }
        const index = bucketOf(x);
        const error = Math.abs(bucketValue(index) - x) / x;
        // one check a case (expect per case makes 20,000 runs slow)
        if (!(bucketOf(-x) === index && LOWEST_BUCKET <= index && index <= HIGHEST_BUCKET && error <= RELATIVE_ACCURACY)) {
          throw new Error(`x = ${x}: bucket ${index} (of -x ${bucketOf(-x)}), relative error ${error}`);
        }
      }),
      { numRuns: 20_000, seed: 4101 },
    );
  });

  it('is monotone in the magnitude', () => {
    fc.assert(
      fc.property(magnitude, magnitude, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        if (lo >= ZERO_THRESHOLD && bucketOf(lo) > bucketOf(hi)) throw new Error(`bucketOf(${lo}) > bucketOf(${hi})`);
      }),
      { numRuns: 20_000, seed: 4102 },
    );
  });

  it('indexes [2^e (1 + k/128), 2^e (1 + (k + 1)/128)) as 128 e + k, with values strictly inside and increasing', () => {
    for (const e of [-996, -997, -1, 0, 1, 52, 1022, 1023]) {
      for (let k = 0; k < 128; k++) {
        const lower = edge(e, k);
        if (lower < ZERO_THRESHOLD) continue;
        const index = 128 * e + k;
        expect([bucketOf(lower), bucketOf(nextTo(lower, 1))]).toEqual([index, index]);
        expect(bucketOf(nextTo(lower, -1))).toBe(index - 1);
        const value = bucketValue(index);
        expect(value).toBeGreaterThan(lower);
        expect(value).toBeLessThan(k === 127 ? 2 ** (e + 1) : edge(e, k + 1));
        expect(value).toBeGreaterThan(bucketValue(index - 1));
        // 2lu/(l + u) for u = l (1 + 1/N): within 1/257 of both ends
        expect(Math.abs(value / lower - 1)).toBeLessThanOrEqual(1 / (2 * (128 + k) + 1) + 1e-15);
      }
    }
    expect([bucketOf(1), bucketOf(2), bucketOf(0.5), bucketOf(1.5)]).toEqual([0, 128, -128, 64]);
    expect([LOWEST_BUCKET, HIGHEST_BUCKET]).toEqual([bucketOf(1e-300), 128 * 1024 - 1]);
    expect(Number.isFinite(bucketValue(HIGHEST_BUCKET))).toBe(true);
    expect(bucketValue(HIGHEST_BUCKET)).toBeLessThanOrEqual(Number.MAX_VALUE);
  });

  it(`keeps the bound for magnitudes down to the largest / DYNAMIC_RANGE (${DYNAMIC_RANGE.toPrecision(3)}), in any order`, () => {
    expect(MAX_BUCKETS % 128).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 1e-200, max: 1e200, noNaN: true }), fc.double({ min: 1, max: 1.01, noNaN: true }), fc.boolean(), (largest, above, negative) => {
        const sign = negative ? -1 : 1;
        const small = (largest / DYNAMIC_RANGE) * above;
        // p25 and p75 read the small and the largest values' buckets (ranks 1 and 3 of 5)
        for (const xs of [[small, small, small, largest, largest], [largest, largest, small, small, small]]) {
          const cell = new CellSummary();
          cell.addAll(Float64Array.from(xs, (x) => sign * x), 0, xs.length);
          const [p25, p75] = cell.quantiles([0.25, 0.75]).map(Math.abs);
          expect(Math.abs((negative ? p75! : p25!) - small) / small).toBeLessThanOrEqual(RELATIVE_ACCURACY);
          expect(Math.abs((negative ? p25! : p75!) - largest) / largest).toBeLessThanOrEqual(RELATIVE_ACCURACY);
        }
      }),
      { numRuns: 2000, seed: 4103 },
    );
    // The largest in bucket 4095 keeps bucket 0 ([1, 1 + 2^-7)); 2^-33 folds into it, 2^32 would fold 1 too.
    const cell = new CellSummary();
    cell.addAll(Float64Array.of(1, 1, 2 ** -33, nextTo(2 ** 32, -1), nextTo(2 ** 32, -1)), 0, 5);
    expect([cell.positive.lo, cell.positive.hi, cell.positive.get(0)]).toEqual([0, MAX_BUCKETS - 1, 3]);
    expect(cell.quantiles([0.25])).toEqual([bucketValue(0)]);
    cell.add(2 ** 32);
    expect([cell.positive.lo, cell.positive.get(1)]).toEqual([1, 3]);
  });
});

describe('CellSummary.addAll', () => {
  /** Each store's lo, hi and counts, and the rest of the cell but the sum. */
  const state = (cell: CellSummary) => {
    const counts = (store: CellSummary['positive']) => Array.from({ length: Math.max(0, store.hi - store.lo + 1) }, (_, k) => store.get(store.lo + k));
    return { ...cell, sum: undefined, zeroSigns: [Object.is(cell.min, -0), Object.is(cell.max, -0)], positive: [cell.positive.lo, cell.positive.hi, counts(cell.positive)], negative: [cell.negative.lo, cell.negative.hi, counts(cell.negative)] };
  };

  it('counts every bucket as store.add does one value at a time, for batches of one sign (the fast path) or mixed, read from inside a larger array', () => {
    fc.assert(
      fc.property(
        // narrow batches fit MAX_BUCKETS (counted in one pass), wide ones mostly fold
        fc.oneof(
          fc.array(fc.tuple(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 40 }),
          fc.array(fc.tuple(magnitude, fc.boolean()), { minLength: 1, maxLength: 40 }),
        ),
        fc.constantFrom('positive', 'negative', 'mixed'),
        fc.nat(3),
        fc.nat(3),
        (draws, signs, skip, from) => {
          const xs = draws.map(([m, negative]) => (signs === 'positive' ? m : signs === 'negative' ? -m : negative ? -m : m));
          if (signs !== 'mixed' && xs.some((x) => Math.abs(x) < ZERO_THRESHOLD)) return;
          // values at an offset inside a subarray of a larger buffer: the words must be those of the values
          const buffer = new Float64Array(skip + from + xs.length + 2).fill(-7);
          const values = buffer.subarray(skip);
          values.set(xs, from);
          const cell = new CellSummary();
          cell.addAll(values, from, from + xs.length);
          const expected = new CellSummary();
          expected.count = xs.length;
          for (const x of xs) {
            expected.widen(x, x);
            if (Math.abs(x) < ZERO_THRESHOLD) expected.zeros++;
            else (x > 0 ? expected.positive : expected.negative).add(bucketOf(x));
          }
          // one check a case (expect per case makes many runs slow)
          if (JSON.stringify(state(cell)) !== JSON.stringify(state(expected))) expect(state(cell)).toEqual(state(expected));
          // the same values as a batch flush hands them on, sum included
          const gathered = new CellSummary();
          addSideBySide(gathered, xs);
          if (JSON.stringify([state(gathered), gathered.sum.partials]) !== JSON.stringify([state(cell), cell.sum.partials])) {
            expect([state(gathered), gathered.sum.partials]).toEqual([state(cell), cell.sum.partials]);
          }
        },
      ),
      { numRuns: 2000, seed: 4104 },
    );
  });
});

describe('CellSummary.addAll of one-sign batches', () => {
  /** The cell's partials (bits), count, extremes and each store's lo, hi and counts. */
  const state = (cell: CellSummary) => {
    const counts = (store: CellSummary['positive']) => [store.lo, store.hi, store.wide, ...Array.from({ length: Math.max(0, store.hi - store.lo + 1) }, (_, k) => store.get(store.lo + k))];
    return JSON.stringify([cell.sum.partials.map((x) => (Object.is(x, -0) ? '-0' : String(x))), cell.count, cell.min, cell.max, counts(cell.positive), counts(cell.negative)]);
  };

  /**
   * Adds each batch with addAll, and to a reference cell by ExactSum.addAll and a store add a value;
   * and with addAllIn from sideBySide.
   */
  function compare(batches: number[][]): void {
    const cell = new CellSummary();
    const expected = new CellSummary();
    const gathered = new CellSummary();
    const sum = new ExactSum();
    for (const xs of batches) {
      addSideBySide(gathered, xs);
      // at an offset in a larger array, odd and even lengths
      const values = new Float64Array(xs.length + 3).fill(3);
      values.set(xs, 1);
      cell.addAll(values, 1, xs.length + 1);
      sum.addAll(Float64Array.from(xs), 0, xs.length);
      expected.count += xs.length;
      for (const x of xs) {
        expected.widen(x, x);
        (x > 0 ? expected.positive : expected.negative).add(bucketOf(x));
      }
    }
    expected.sum.copyFrom(sum);
    if (state(cell) !== state(expected)) expect(state(cell)).toEqual(state(expected));
    if (state(gathered) !== state(expected)) expect(state(gathered)).toEqual(state(expected));
  }

  it('leave the partials and counts of a sum and a store taking them one by one (one pass for both within ~2^37)', () => {
    const batch = fc
      .tuple(
        fc.integer({ min: -60, max: 60 }),
        fc.integer({ min: 0, max: 45 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }), fc.nat()), { minLength: 1, maxLength: 70 }),
      )
      .map(([top, spread, negative, parts]) => parts.map(([m, drop]) => (negative ? -m : m) * 2 ** (top - (drop % (spread + 1)))));
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 8 }), compare),
      { numRuns: 3000, seed: 4105 },
    );
  });

  it('do so in stores that go wide on the way', () => {
    const batches = Array.from({ length: Math.ceil((NARROW_LIMIT + 200) / 63) }, (_, b) => Array.from({ length: 63 }, (_, k) => -(1 + ((b * 63 + k) % 97) / 50) * 2 ** ((b % 5) - 2)));
    compare(batches);
  });
});

describe('CellSummary.quantiles', () => {
  /** The quantiles by a ladder of every step (value, cumulative count) and a binary search a rank. */
  function byLadder(cell: CellSummary, levels: readonly number[]): number[] {
    const steps: { value: number; cumulative: number }[] = [];
    let cumulative = 0;
    const push = (value: number, n: number) => {
      if (n > 0) steps.push({ value, cumulative: (cumulative += n) });
    };
    push(-Infinity, cell.negInf);
    for (let i = cell.negative.hi; i >= cell.negative.lo; i--) push(-bucketValue(i), cell.negative.get(i));
    push(0, cell.zeros);
    for (let i = cell.positive.lo; i <= cell.positive.hi; i++) push(bucketValue(i), cell.positive.get(i));
    push(Infinity, cell.posInf);
    const valueAt = (rank: number): number => {
      if (rank === 0) return cell.min;
      if (rank === cell.count - 1) return cell.max;
      const step = steps.find((s) => s.cumulative > rank)!;
      return Math.min(cell.max, Math.max(cell.min, step.value));
    };
    return levels.map((q) => quantileByRank(cell.count, q, valueAt));
  }

  it("give the ladder's values at every level, bits included (signed zeros, infinities, folded stores, a rank read twice)", () => {
    const value = fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      magnitude,
      magnitude.map((x) => -x),
      fc.constantFrom(0, -0, Infinity, -Infinity, 1e-301, -1e-301, 7, -7),
    );
    const levels = fc.oneof(
      fc.constant([...QUANTILE_LEVELS]),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }).map((qs) => qs.sort((a, b) => a - b)),
      fc.constant([0, 0.5, 0.5, 1]),
    );
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 30 }), { maxLength: 4 }), fc.nat(40), value, levels, (batches, repeats, x, qs) => {
        const cell = new CellSummary();
        for (const xs of batches) if (xs.length > 0) cell.addAll(Float64Array.from(xs), 0, xs.length);
        if (repeats > 0) cell.addRepeated(x, repeats);
        const bits = (ys: number[]) => ys.map((y) => (Object.is(y, -0) ? '-0' : String(y))).join();
        if (bits(cell.quantiles(qs)) !== bits(byLadder(cell, qs))) expect(bits(cell.quantiles(qs))).toBe(bits(byLadder(cell, qs)));
      }),
      { numRuns: 3000, seed: 4106 },
    );
  });
});

/**
 * The mergeable summary of one (series, period) cell beyond the exact-quantile limit
 * (MODEL.md section 8): count, exact sum, exact min and max, and a log-bucket histogram read
 * from the float's bits (no logarithm): a magnitude's bucket is its exponent and the top
 * MANTISSA_BITS (7) bits of its significand, so bucket i holds [l, u) with u = l (1 + 1/N),
 * N = 128 + (i mod 128), 128 buckets an octave. Counts add, so the summary is a deterministic
 * function of the multiset of values, whatever the chunking.
 *
 * Error: ranks are exact; a bucket's representative 2lu/(l + u) is within (u - l)/(u + l) <= 1/257
 * (plus two roundings) of all it holds, so a quantile's value is within a relative
 * RELATIVE_ACCURACY (0.39%) of the exact numpy 'linear' quantile when its two neighbouring order
 * statistics share a sign (and within RELATIVE_ACCURACY x the larger of their magnitudes
 * otherwise), for magnitudes at least the cell's largest of that sign / DYNAMIC_RANGE (~4.3e9);
 * smaller ones read as that floor's bucket (absolute error below 2.4e-10 x the largest). Min and
 * max are exact. Magnitudes below ZERO_THRESHOLD (subnormals included) count as zeros.
 */
import { addLevelTotals, ExactSum, exactMean, SUM_BLOCK, twoLevelSigma } from './exact-sum.js';
import { quantileByRank, ranksRead } from './quantiles.js';
import { BucketStore, MAX_BUCKETS } from './bucket-store.js';
import * as bucketIndex from './bucket-index.js';

export { bucketOf, bucketValue, float64Words, HIGH, HIGHEST_BUCKET, LOWEST_BUCKET, ZERO_THRESHOLD } from './bucket-index.js';

// Module-level copies: under tsx every read of an imported binding is a getter call.
const { BIAS, bucketOf, bucketValue, float64Words, HIGH, HIGHEST_BUCKET, LOWEST_BUCKET, PER_OCTAVE, SHIFT, ZERO_THRESHOLD } = bucketIndex;

/**
 * Bound on the relative error of a bucket's representative: 1/(2^(MANTISSA_BITS+1) + 1) = 1/257
 * ~ 0.003891, rounded up past the representative's two roundings.
 */
export const RELATIVE_ACCURACY = 0.0039;
/**
 * Lowest magnitude, relative to the largest, that keeps the relative bound: the lowest kept
 * bucket starts MAX_BUCKETS / 128 octaves below the end of the highest, which is at most
 * (1 + 2^-7) x the largest.
 */
export const DYNAMIC_RANGE = 2 ** (MAX_BUCKETS / PER_OCTAVE) / (1 + 1 / PER_OCTAVE);

/**
 * Min and max with -0 below +0: comparisons alone keep whichever zero came first, and the summary
 * must not depend on the order of its values (a quantile is clamped to them, so p50 of {0, -0} would).
 */
function lower(a: number, b: number): number {
  return b < a || (b === 0 && a === 0 && Object.is(b, -0)) ? b : a;
}

function higher(a: number, b: number): number {
  return b > a || (b === 0 && a === 0 && Object.is(a, -0)) ? b : a;
}

/** Whether values[from, to) holds a -0 (negative) or a +0. */
function hasZero(values: Float64Array, from: number, to: number, negative: boolean): boolean {
  for (let i = from; i < to; i++) if (values[i] === 0 && Object.is(values[i], -0) === negative) return true;
  return false;
}

/** Whether x goes in the positive store (or, positive false, the negative one). */
function inStore(x: number, positive: boolean): boolean {
  return positive ? x >= ZERO_THRESHOLD && x < Infinity : x <= -ZERO_THRESHOLD && x > -Infinity;
}

/** The last array addAll counted and its words (value i's high word at 2i + HIGH). */
let wordsOf: Float64Array | null = null;
let valueWords: Int32Array<ArrayBufferLike> = new Int32Array(0);

/** The words of `values` (value i's high word at 2i + HIGH). */
function wordsFor(values: Float64Array): Int32Array<ArrayBufferLike> {
  if (wordsOf !== values) {
    wordsOf = values;
    valueWords = float64Words(values);
  }
  return valueWords;
}

/**
 * Counts the bucket of each of values[from, to) going in store (the positive one or the negative),
 * n of them, whose lowest bucket is min and highest max: what store.add(bucketOf(x)) for each in
 * turn leaves. Unless mixed, all of them go in store. With the range reserved, the loop reads
 * words and counts (in 16 bits unless the store is wide, see BucketStore).
 */
function countBuckets(
  store: BucketStore,
  positive: boolean,
  values: Float64Array,
  from: number,
  to: number,
  min: number,
  max: number,
  mixed: boolean,
  n: number,
): void {
  if (!store.reserve(min, max, n)) {
    for (let i = from; i < to; i++) if (inStore(values[i]!, positive)) store.add(bucketOf(values[i]!));
    return;
  }
  countReserved(store, positive, values, from, to, mixed);
}

/** countBuckets once store.reserve has taken the values in. */
function countReserved(store: BucketStore, positive: boolean, values: Float64Array, from: number, to: number, mixed: boolean): void {
  const words = wordsFor(values);
  const base = BIAS + store.offset;
  if (store.wide) {
    const wide = store.wideCounts;
    for (let i = from; i < to; i++) {
      if (!mixed || inStore(values[i]!, positive)) wide[((words[2 * i + HIGH]! & 0x7fffffff) >> SHIFT) - base]!++;
    }
    return;
  }
  const counts = store.counts;
  if (!mixed) {
    for (let w = 2 * from + HIGH, end = 2 * to; w < end; w += 2) counts[((words[w]! & 0x7fffffff) >> SHIFT) - base]!++;
    return;
  }
  for (let i = from; i < to; i++) {
    if (inStore(values[i]!, positive)) counts[((words[2 * i + HIGH]! & 0x7fffffff) >> SHIFT) - base]!++;
  }
}

/**
 * A cell's values side by side for addOneSign's loop, with their words (value i's high word at
 * 2i + HIGH): at most SUM_BLOCK, the most that loop takes. Module-level and never replaced, so
 * optimised code folds both arrays in (see capacity/capacity-scratch.ts): an access is a bounds
 * check against a constant and a load, against ~10 instructions for an array passed in. The batch
 * flush gathers a cell's values here as it reads them (batch-pool.ts).
 */
const sideValues = new Float64Array(SUM_BLOCK);
export const sideBySide = { values: sideValues, words: float64Words(sideValues) };
const side = sideBySide;

/**
 * Adds values[from, from + n), of one sign, no zero or infinity among them (each goes in `store`,
 * the positive one or the negative), to sum and store: sum.addAllWithLargest(those values,
 * largest, smallest) and countBuckets over them.
 * When the sum takes them in two levels at once and the store counts in 16 bits, which is most
 * batches, one loop does both over the values in sideBySide (copied there unless they are): the
 * same float operations as the sum's own loop (see twoLevelSigma) but for the running sums, four
 * instead of two, which is the same total (each level's is exact in any order), and the same
 * counts.
 */
function addOneSign(sum: ExactSum, store: BucketStore, positive: boolean, values: Float64Array, from: number, n: number, min: number, max: number, largest: number, smallest: number): void {
  const sigma = twoLevelSigma(n, largest, smallest);
  const reserved = sigma !== 0 && store.reserve(min, max, n);
  if (!reserved || store.wide) {
    sum.addAllWithLargest(values, from, from + n, largest, smallest);
    if (reserved) countReserved(store, positive, values, from, from + n, false);
    else countBuckets(store, positive, values, from, from + n, min, max, false, n);
    return;
  }
  const x = side.values;
  if (values !== x || from !== 0) for (let i = 0; i < n; i++) x[i] = values[from + i]!;
  const w = side.words;
  const counts = store.counts;
  const base = BIAS + store.offset;
  const high = HIGH;
  let total0 = 0;
  let total1 = 0;
  let total2 = 0;
  let total3 = 0;
  let rest0 = 0;
  let rest1 = 0;
  let rest2 = 0;
  let rest3 = 0;
  // Four values a step, then one at a time.
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = x[i]!;
    const x1 = x[i + 1]!;
    const x2 = x[i + 2]!;
    const x3 = x[i + 3]!;
    const q0 = sigma + x0 - sigma;
    const q1 = sigma + x1 - sigma;
    const q2 = sigma + x2 - sigma;
    const q3 = sigma + x3 - sigma;
    total0 += q0;
    total1 += q1;
    total2 += q2;
    total3 += q3;
    rest0 += x0 - q0;
    rest1 += x1 - q1;
    rest2 += x2 - q2;
    rest3 += x3 - q3;
    counts[((w[2 * i + high]! & 0x7fffffff) >> SHIFT) - base]!++;
    counts[((w[2 * i + 2 + high]! & 0x7fffffff) >> SHIFT) - base]!++;
    counts[((w[2 * i + 4 + high]! & 0x7fffffff) >> SHIFT) - base]!++;
    counts[((w[2 * i + 6 + high]! & 0x7fffffff) >> SHIFT) - base]!++;
  }
  for (; i < n; i++) {
    const q = sigma + x[i]! - sigma;
    total0 += q;
    rest0 += x[i]! - q;
    counts[((w[2 * i + high]! & 0x7fffffff) >> SHIFT) - base]!++;
  }
  addLevelTotals(sum, total0 + total1 + (total2 + total3), rest0 + rest1 + (rest2 + rest3));
}

export class CellSummary {
  count = 0;
  min = Infinity;
  max = -Infinity;
  zeros = 0;
  readonly sum = new ExactSum();
  /** Bucket index -> count, for positive and (by magnitude) negative values. */
  readonly positive = new BucketStore();
  readonly negative = new BucketStore();
  /** +/-Infinity cannot go in a bucket; kept as counts at the ends. */
  posInf = 0;
  negInf = 0;

  add(x: number): void {
    this.addAll(Float64Array.of(x), 0, 1);
  }

  /**
   * Adds values[from, to), none NaN: the summary adding them one by one gives. A batch of one
   * sign without zeros or infinities (98% of the preset's) needs no more than its lowest and highest:
   * buckets are monotone in magnitude, so theirs bound the store's range.
   */
  addAll(values: Float64Array, from: number, to: number): void {
    if (from >= to) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    this.addAllIn(values, from, to, lo, hi);
  }

  /**
   * addAll of values[from, to) (none NaN, at least one) given
   * their lowest lo and highest hi as addAll's pass finds them (by < and >, so of zeros of both
   * signs the first): a caller that read the values already (the batch flush, gathering them) saves
   * that pass.
   */
  addAllIn(values: Float64Array, from: number, to: number, lo: number, hi: number): void {
    const n = to - from;
    this.count += n;
    // Values are not NaN, so the largest magnitude is that of the lowest or the highest, and
    // when both have one sign, the smallest is that of the other.
    const a = Math.abs(lo);
    const b = Math.abs(hi);
    const largest = Math.max(a, b);
    const smallest = lo > 0 || hi < 0 ? Math.min(a, b) : 0;
    if (lo >= ZERO_THRESHOLD && hi < Infinity) {
      this.widen(lo, hi);
      addOneSign(this.sum, this.positive, true, values, from, n, bucketOf(lo), bucketOf(hi), largest, smallest);
    } else if (hi <= -ZERO_THRESHOLD && lo > -Infinity) {
      this.widen(lo, hi);
      addOneSign(this.sum, this.negative, false, values, from, n, bucketOf(hi), bucketOf(lo), largest, smallest);
    } else {
      this.sum.addAllWithLargest(values, from, to, largest, smallest);
      this.addMixed(values, from, to, lo, hi);
    }
  }

  /** The rest of addAll for values of both signs, or with zeros or infinities, lowest lo and highest hi. */
  private addMixed(values: Float64Array, from: number, to: number, lo: number, hi: number): void {
    let nPositive = 0;
    let nNegative = 0;
    let positiveLo = HIGHEST_BUCKET;
    let positiveHi = LOWEST_BUCKET;
    let negativeLo = HIGHEST_BUCKET;
    let negativeHi = LOWEST_BUCKET;
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      if (x === Infinity) this.posInf++;
      else if (x === -Infinity) this.negInf++;
      else if (Math.abs(x) < ZERO_THRESHOLD) this.zeros++;
      else {
        const bucket = bucketOf(x);
        if (x > 0) {
          nPositive++;
          if (bucket < positiveLo) positiveLo = bucket;
          if (bucket > positiveHi) positiveHi = bucket;
        } else {
          nNegative++;
          if (bucket < negativeLo) negativeLo = bucket;
          if (bucket > negativeHi) negativeHi = bucket;
        }
      }
    }
    // -0 === 0, so addAll kept whichever zero came first: -0 is the lower and +0 the higher.
    if (lo === 0 && !Object.is(lo, -0) && hasZero(values, from, to, true)) lo = -0;
    if (hi === 0 && Object.is(hi, -0) && hasZero(values, from, to, false)) hi = 0;
    this.widen(lo, hi);
    if (nPositive > 0) countBuckets(this.positive, true, values, from, to, positiveLo, positiveHi, true, nPositive);
    if (nNegative > 0) countBuckets(this.negative, false, values, from, to, negativeLo, negativeHi, true, nNegative);
  }

  /**
   * Adds n copies of x (not NaN): what addAll over them leaves, partials included. Cells that see
   * one value in every path of a batch (deterministic parts of a model) are ~40% of all adds.
   */
  addRepeated(x: number, n: number): void {
    this.count += n;
    this.sum.addRepeated(x, n);
    this.widen(x, x);
    if (x === Infinity) this.posInf += n;
    else if (x === -Infinity) this.negInf += n;
    else if (Math.abs(x) < ZERO_THRESHOLD) this.zeros += n;
    else {
      // n adds at one index leave what one add of n leaves (a store's state is a function of the multiset).
      if (x > 0) this.positive.add(bucketOf(x), n);
      else this.negative.add(bucketOf(x), n);
    }
  }

  /** Takes in values whose lowest is lo and highest hi (-0 counts below +0, see lower). */
  widen(lo: number, hi: number): void {
    this.min = lower(this.min, lo);
    this.max = higher(this.max, hi);
  }

  merge(other: CellSummary): void {
    this.count += other.count;
    this.widen(other.min, other.max);
    this.zeros += other.zeros;
    this.posInf += other.posInf;
    this.negInf += other.negInf;
    this.sum.merge(other.sum);
    this.positive.merge(other.positive);
    this.negative.merge(other.negative);
  }

  clone(): CellSummary {
    const c = new CellSummary();
    c.merge(this);
    return c;
  }

  mean(): number {
    return exactMean(this.sum, this.count);
  }

  /**
   * Approximate numpy 'linear' quantiles at the given levels (ascending): the values at the ranks
   * they read, found in one walk up the steps (see valuesAt) instead of a ladder of every step.
   */
  quantiles(levels: readonly number[]): number[] {
    const n = this.count;
    if (n === 0) return levels.map(() => NaN);
    const ranks = ranksRead(n, levels);
    const values = this.valuesAt(ranks);
    const valueAt = (rank: number): number => values[ranks.indexOf(rank)]!;
    return levels.map((q) => quantileByRank(n, q, valueAt));
  }

  /**
   * The value of each rank (ascending, below count): min and max at the ends, else the value of the
   * step whose counts take the rank in, clamped to [min, max]. The steps, in ascending order, are
   * -Infinity, the negative buckets by magnitude down, zero, the positive buckets and Infinity,
   * each with its count (those of count 0 take no rank); the walk stops at the highest rank.
   */
  private valuesAt(ranks: readonly number[]): number[] {
    const values: number[] = [];
    const want = ranks.length;
    let cumulative = this.negInf;
    while (values.length < want && ranks[values.length]! < cumulative) values.push(-Infinity);
    const { negative, positive } = this;
    for (let i = negative.hi; i >= negative.lo && values.length < want; i--) {
      cumulative += negative.get(i);
      if (ranks[values.length]! >= cumulative) continue;
      const value = -bucketValue(i);
      while (values.length < want && ranks[values.length]! < cumulative) values.push(value);
    }
    cumulative += this.zeros;
    while (values.length < want && ranks[values.length]! < cumulative) values.push(0);
    for (let i = positive.lo; i <= positive.hi && values.length < want; i++) {
      cumulative += positive.get(i);
      if (ranks[values.length]! >= cumulative) continue;
      const value = bucketValue(i);
      while (values.length < want && ranks[values.length]! < cumulative) values.push(value);
    }
    cumulative += this.posInf;
    while (values.length < want && ranks[values.length]! < cumulative) values.push(Infinity);
    const last = this.count - 1;
    for (let k = 0; k < want; k++) {
      const rank = ranks[k]!;
      values[k] = rank === 0 ? this.min : rank === last ? this.max : Math.min(this.max, Math.max(this.min, values[k]!));
    }
    return values;
  }
}

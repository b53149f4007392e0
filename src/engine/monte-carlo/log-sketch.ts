/**
 * The mergeable summary of one (series, period) cell beyond the exact-quantile limit
 * (MODEL.md section 8): count, exact sum, exact min and max, and a DDSketch-style log-bucket
 * histogram. Bucket i holds |x| in (gamma^(i-1), gamma^i]; counts add, so the summary is a
 * deterministic function of the multiset of values, whatever the chunking.
 *
 * Error: ranks are exact; a quantile's value is within a relative RELATIVE_ACCURACY of the
 * exact numpy 'linear' quantile when its two neighbouring order statistics share a sign (and
 * within RELATIVE_ACCURACY x the larger of their magnitudes otherwise), for magnitudes within
 * a factor GAMMA^MAX_BUCKETS (~8e8) of the cell's largest of that sign; smaller ones read as
 * that floor (absolute error below 1.3e-9 x the largest). Min and max are exact.
 */
import { ExactSum, exactMean } from './exact-sum.js';
import { quantileByRank } from './quantiles.js';
import { BucketStore, MAX_BUCKETS } from './bucket-store.js';

/** alpha: bound on the relative error of a bucket's representative value. */
export const RELATIVE_ACCURACY = 0.005;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Magnitudes below this count as zero (far below any price, volume or share the model emits). */
export const ZERO_THRESHOLD = 1e-300;

/** Lowest magnitude, relative to the largest, that keeps the relative bound. */
export const DYNAMIC_RANGE = Math.exp((MAX_BUCKETS - 1) * Math.log((1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY)));

export function bucketOf(magnitude: number): number {
  return Math.ceil(Math.log(magnitude) / LOG_GAMMA);
}

/** The value standing for bucket i: 2 gamma^i / (gamma + 1), within alpha of all it holds. */
export function bucketValue(index: number): number {
  return (2 * Math.exp(index * LOG_GAMMA)) / (GAMMA + 1);
}

/** Bucket indices of the values addAll is adding, by sign (grown to the longest call). */
let positives = new Int32Array(64);
let negatives = new Int32Array(64);

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
  /** The last finite non-zero value added and its bucket: cells often see one value many times. */
  private lastValue = NaN;
  private lastBucket = 0;

  add(x: number): void {
    this.addAll(Float64Array.of(x), 0, 1);
  }

  /**
   * Adds values[from, to), none NaN: the summary adding them one by one gives. Bucket indices
   * are worked out first and counted after, each sign's store in one pass.
   */
  addAll(values: Float64Array, from: number, to: number): void {
    this.count += to - from;
    this.sum.addAll(values, from, to);
    if (positives.length < to - from) {
      positives = new Int32Array(to - from);
      negatives = new Int32Array(to - from);
    }
    let min = this.min;
    let max = this.max;
    let lastValue = this.lastValue;
    let lastBucket = this.lastBucket;
    let nPositive = 0;
    let nNegative = 0;
    for (let i = from; i < to; i++) {
      const x = values[i]!;
      if (x < min) min = x;
      if (x > max) max = x;
      if (x === Infinity) this.posInf++;
      else if (x === -Infinity) this.negInf++;
      else if (Math.abs(x) < ZERO_THRESHOLD) this.zeros++;
      else {
        if (x !== lastValue) {
          lastValue = x;
          lastBucket = bucketOf(Math.abs(x));
        }
        if (x > 0) positives[nPositive++] = lastBucket;
        else negatives[nNegative++] = lastBucket;
      }
    }
    this.min = min;
    this.max = max;
    this.lastValue = lastValue;
    this.lastBucket = lastBucket;
    this.positive.addIndices(positives, nPositive);
    this.negative.addIndices(negatives, nNegative);
  }

  merge(other: CellSummary): void {
    this.count += other.count;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
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

  /** Approximate numpy 'linear' quantiles at the given levels (ascending), one pass. */
  quantiles(levels: readonly number[]): number[] {
    const ladder = this.ladder();
    const valueAt = (rank: number): number => {
      if (rank === 0) return this.min;
      if (rank === this.count - 1) return this.max;
      // the first step whose cumulative count passes the rank
      let lo = 0;
      let hi = ladder.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ladder[mid]!.cumulative > rank) hi = mid;
        else lo = mid + 1;
      }
      return Math.min(this.max, Math.max(this.min, ladder[lo]!.value));
    };
    return levels.map((q) => quantileByRank(this.count, q, valueAt));
  }

  /** Values in ascending order with cumulative counts (end-exclusive). */
  private ladder(): { value: number; cumulative: number }[] {
    const steps: { value: number; cumulative: number }[] = [];
    let cumulative = 0;
    const push = (value: number, n: number) => {
      if (n > 0) steps.push({ value, cumulative: (cumulative += n) });
    };
    push(-Infinity, this.negInf);
    for (let i = this.negative.hi; i >= this.negative.lo; i--) push(-bucketValue(i), this.negative.get(i));
    push(0, this.zeros);
    for (let i = this.positive.lo; i <= this.positive.hi; i++) push(bucketValue(i), this.positive.get(i));
    push(Infinity, this.posInf);
    return steps;
  }
}

/**
 * Exact quantiles of a cell's values without sorting them all (MODEL.md section 7: numpy
 * 'linear' on the values in the order Float64Array.prototype.sort gives, -0 before +0).
 * The values go into m = n / 4 buckets by floor((x - min) m / (max - min)): a non-decreasing
 * function of x (IEEE subtraction, multiplication and floor are monotonic; -0 and +0 share a
 * bucket), so every bucket holds one stretch of the sorted order, from the count of values in the
 * buckets below. Only the buckets holding the order statistics a quantile needs are sorted, each on
 * its own, at its place in a scratch array: those places then hold what a full sort would.
 */
import { lerp, quantileSorted } from './quantiles.js';

/** Below this many values sorting them all is as fast. */
const SELECT_FROM = 64;

/**
 * Values per bucket on average (as a shift): 4 makes the counting and placing passes' bucket
 * arrays a quarter as long, and the ~10 buckets sorted stay a few values each (quantiles of
 * 25,799 synthetic cells of 1,000 values, floor by Math.floor: 1 a bucket 325 ms, 4 285, 8 320,
 * 16 370).
 */
const BUCKET_SHIFT = 2;

// scratch, grown to the largest cell seen
let bucketOfValue = new Int32Array(0);
let starts = new Int32Array(0);
let next = new Int32Array(0);
let placed = new Float64Array(0);
let wanted = new Int32Array(0);

/** The bucket whose stretch of the sorted order holds `rank` (binary search of the bucket starts). */
function bucketHolding(rank: number, buckets: number): number {
  let lo = 0;
  let hi = buckets - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid + 1]! > rank) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * True when `values` are already in the order TypedArray sort gives (ascending, -0 before +0):
 * series constant across paths, common in practice, then nothing to sort.
 */
function isSorted(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1]!;
    const b = values[i]!;
    if (a > b || (a === 0 && b === 0 && Object.is(b, -0) && Object.is(a, 0))) return false;
  }
  return true;
}

function holds(list: Int32Array, count: number, x: number): boolean {
  for (let i = 0; i < count; i++) if (list[i] === x) return true;
  return false;
}

/** Below this many values an insertion sort beats a sorted subarray view. */
const INSERTION_SORT_MAX = 16;

/** Sorts a[from, to) as TypedArray sort does (ascending, -0 before +0; no NaN here). */
function sortRange(a: Float64Array, from: number, to: number): void {
  if (to - from > INSERTION_SORT_MAX) {
    a.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= from && (a[j]! > x || (x === 0 && a[j] === 0 && Object.is(x, -0) && !Object.is(a[j], -0)))) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

/** numpy 'linear' quantiles at `levels` of `values` (no NaN), which it may reorder. */
export function quantilesOf(values: Float64Array, levels: readonly number[]): number[] {
  const n = values.length;
  // from the first value, so a value below the least so far cannot also be above the greatest
  let min = n > 0 ? values[0]! : Infinity;
  let max = min;
  for (let i = 1; i < n; i++) {
    const x = values[i]!;
    if (x < min) min = x;
    else if (x > max) max = x;
  }
  const buckets = n >> BUCKET_SHIFT;
  const scale = buckets / (max - min);
  // Few values, infinities, one value (signed zeros aside) or a span too small to divide: sort.
  if (n < SELECT_FROM || !(scale > 0 && scale < Infinity)) {
    if (!isSorted(values)) values.sort();
    return levels.map((q) => quantileSorted(values, q));
  }
  if (placed.length < n) {
    bucketOfValue = new Int32Array(n);
    starts = new Int32Array(n + 1);
    next = new Int32Array(n);
    placed = new Float64Array(n);
  }
  // the scratch in locals: loops reload module variables on every access
  const bucketOf = bucketOfValue;
  const start = starts;
  const nextAt = next;
  const place = placed;
  start.fill(0, 0, buckets + 1);
  const last = buckets - 1;
  for (let i = 0; i < n; i++) {
    // (x - min) scale is in [0, 2^31): | 0 is its floor
    const b = Math.min(last, ((values[i]! - min) * scale) | 0);
    bucketOf[i] = b;
    start[b + 1]!++;
  }
  for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!;
  // the buckets holding the ranks each level reads (two ranks a level), each bucket once
  if (wanted.length < 2 * levels.length) wanted = new Int32Array(2 * levels.length);
  let wantedCount = 0;
  for (const q of levels) {
    const lo = Math.floor((n - 1) * q);
    for (let rank = lo; rank <= Math.min(lo + 1, n - 1); rank++) {
      const b = bucketHolding(rank, buckets);
      if (!holds(wanted, wantedCount, b)) wanted[wantedCount++] = b;
    }
  }
  // next free place of each wanted bucket; -1 for the others
  nextAt.fill(-1, 0, buckets);
  for (let w = 0; w < wantedCount; w++) nextAt[wanted[w]!] = start[wanted[w]!]!;
  for (let i = 0; i < n; i++) {
    const b = bucketOf[i]!;
    const at = nextAt[b]!;
    if (at < 0) continue;
    place[at] = values[i]!;
    nextAt[b] = at + 1;
  }
  for (let w = 0; w < wantedCount; w++) sortRange(place, start[wanted[w]!]!, start[wanted[w]! + 1]!);
  return levels.map((q) => {
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    return lerp(place[lo]!, place[Math.min(lo + 1, n - 1)]!, h - lo);
  });
}

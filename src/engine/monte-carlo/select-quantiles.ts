/**
 * Exact quantiles of a cell's values without sorting them all (MODEL.md section 7: numpy
 * 'linear' on the values in the order Float64Array.prototype.sort gives, -0 before +0).
 * The values go into n buckets by floor((x - min) n / (max - min)): a non-decreasing function of
 * x (IEEE subtraction, multiplication and floor are monotonic; -0 and +0 share a bucket), so
 * every bucket holds one stretch of the sorted order, from the count of values in the buckets
 * below. Only the buckets holding the order statistics a quantile needs are sorted, each on
 * its own, at its place in a scratch array: those places then hold what a full sort would.
 */
import { lerp, quantileSorted } from './quantiles.js';

/** Below this many values sorting them all is as fast. */
const SELECT_FROM = 64;

// scratch, grown to the largest cell seen
let bucketOfValue = new Int32Array(0);
let starts = new Int32Array(0);
let next = new Int32Array(0);
let placed = new Float64Array(0);

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

/** numpy 'linear' quantiles at `levels` of `values` (no NaN), which it may reorder. */
export function quantilesOf(values: Float64Array, levels: readonly number[]): number[] {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const scale = n / (max - min);
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
  starts.fill(0, 0, n + 1);
  for (let i = 0; i < n; i++) {
    const b = Math.min(n - 1, Math.floor((values[i]! - min) * scale));
    bucketOfValue[i] = b;
    starts[b + 1]!++;
  }
  for (let b = 0; b < n; b++) starts[b + 1]! += starts[b]!;
  // the ranks the levels read, and the buckets holding them
  const ranks = levels.flatMap((q) => {
    const lo = Math.floor((n - 1) * q);
    return [lo, Math.min(lo + 1, n - 1)];
  });
  const wanted: number[] = [];
  for (const rank of ranks) {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid + 1]! > rank) hi = mid;
      else lo = mid + 1;
    }
    if (!wanted.includes(lo)) wanted.push(lo);
  }
  // next free place of each wanted bucket; -1 for the others
  next.fill(-1, 0, n);
  for (const b of wanted) next[b] = starts[b]!;
  for (let i = 0; i < n; i++) {
    const b = bucketOfValue[i]!;
    const at = next[b]!;
    if (at < 0) continue;
    placed[at] = values[i]!;
    next[b] = at + 1;
  }
  for (const b of wanted) placed.subarray(starts[b]!, starts[b + 1]!).sort();
  return levels.map((q) => {
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    return lerp(placed[lo]!, placed[Math.min(lo + 1, n - 1)]!, h - lo);
  });
}

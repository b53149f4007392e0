/**
 * Dense counts of bucket indices (log-sketch.ts bucketOf, 128 an octave) for one sign of one
 * cell's sketch. At most MAX_BUCKETS consecutive indices are kept below the highest seen; lower
 * indices count in the lowest kept bucket. The final state is a function of the multiset of
 * indices alone (a value ends in max(index, highest - MAX_BUCKETS + 1) whatever the order of
 * arrival), so merging stays exact.
 */

/**
 * 32 octaves: magnitudes down to 2^32 / (1 + 2^-7) ~ 4.3e9 below the largest keep the relative
 * bound (log-sketch.ts DYNAMIC_RANGE). The widest cell store of the preset at 2,500 paths spans
 * 17.1 octaves (2,192 buckets), so 2,048 would fold some; a store of 4,096 counts is 16 KB.
 */
export const MAX_BUCKETS = 4096;

/**
 * Stores' count arrays are carved from shared blocks of BLOCK_COUNTS: here a Uint32Array of its own
 * (an external backing store) costs ~10 us to make against ~0.5 us for a view, and a preset run
 * makes ~8,500 of them in its first batch. A regrown store leaves its old view unused in its
 * block; a block is freed when no store views it.
 */
const BLOCK_COUNTS = 1 << 18;
let block = new Uint32Array(0);
let blockUsed = 0;

/** A zeroed array of n counts. */
function zeroCounts(n: number): Uint32Array<ArrayBuffer> {
  if (n > BLOCK_COUNTS >> 3) return new Uint32Array(n);
  if (blockUsed + n > block.length) {
    block = new Uint32Array(BLOCK_COUNTS);
    blockUsed = 0;
  }
  return block.subarray(blockUsed, (blockUsed += n));
}

/** The counts of every empty store (never written: an add or a reserve gives the store its own). */
const NO_COUNTS = new Uint32Array(0);

export class BucketStore {
  /**
   * 32-bit counts: half the memory of f64 ones (the preset's stores hold ~16 MB of f64 counts, read
   * by every batch); a cell never holds more than LIMITS.maxPaths values, and the codec refuses
   * counts past 2^32 - 1.
   */
  counts = NO_COUNTS;
  /** Index held by slot 0. */
  offset = 0;
  /** Lowest and highest index holding counts (lo > hi when empty). */
  lo = 0;
  hi = -1;

  get empty(): boolean {
    return this.hi < this.lo;
  }

  add(index: number, n = 1): void {
    // Inside the occupied range nothing moves or folds (lo >= hi - MAX_BUCKETS + 1 always holds).
    if (index >= this.lo && index <= this.hi) {
      this.counts[index - this.offset]! += n;
      return;
    }
    if (this.empty) {
      this.counts = zeroCounts(16);
      this.offset = index - 8;
      this.lo = this.hi = index;
      this.counts[index - this.offset] = n;
      return;
    }
    const hi = Math.max(this.hi, index);
    const floor = hi - MAX_BUCKETS + 1;
    const target = Math.max(index, floor);
    let folded = 0;
    if (this.lo < floor) {
      // hi may have jumped past the old range: fold only slots that exist
      for (let i = this.lo, end = Math.min(floor, this.hi + 1); i < end; i++) {
        folded += this.counts[i - this.offset]!;
        this.counts[i - this.offset] = 0;
      }
    }
    const lo = Math.max(Math.min(this.lo, target), floor);
    if (lo < this.offset || hi >= this.offset + this.counts.length) this.regrow(lo, hi, index > this.hi ? 'up' : 'down');
    if (folded > 0) this.counts[floor - this.offset]! += folded;
    this.counts[target - this.offset]! += n;
    this.lo = lo;
    this.hi = hi;
  }

  /** Count at an index in [lo, hi]. */
  get(index: number): number {
    return this.counts[index - this.offset] ?? 0;
  }

  /**
   * Adds counts[k] at index lo + k for k < n: what add(lo + k, counts[k]) for each k would leave,
   * in one pass when the joint range fits MAX_BUCKETS (then nothing folds, in any order of adds).
   */
  addCounts(lo: number, counts: Float64Array, n: number): void {
    let first = 0;
    while (first < n && counts[first] === 0) first++;
    let last = n - 1;
    while (last >= first && counts[last] === 0) last--;
    if (first > last) return;
    if (!this.reserve(lo + first, lo + last)) {
      for (let k = first; k <= last; k++) if (counts[k]! > 0) this.add(lo + k, counts[k]!);
      return;
    }
    const at = lo - this.offset;
    for (let k = first; k <= last; k++) this.counts[at + k]! += counts[k]!;
  }

  /**
   * Widens [lo, hi] to hold [from, to] (from <= to) with room in the counts, when the joint range
   * fits MAX_BUCKETS (so adds inside it never fold); false, changing nothing, when it does not.
   * After it, a caller may add at index i in [from, to] by counts[i - offset]++ (CellSummary.addAll).
   */
  reserve(from: number, to: number): boolean {
    const lo = this.empty ? from : Math.min(this.lo, from);
    const hi = this.empty ? to : Math.max(this.hi, to);
    if (hi - lo + 1 > MAX_BUCKETS) return false;
    if (lo < this.offset || hi >= this.offset + this.counts.length) {
      this.regrow(lo, hi, this.empty || (from < this.lo && to > this.hi) ? 'both' : to > this.hi ? 'up' : 'down');
    }
    this.lo = lo;
    this.hi = hi;
    return true;
  }

  merge(other: BucketStore): void {
    for (let i = other.lo; i <= other.hi; i++) {
      const n = other.get(i);
      if (n > 0) this.add(i, n);
    }
  }

  /** Moves the counts into an array covering [lo, hi] with room to grow in the direction(s) of travel. */
  private regrow(lo: number, hi: number, growing: 'up' | 'down' | 'both'): void {
    const span = hi - lo + 1;
    const capacity = Math.max(span, Math.min(MAX_BUCKETS, Math.max(16, span * 2)));
    const slack = capacity - span;
    const offset = lo - (growing === 'up' ? 0 : growing === 'down' ? slack : slack >> 1);
    const next = zeroCounts(capacity);
    for (let i = Math.max(this.lo, lo); i <= this.hi; i++) next[i - offset] = this.counts[i - this.offset]!;
    this.counts = next;
    this.offset = offset;
  }
}

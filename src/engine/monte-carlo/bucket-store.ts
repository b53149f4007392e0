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
 * 17.1 octaves (2,192 buckets), so 2,048 would fold some; a store of 4,096 counts is 8 KB (16 KB
 * once wide).
 */
export const MAX_BUCKETS = 4096;

/** Values a store holds at most in 16-bit counts: no bucket can pass this while the store's total does not. */
export const NARROW_LIMIT = 0xffff;

/**
 * Stores' count arrays are carved from shared blocks of BLOCK_BYTES: here a typed array of its own
 * (an external backing store) costs ~10 us to make against ~0.5 us for a view, and a preset run
 * makes ~8,500 of them in its first batch. A regrown store leaves its old view unused in its
 * block; a block is freed when no store views it.
 */
const BLOCK_BYTES = 1 << 20;
let block = new ArrayBuffer(0);
let blockUsed = 0;

/** `bytes` zeroed bytes (a multiple of 4) of a block: offset in `block`, or -1 past BLOCK_BYTES / 8. */
function carve(bytes: number): number {
  if (bytes > BLOCK_BYTES >> 3) return -1;
  if (blockUsed + bytes > block.byteLength) {
    block = new ArrayBuffer(BLOCK_BYTES);
    blockUsed = 0;
  }
  const at = blockUsed;
  blockUsed += bytes;
  return at;
}

function zeroCounts(n: number): Uint16Array<ArrayBuffer> {
  const at = carve(((n + 1) >> 1) << 2);
  return at < 0 ? new Uint16Array(n) : new Uint16Array(block, at, n);
}

function zeroWideCounts(n: number): Uint32Array<ArrayBuffer> {
  const at = carve(n << 2);
  return at < 0 ? new Uint32Array(n) : new Uint32Array(block, at, n);
}

/** The counts of every empty or wide store (never written: an add or a reserve gives a store its own). */
const NO_COUNTS = new Uint16Array(0);
const NO_WIDE_COUNTS = new Uint32Array(0);

export class BucketStore {
  /**
   * 16-bit counts while the store holds at most NARROW_LIMIT values (every preset store of a
   * 2,500-path chunk): the stores are read by every batch, ~9 MB of them for the preset, and half
   * the cache lines a batch touches cost less than their misses. Beyond it the store is wide and
   * counts in `wideCounts` (32 bits: a cell never holds more than LIMITS.maxPaths values, and the
   * codec refuses counts past 2^32 - 1); `counts` is then empty.
   */
  counts = NO_COUNTS;
  wideCounts = NO_WIDE_COUNTS;
  /** Values taken in (a bound on every count). */
  total = 0;
  /** Index held by slot 0. */
  offset = 0;
  /** Lowest and highest index holding counts (lo > hi when empty). */
  lo = 0;
  hi = -1;

  get empty(): boolean {
    return this.hi < this.lo;
  }

  /** Whether the store counts in 32 bits (`wideCounts`): once it has taken in more than NARROW_LIMIT values. */
  get wide(): boolean {
    return this.total > NARROW_LIMIT;
  }

  /** Slots of the count array. */
  get capacity(): number {
    return this.wide ? this.wideCounts.length : this.counts.length;
  }

  add(index: number, n = 1): void {
    this.take(n);
    // Inside the occupied range nothing moves or folds (lo >= hi - MAX_BUCKETS + 1 always holds).
    if (index >= this.lo && index <= this.hi) {
      this.bump(index - this.offset, n);
      return;
    }
    if (this.empty) {
      this.offset = index - 8;
      if (this.wide) this.wideCounts = zeroWideCounts(16);
      else this.counts = zeroCounts(16);
      this.lo = this.hi = index;
      this.bump(index - this.offset, n);
      return;
    }
    const hi = Math.max(this.hi, index);
    const floor = hi - MAX_BUCKETS + 1;
    const target = Math.max(index, floor);
    let folded = 0;
    if (this.lo < floor) {
      // hi may have jumped past the old range: fold only slots that exist
      for (let i = this.lo, end = Math.min(floor, this.hi + 1); i < end; i++) {
        folded += this.slot(i - this.offset);
        this.bump(i - this.offset, -this.slot(i - this.offset));
      }
    }
    const lo = Math.max(Math.min(this.lo, target), floor);
    if (lo < this.offset || hi >= this.offset + this.capacity) this.regrow(lo, hi, index > this.hi ? 'up' : 'down');
    if (folded > 0) this.bump(floor - this.offset, folded);
    this.bump(target - this.offset, n);
    this.lo = lo;
    this.hi = hi;
  }

  /** Count at an index in [lo, hi]. */
  get(index: number): number {
    return (this.wide ? this.wideCounts[index - this.offset] : this.counts[index - this.offset]) ?? 0;
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
    let sum = 0;
    for (let k = first; k <= last; k++) sum += counts[k]!;
    if (!this.reserve(lo + first, lo + last, sum)) {
      for (let k = first; k <= last; k++) if (counts[k]! > 0) this.add(lo + k, counts[k]!);
      return;
    }
    const at = lo - this.offset;
    for (let k = first; k <= last; k++) this.bump(at + k, counts[k]!);
  }

  /**
   * Widens [lo, hi] to hold [from, to] (from <= to) with room in the counts for n more values, when
   * the joint range fits MAX_BUCKETS (so adds inside it never fold); false, changing nothing, when it
   * does not. After it, a caller may count n values at indices i in [from, to] by counts[i - offset]++
   * (wideCounts when wide; CellSummary.addAll).
   */
  reserve(from: number, to: number, n: number): boolean {
    const lo = this.empty ? from : Math.min(this.lo, from);
    const hi = this.empty ? to : Math.max(this.hi, to);
    if (hi - lo + 1 > MAX_BUCKETS) return false;
    this.take(n);
    if (lo < this.offset || hi >= this.offset + this.capacity) {
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

  /** Takes n more values in, going wide first if 16 bits might no longer hold every count. */
  private take(n: number): void {
    const wasNarrow = !this.wide;
    this.total += n;
    if (wasNarrow && this.wide) {
      const wide = this.empty ? NO_WIDE_COUNTS : zeroWideCounts(this.counts.length);
      for (let i = this.lo; i <= this.hi; i++) wide[i - this.offset] = this.counts[i - this.offset]!;
      this.wideCounts = wide;
      this.counts = NO_COUNTS;
    }
  }

  private slot(at: number): number {
    return this.wide ? this.wideCounts[at]! : this.counts[at]!;
  }

  private bump(at: number, n: number): void {
    if (this.wide) this.wideCounts[at]! += n;
    else this.counts[at]! += n;
  }

  /** Moves the counts into an array covering [lo, hi] with room to grow in the direction(s) of travel. */
  private regrow(lo: number, hi: number, growing: 'up' | 'down' | 'both'): void {
    const span = hi - lo + 1;
    const capacity = Math.max(span, Math.min(MAX_BUCKETS, Math.max(16, span * 2)));
    const slack = capacity - span;
    const offset = lo - (growing === 'up' ? 0 : growing === 'down' ? slack : slack >> 1);
    if (this.wide) {
      const next = zeroWideCounts(capacity);
      for (let i = Math.max(this.lo, lo); i <= this.hi; i++) next[i - offset] = this.wideCounts[i - this.offset]!;
      this.wideCounts = next;
    } else {
      const next = zeroCounts(capacity);
      for (let i = Math.max(this.lo, lo); i <= this.hi; i++) next[i - offset] = this.counts[i - this.offset]!;
      this.counts = next;
    }
    this.offset = offset;
  }
}

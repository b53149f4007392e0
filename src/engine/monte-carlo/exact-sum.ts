/**
 * Exact floating-point summation (Shewchuk's algorithm, as Python's math.fsum): the partials
 * represent the sum exactly, whatever the order of the additions, and `value()` rounds that
 * exact sum once. So a mean over paths is the same bits however the paths were split into
 * chunks and merged (MODEL.md section 8).
 */
export class ExactSum {
  /** Non-overlapping partials p[0..n), increasing in magnitude; their exact sum is the total. */
  private p: Float64Array;
  private n = 0;
  /** Sum of the infinite (or NaN) terms, kept apart so they cannot poison the partials. */
  special = 0;
  hasSpecial = false;

  constructor(partials: ArrayLike<number> = []) {
    this.p = new Float64Array(Math.max(4, partials.length));
    for (let i = 0; i < partials.length; i++) this.add(partials[i]!);
  }

  /** Empties the sum, keeping its storage. */
  reset(): void {
    this.n = 0;
    this.special = 0;
    this.hasSpecial = false;
  }

  /** Makes this sum hold exactly what `other` holds. */
  copyFrom(other: ExactSum): void {
    if (this.p.length < other.n) this.p = new Float64Array(other.p.length);
    this.p.set(other.p.subarray(0, other.n));
    this.n = other.n;
    this.special = other.special;
    this.hasSpecial = other.hasSpecial;
  }

  /** The partials, lowest magnitude first (a copy). */
  get partials(): number[] {
    return Array.from(this.p.subarray(0, this.n));
  }

  add(value: number): void {
    if (!Number.isFinite(value)) {
      this.special += value;
      this.hasSpecial = true;
      return;
    }
    const p = this.p;
    let x = value;
    let i = 0;
    for (let j = 0; j < this.n; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (i === p.length) {
      this.p = new Float64Array(p.length * 2);
      this.p.set(p);
    }
    this.p[i] = x;
    this.n = i + 1;
  }

  /**
   * Adds values[from, to): the same exact total as adding them one by one, so the same value()
   * and exactMean bits, several times faster (see addBlock).
   */
  addAll(values: Float64Array, from: number, to: number): void {
    addExactly(this, values, from, to);
  }

  /**
   * addAll of values[from, to) whose largest magnitude the caller has worked out (NaN when one
   * of them is NaN), and a lower bound on every magnitude (0 when none is known): the same adds,
   * without the pass that finds the largest, and one block's extraction in fewer operations a
   * value when the values lie within ~2^37 of each other (see extractBlock).
   */
  addAllWithLargest(values: Float64Array, from: number, to: number, largest: number, smallest = 0): void {
    if (to - from <= BLOCK) extractBlock(this, values, from, to, largest, smallest);
    else addExactly(this, values, from, to);
  }

  /**
   * Adds n copies of value: the partials addAll over n copies leaves (not only the same exact
   * total: a sketch cell's partials are serialized), without reading n values (see addRepeatedBlock).
   */
  addRepeated(value: number, n: number): void {
    for (let start = 0; start < n; start += BLOCK) addRepeatedBlock(this, value, Math.min(n - start, BLOCK));
  }

  /** Adds everything another sum holds (order-free: the exact total is all that matters). */
  merge(other: ExactSum): void {
    for (let i = 0; i < other.n; i++) this.add(other.p[i]!);
    if (other.hasSpecial) {
      this.special += other.special;
      this.hasSpecial = true;
    }
  }

  /** The exact sum rounded to the nearest double (ties to even), as math.fsum returns it. */
  value(): number {
    if (this.hasSpecial) return this.special;
    const p = this.p;
    let n = this.n;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Round half-even correctly when the rest of the partials tip the balance.
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    return hi;
  }
}

/*
 * addAll by error-free extraction (Rump, Ogita and Oishi, "Accurate floating-point summation",
 * ExtractVector): for a block of n <= BLOCK values, all |x| <= P (a power of two) and
 * sigma = 2^M P with 2^M >= n + 2, q = (sigma + x) - sigma and r = x - q split each x exactly
 * (x = q + r, q a multiple of 2^-53 sigma, |r| <= 2^-53 sigma), and the q's sum exactly in any
 * order. Each level's exact total goes to the ExactSum; the remainders make the next level, with
 * P from their largest, until none is left (two or three levels for values within ~2^40 of each
 * other). Blocks holding magnitudes of 2^1000 or more, infinities or NaN are added one by one.
 * A block whose total is zero adds one zero, -0 when every value was -0, as adding the values
 * one by one leaves it.
 */
const M = 7;
const BLOCK = 2 ** M - 2;
/** Values addAll extracts as one block (a sketch batch's cell is added a block of paths at a time: chunk.ts SKETCH_BATCH_PATHS). */
export const SUM_BLOCK = BLOCK;
const EXTRACT_LIMIT = 2 ** 1000;
/** For a normal largest magnitude of biased exponent e: 2^M x the power of two above it, 2^(M + e - 1022) (by exact doublings). */
const SIGMA = new Float64Array(2048);
SIGMA[1022] = 2 ** M;
for (let e = 1023; e <= 2038; e++) SIGMA[e] = SIGMA[e - 1]! * 2;
for (let e = 1021; e >= 1; e--) SIGMA[e] = SIGMA[e + 1]! / 2;
const TWO_64 = 2 ** 64;
/**
 * A first level's remainders are at most 2^-53 sigma, so the second level's sigma is at most
 * 2^(M - 52) sigma. When every remainder r has (next + r) - next === r for that bound, r is a
 * multiple of 2^-53 next, so with the second level's own sigma (a power of two <= next) q = r and
 * nothing remains: the second level adds the remainders, in order, and is the last. Above
 * LEVEL_TWO_FLOOR the bound is a normal number (no underflow to zero).
 */
const LEVEL_TWO = 2 ** (M - 52);
const LEVEL_TWO_FLOOR = 2 ** -900;
const remainders = new Float64Array(BLOCK);
const bits = new Float64Array(1);
/** The high 32-bit word of `bits` in a Uint32Array view (host order). */
const bitsHigh = new Uint32Array(bits.buffer, new Uint8Array(Uint32Array.of(1).buffer)[0] === 1 ? 4 : 0, 1);

/** sigma for a largest magnitude 0 < x < 2^1000 (a subnormal one scaled up by 2^64 and back, exactly). */
function sigmaFor(x: number): number {
  bits[0] = x;
  const e = (bitsHigh[0]! >>> 20) & 0x7ff;
  return e > 0 ? SIGMA[e]! : sigmaFor(x * TWO_64) / TWO_64;
}

function addExactly(sum: ExactSum, values: Float64Array, from: number, to: number): void {
  for (let start = from; start < to; start += BLOCK) addBlock(sum, values, start, Math.min(to, start + BLOCK));
}

function addBlock(sum: ExactSum, values: Float64Array, from: number, to: number): void {
  let largest = 0;
  for (let i = from; i < to; i++) {
    const a = Math.abs(values[i]!);
    if (a > largest) largest = a;
    else if (!(a <= largest)) largest = NaN;
  }
  extractBlock(sum, values, from, to, largest);
}

/**
 * addBlock once the largest magnitude of values[from, to) is known (NaN if one is NaN), with
 * `smallest` a lower bound on every magnitude (0 if none is known).
 */
function extractBlock(sum: ExactSum, values: Float64Array, from: number, to: number, largest: number, smallest = 0): void {
  if (!(largest < EXTRACT_LIMIT)) {
    for (let i = from; i < to; i++) sum.add(values[i]!);
    return;
  }
  if (largest === 0) {
    let negativeZeros = true;
    for (let i = from; i < to && negativeZeros; i++) negativeZeros = Object.is(values[i], -0);
    sum.add(negativeZeros ? -0 : 0);
    return;
  }
  const n = to - from;
  let source = values;
  let at = from;
  let added = false;
  if (largest >= LEVEL_TWO_FLOOR) {
    // The first level, checking on the way whether the second would split nothing (see LEVEL_TWO).
    const sigma = sigmaFor(largest);
    const next = sigma * LEVEL_TWO;
    if (smallest >= next) {
      extractTwoLevels(sum, values, from, to, sigma);
      return;
    }
    let total = 0;
    let rest = 0;
    let whole = true;
    largest = 0;
    for (let k = 0; k < n; k++) {
      const x = values[from + k]!;
      const q = sigma + x - sigma;
      const r = x - q;
      remainders[k] = r;
      total += q;
      rest += r;
      if (next + r - next !== r) whole = false;
      const a = Math.abs(r);
      if (a > largest) largest = a;
    }
    if (total !== 0) {
      sum.add(total);
      added = true;
    }
    if (largest > 0 && whole) {
      // The second level's q's are the remainders themselves, added in the same order: its total.
      if (rest !== 0) {
        sum.add(rest);
        added = true;
      }
      largest = 0;
    }
    source = remainders;
    at = 0;
  }
  while (largest > 0) {
    const sigma = sigmaFor(largest);
    let total = 0;
    largest = 0;
    for (let k = 0; k < n; k++) {
      const x = source[at + k]!;
      const q = sigma + x - sigma;
      const r = x - q;
      remainders[k] = r;
      total += q;
      const a = Math.abs(r);
      if (a > largest) largest = a;
    }
    if (total !== 0) {
      sum.add(total);
      added = true;
    }
    source = remainders;
    at = 0;
  }
  if (!added) sum.add(0);
}

/**
 * extractBlock's first two levels when every magnitude is at least next = 2^(M - 52) sigma (a
 * power of two): then each x is a multiple of ulp(x) >= 2^-52 next, q of 2^-53 sigma, so r = x - q
 * is a multiple of 2^-52 next with |r| <= 2^-53 sigma = 2^-8 next, next + r is exact and the
 * second level splits nothing (whole in extractBlock, every time). So the same two adds, the
 * level totals, without the remainders' store, magnitude or check. Each total is exact in any
 * order of its terms (see LEVEL_TWO): two running sums apiece halve the chains of dependent adds.
 */
function extractTwoLevels(sum: ExactSum, values: Float64Array, from: number, to: number, sigma: number): void {
  let total0 = 0;
  let total1 = 0;
  let rest0 = 0;
  let rest1 = 0;
  let i = from;
  for (; i + 1 < to; i += 2) {
    const x0 = values[i]!;
    const x1 = values[i + 1]!;
    const q0 = sigma + x0 - sigma;
    const q1 = sigma + x1 - sigma;
    total0 += q0;
    total1 += q1;
    rest0 += x0 - q0;
    rest1 += x1 - q1;
  }
  if (i < to) {
    const x = values[i]!;
    const q = sigma + x - sigma;
    total0 += q;
    rest0 += x - q;
  }
  addLevelTotals(sum, total0 + total1, rest0 + rest1);
}

/** extractTwoLevels' adds, given its two level totals. */
export function addLevelTotals(sum: ExactSum, total: number, rest: number): void {
  if (total !== 0) sum.add(total);
  if (rest !== 0) sum.add(rest);
  if (total === 0 && rest === 0) sum.add(0);
}

/**
 * The sigma with which addAllWithLargest(values, from, to, largest, smallest) extracts n = to - from
 * values in two levels at once (extractTwoLevels), or 0 when it would not. With it, a caller may
 * run extractTwoLevels' loop itself (two running sums apiece, even and odd values, the last odd one
 * to the first) and hand its totals to addLevelTotals: the same adds, so the same partials.
 */
export function twoLevelSigma(n: number, largest: number, smallest: number): number {
  if (n > BLOCK || !(largest < EXTRACT_LIMIT) || !(largest >= LEVEL_TWO_FLOOR)) return 0;
  const sigma = sigmaFor(largest);
  return smallest >= sigma * LEVEL_TWO ? sigma : 0;
}

/**
 * addBlock over n (<= BLOCK) copies of x, level by level with the same sigma, q and r for every
 * copy: a level's total is n x q, which that sum of n q's is exactly (the extraction makes every
 * partial sum of the q's exact), so the product rounds to it. The same adds in the same order.
 */
function addRepeatedBlock(sum: ExactSum, x: number, n: number): void {
  const magnitude = Math.abs(x);
  if (!(magnitude < EXTRACT_LIMIT)) {
    for (let k = 0; k < n; k++) sum.add(x);
    return;
  }
  if (magnitude === 0) {
    sum.add(x);
    return;
  }
  let added = false;
  let largest = magnitude;
  while (largest > 0) {
    const sigma = sigmaFor(largest);
    const q = sigma + x - sigma;
    const total = q * n;
    x -= q;
    largest = Math.abs(x);
    if (total !== 0) {
      sum.add(total);
      added = true;
    }
  }
  if (!added) sum.add(0);
}

const meanScratch = new ExactSum();

/** Veltkamp split (2^27 + 1) of a double into hi + lo, each with at most 26 significant bits. */
function splitHi(x: number): number {
  const c = 134217729 * x;
  return c - (c - x);
}

/** Dekker's two-product without FMA: returns e with p + e = a * b exactly for p = a * b (barring overflow). */
function twoProductError(a: number, b: number, p: number): number {
  const ah = splitHi(a);
  const al = a - ah;
  const bh = splitHi(b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * The exact sum divided by n, rounded once more accurately than sum / n: the residual of the
 * first quotient is computed exactly and corrects it, so n equal values have that value as mean.
 */
export function exactMean(sum: ExactSum, n: number): number {
  if (n === 0) return NaN;
  const first = sum.value() / n;
  if (sum.hasSpecial || !Number.isFinite(first)) return first;
  const p = first * n;
  const e = twoProductError(first, n, p);
  // Same exact total as a fresh sum of the partials; value() rounds any valid partials alike.
  const residual = meanScratch;
  residual.copyFrom(sum);
  residual.add(-p);
  residual.add(-e);
  return first + residual.value() / n;
}

/** math.fsum of a list of numbers. */
export function exactSum(values: ArrayLike<number>): number {
  const s = new ExactSum();
  for (let i = 0; i < values.length; i++) s.add(values[i]!);
  return s.value();
}

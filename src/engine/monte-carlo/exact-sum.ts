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
   * and exactMean bits, several times faster (see addExactly).
   */
  addAll(values: Float64Array, from: number, to: number): void {
    addExactly(this, values, from, to);
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
 * A fixed-point accumulator for addAll (Neal's "superaccumulator", in doubles): a finite double
 * is +-M 2^(s - 1074) with M < 2^53 an integer and s = max(biased exponent - 1, 0). Cut into
 * 32-bit pieces at bit s, M adds three integers below 2^33 to the counters of weights
 * 2^(32c - 1074), c = s >>> 5 .. c + 2. The counters stay exact integers while below 2^53, so
 * they are drained into the ExactSum every 2^19 values: each counter x its weight is one exact
 * double. Magnitudes of 2^877 and more, infinities and NaN go to ExactSum.add itself (no
 * counter or weight can then overflow). A total of zero is added as one zero, -0 when every
 * value was -0, as adding the values one by one leaves it.
 */
const COUNTERS = 64;
const WEIGHTS = Float64Array.from({ length: COUNTERS }, (_, c) => 2 ** (32 * c - 1074));
const DRAIN_EVERY = 2 ** 19;
/** Biased exponent from which a value bypasses the counters (2^877). */
const BYPASS_EXPONENT = 1900;
const counters = new Float64Array(COUNTERS);
/** Index of a double's low 32-bit word in a Uint32Array view (host order). */
const LOW = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1 ? 0 : 1;

function drain(sum: ExactSum, lowest: number, highest: number, onlyNegativeZeros: boolean): void {
  let zero = true;
  for (let c = lowest; c <= highest; c++) {
    const n = counters[c]!;
    if (n === 0) continue;
    sum.add(n * WEIGHTS[c]!);
    counters[c] = 0;
    zero = false;
  }
  if (zero) sum.add(onlyNegativeZeros ? -0 : 0);
}

/** The word view of the last array addExactly read: callers pass one scratch array again and again. */
let wordsOf: Float64Array | undefined;
let lastWords: Uint32Array = new Uint32Array(0);

function addExactly(sum: ExactSum, values: Float64Array, from: number, to: number): void {
  if (values !== wordsOf) {
    lastWords = new Uint32Array(values.buffer, values.byteOffset, 2 * values.length);
    wordsOf = values;
  }
  const words = lastWords;
  let lowest = COUNTERS;
  let highest = -1;
  let onlyNegativeZeros = true;
  let pending = 0;
  for (let i = from; i < to; i++) {
    const lo = words[2 * i + LOW]!;
    const hi = words[2 * i + 1 - LOW]!;
    const biased = (hi >>> 20) & 0x7ff;
    if (biased >= BYPASS_EXPONENT) {
      sum.add(values[i]!);
      onlyNegativeZeros = false;
      continue;
    }
    if (hi !== 0x80000000 || lo !== 0) onlyNegativeZeros = false;
    const shift = biased === 0 ? 0 : biased - 1;
    const high = (hi & 0xfffff) | (biased === 0 ? 0 : 0x100000);
    const c = shift >>> 5;
    const b = shift & 31;
    const sign = 1 - 2 * (hi >>> 31);
    // M 2^b = lo 2^b + high 2^(32 + b), each cut at the 32-bit boundaries
    counters[c]! += sign * ((lo << b) >>> 0);
    counters[c + 1]! += sign * ((b === 0 ? 0 : lo >>> (32 - b)) + ((high << b) >>> 0));
    counters[c + 2]! += sign * (b === 0 ? 0 : high >>> (32 - b));
    if (c < lowest) lowest = c;
    if (c + 2 > highest) highest = c + 2;
    if (++pending === DRAIN_EVERY) {
      drain(sum, lowest, highest, onlyNegativeZeros);
      pending = 0;
    }
  }
  if (pending > 0) drain(sum, lowest, highest, onlyNegativeZeros);
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

/**
 * Math.pow results remembered by slot. A Monte Carlo run raises the same numbers to the same powers
 * in every path and period: a frontier premium's decay 0.5^(months / halfLife), a parity ratio
 * (q / q_L)^gamma while the leader stays (strategy-price.ts). Math.pow costs
 * ~50 ns here, comparing two operands ~1 ns. A slot gives back its result only when both operands are
 * the very numbers it was computed from, so every result has the bits Math.pow would give: equal
 * non-zero doubles have equal bits, an exponent of +0 or -0 gives 1 either way, NaN never matches,
 * and a base of 0 (whose sign can matter) is never remembered.
 */
export class PowMemo {
  private bases: Float64Array;
  private exponents: Float64Array;
  private values: Float64Array;

  constructor(slots = 64) {
    const n = Math.max(1, slots);
    this.bases = new Float64Array(n);
    this.exponents = new Float64Array(n);
    this.values = new Float64Array(n);
  }

  /** Math.pow(base, exponent), remembered in `slot` (a non-negative integer; the memo grows to hold it). */
  pow(slot: number, base: number, exponent: number): number {
    if (slot >= this.bases.length) this.grow(slot);
    if (this.bases[slot] === base && this.exponents[slot] === exponent && base !== 0) return this.values[slot]!;
    const value = Math.pow(base, exponent);
    this.bases[slot] = base;
    this.exponents[slot] = exponent;
    this.values[slot] = value;
    return value;
  }

  private grow(slot: number): void {
    const n = Math.max(2 * this.bases.length, slot + 1);
    const bases = new Float64Array(n);
    const exponents = new Float64Array(n);
    const values = new Float64Array(n);
    bases.set(this.bases);
    exponents.set(this.exponents);
    values.set(this.values);
    this.bases = bases;
    this.exponents = exponents;
    this.values = values;
  }
}

import { describe, expect, it } from '@jest/globals';
import { consumerSurplus } from './consumer-surplus.js';

/** Trapezoid integral of A (P/ref)^-eps from lo to hi on a log grid: an independent check. */
function integrate(a: number, ref: number, eps: number, lo: number, hi: number): number {
  const n = 200_000;
  let sum = 0;
  let prev = lo;
  let prevQ = a * Math.pow(lo / ref, -eps);
  for (let i = 1; i <= n; i++) {
    const p = lo * Math.pow(hi / lo, i / n);
    const q = a * Math.pow(p / ref, -eps);
    sum += ((q + prevQ) / 2) * (p - prev);
    prev = p;
    prevQ = q;
  }
  return sum;
}

describe(consumerSurplus.name, () => {
  it('eps > 1: Q P / (eps - 1)', () => {
    expect(consumerSurplus(100, 2, 1.5, 4)).toBeCloseTo(400, 10);
  });

  it.each([0.5, 1, 0.9])('eps = %p <= 1: integral up to 100 x the reference price', (eps) => {
    const ref = 4;
    const p = 2;
    const a = 1000;
    const q = a * Math.pow(p / ref, -eps);
    const expected = integrate(a, ref, eps, p, 100 * ref);
    expect(consumerSurplus(q, p, eps, ref) / expected).toBeCloseTo(1, 6);
  });

  it('is 0 above the choke price and with no volume', () => {
    expect(consumerSurplus(10, 500, 0.5, 4)).toBe(0);
    expect(consumerSurplus(0, 2, 1.5, 4)).toBe(0);
  });
});

import { describe, it, expect } from '@jest/globals';
import { pathStream, uniform01 } from './path-stream.js';
import { sampleLognormal, sampleNormal, sampleTriangular, sampleUniform, standardNormal } from './distributions.js';

const N = 200_000;

function moments(draw: () => number): { mean: number; sd: number; min: number; max: number } {
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < N; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = sum / N;
  return { mean, sd: Math.sqrt(sumSq / N - mean * mean), min, max };
}

describe('pathStream', () => {
  it('gives the same draws for the same (seed, path) and different draws otherwise', () => {
    const a = pathStream(42, 7);
    const b = pathStream(42, 7);
    const seqA = Array.from({ length: 5 }, () => uniform01(a));
    const seqB = Array.from({ length: 5 }, () => uniform01(b));
    expect(seqA).toEqual(seqB);
    const c = pathStream(42, 8);
    const d = pathStream(43, 7);
    expect(uniform01(c)).not.toBe(seqA[0]);
    expect(uniform01(d)).not.toBe(seqA[0]);
  });

  it('gives distinct first draws across many neighbouring paths (no collisions, no correlation)', () => {
    const firsts = new Set<number>();
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const u = uniform01(pathStream(1, i));
      firsts.add(u);
      sum += u;
    }
    expect(firsts.size).toBe(20_000);
    // mean of 20k uniforms: sd = sqrt(1/12/20000) ~ 0.002
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
  });

  it('refuses non-integer or negative seeds', () => {
    expect(() => pathStream(1.5, 0)).toThrow(RangeError);
    expect(() => pathStream(-1, 0)).toThrow(RangeError);
    expect(() => pathStream(1, 2 ** 53)).toThrow(RangeError);
  });
});

describe('samplers', () => {
  // Tolerances: standard error of the mean is sd / sqrt(2e5) ~ 0.0022 sd; 5 standard errors.
  it('standard normal has mean 0 and sd 1', () => {
    const rng = pathStream(3, 0);
    const m = moments(() => standardNormal(rng));
    expect(Math.abs(m.mean)).toBeLessThan(0.012);
    expect(Math.abs(m.sd - 1)).toBeLessThan(0.01);
  });

  it('normal(10, 2) has mean 10 and sd 2', () => {
    const rng = pathStream(3, 1);
    const m = moments(() => sampleNormal(rng, 10, 2));
    expect(Math.abs(m.mean - 10)).toBeLessThan(0.025);
    expect(Math.abs(m.sd - 2)).toBeLessThan(0.02);
  });

  it('truncated normal stays in its window and has the truncated mean', () => {
    // Normal(0,1) truncated to [0, inf): mean sqrt(2/pi) ~ 0.79788, sd sqrt(1 - 2/pi) ~ 0.60281.
    const rng = pathStream(3, 2);
    const m = moments(() => sampleNormal(rng, 0, 1, 0, Infinity));
    expect(m.min).toBeGreaterThanOrEqual(0);
    expect(Math.abs(m.mean - Math.sqrt(2 / Math.PI))).toBeLessThan(0.01);
    expect(Math.abs(m.sd - Math.sqrt(1 - 2 / Math.PI))).toBeLessThan(0.01);
  });

  it('truncated normal falls back to the clamped mean when the window has no mass', () => {
    const rng = pathStream(3, 3);
    expect(sampleNormal(rng, 0, 1, 50, 60)).toBe(50);
  });

  it('lognormal(median m, sigma s) has median m and mean m exp(s^2/2)', () => {
    const rng = pathStream(3, 4);
    const draws = Array.from({ length: N }, () => sampleLognormal(rng, 5, 0.5));
    const mean = draws.reduce((a, b) => a + b, 0) / N;
    draws.sort((a, b) => a - b);
    expect(Math.abs(mean / (5 * Math.exp(0.125)) - 1)).toBeLessThan(0.01);
    expect(Math.abs(draws[N / 2]! / 5 - 1)).toBeLessThan(0.01);
  });

  it('uniform(2, 6) has mean 4 and sd 4 / sqrt(12)', () => {
    const rng = pathStream(3, 5);
    const m = moments(() => sampleUniform(rng, 2, 6));
    expect(m.min).toBeGreaterThanOrEqual(2);
    expect(m.max).toBeLessThan(6);
    expect(Math.abs(m.mean - 4)).toBeLessThan(0.015);
    expect(Math.abs(m.sd - 4 / Math.sqrt(12))).toBeLessThan(0.01);
  });

  it('triangular(0, 1, 4) has mean 5/3 and variance (a^2+b^2+c^2-ab-ac-bc)/18', () => {
    const rng = pathStream(3, 6);
    const m = moments(() => sampleTriangular(rng, 0, 1, 4));
    const variance = (0 + 1 + 16 - 0 - 0 - 4) / 18;
    expect(m.min).toBeGreaterThanOrEqual(0);
    expect(m.max).toBeLessThanOrEqual(4);
    expect(Math.abs(m.mean - 5 / 3)).toBeLessThan(0.01);
    expect(Math.abs(m.sd - Math.sqrt(variance))).toBeLessThan(0.01);
  });

  it('triangular with a degenerate width returns its min', () => {
    expect(sampleTriangular(pathStream(1, 1), 3, 3, 3)).toBe(3);
  });
});

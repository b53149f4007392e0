/**
 * Samplers for the distributions a numeric leaf may hold (MODEL.md section 8). Each sampler
 * consumes a documented number of uniform draws, so the order of draws in a path is fixed:
 * uniform and triangular one, lognormal two, normal two per attempt (Box-Muller, cosine branch).
 */
import type { Distribution } from '../scenario/types.js';
import { uniform01, type RandomGenerator } from './path-stream.js';

/**
 * Attempts a truncated normal makes before it falls back to clamping: rejection keeps the shape
 * of a truncated normal exactly whenever the window holds a usable share of the mass.
 */
export const NORMAL_MAX_ATTEMPTS = 1000;

/** A standard normal draw by Box-Muller (cosine branch only, so every call uses two uniforms). */
export function standardNormal(rng: RandomGenerator): number {
  const u1 = 1 - uniform01(rng); // (0, 1]: log stays finite
  const u2 = uniform01(rng);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Normal(mean, sd), truncated to [min, max] by rejection (clamped after NORMAL_MAX_ATTEMPTS). */
export function sampleNormal(rng: RandomGenerator, mean: number, sd: number, min = -Infinity, max = Infinity): number {
  for (let attempt = 0; attempt < NORMAL_MAX_ATTEMPTS; attempt++) {
    const x = mean + sd * standardNormal(rng);
    if (x >= min && x <= max) return x;
  }
  return Math.min(max, Math.max(min, mean));
}

/** Lognormal with the given median and log-scale sigma: median * exp(sigma * Z). */
export function sampleLognormal(rng: RandomGenerator, median: number, sigma: number): number {
  return median * Math.exp(sigma * standardNormal(rng));
}

/** Uniform on [min, max). */
export function sampleUniform(rng: RandomGenerator, min: number, max: number): number {
  return min + (max - min) * uniform01(rng);
}

/** Triangular(min, mode, max) by its inverse CDF (one uniform). */
export function sampleTriangular(rng: RandomGenerator, min: number, mode: number, max: number): number {
  const u = uniform01(rng);
  const width = max - min;
  if (!(width > 0)) return min;
  const cut = (mode - min) / width;
  return u < cut ? min + Math.sqrt(u * width * (mode - min)) : max - Math.sqrt((1 - u) * width * (max - mode));
}

/** One draw from a leaf's distribution (MODEL.md section 8). */
export function sampleDistribution(d: Distribution, rng: RandomGenerator): number {
  switch (d.dist) {
    case 'normal':
      return sampleNormal(rng, d.mean, d.sd, d.min ?? -Infinity, d.max ?? Infinity);
    case 'lognormal':
      return sampleLognormal(rng, d.median, d.sigma);
    case 'uniform':
      return sampleUniform(rng, d.min, d.max);
    case 'triangular':
      return sampleTriangular(rng, d.min, d.mode, d.max);
  }
}

/**
 * A representative value of a distribution, used where one number must stand for it without
 * drawing (validation's roofline check): the mean clamped into [min, max] for a normal, the
 * median for a lognormal, the midpoint for a uniform, the mode for a triangular.
 */
export function centralValue(d: Distribution): number {
  switch (d.dist) {
    case 'normal':
      return Math.min(d.max ?? Infinity, Math.max(d.min ?? -Infinity, d.mean));
    case 'lognormal':
      return d.median;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'triangular':
      return d.mode;
  }
}

/** The closed support [lo, hi] of a distribution (lognormal: (0, inf), reported as lo = 0). */
export function supportOf(d: Distribution): { lo: number; hi: number; loOpen: boolean } {
  switch (d.dist) {
    case 'normal':
      return { lo: d.min ?? -Infinity, hi: d.max ?? Infinity, loOpen: false };
    case 'lognormal':
      return { lo: 0, hi: Infinity, loOpen: true };
    case 'uniform':
      return { lo: d.min, hi: d.max, loOpen: false };
    case 'triangular':
      return { lo: d.min, hi: d.max, loOpen: false };
  }
}

/** True when a JSON value has the shape of a distribution (an object with a `dist` key). */
export function isDistribution(value: unknown): value is Distribution {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'dist' in value;
}

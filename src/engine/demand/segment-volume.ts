import type { PowMemo } from '../pow-memo.js';

/**
 * A_k(t), the volume scale of a segment at the reference price (MODEL.md section 5):
 * exponential growth `A0 * g^years`, or with a saturation volume V the logistic
 * `V / (1 + (V / A0 - 1) * g^(-years))`. `years = t * periodMonths / 12`. A saturation volume that is
 * undefined, NaN or <= 0 means none.
 */
export function volumeScale(
  baseVolume: number,
  growthPerYear: number,
  years: number,
  saturationVolume?: number,
): number {
  if (saturationVolume === undefined || !(saturationVolume > 0)) {
    return baseVolume * Math.pow(growthPerYear, years);
  }
  if (!(baseVolume > 0)) return 0;
  return saturationVolume / (1 + (saturationVolume / baseVolume - 1) * Math.pow(growthPerYear, -years));
}

/**
 * volumeScale with its power taken from `powers` at `slot` (the period loop's: every path raises the
 * same growth to the same period's years), so the same operations and the same bits.
 */
export function rememberedVolumeScale(
  powers: PowMemo,
  slot: number,
  baseVolume: number,
  growthPerYear: number,
  years: number,
  saturationVolume: number,
): number {
  if (!(saturationVolume > 0)) return baseVolume * powers.pow(slot, growthPerYear, years);
  if (!(baseVolume > 0)) return 0;
  return saturationVolume / (1 + (saturationVolume / baseVolume - 1) * powers.pow(slot, growthPerYear, -years));
}

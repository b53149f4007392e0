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

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
  return volumeScaleOfGrowth(baseVolume, Math.pow(growthPerYear, growthExponent(years, saturationVolume)), saturationVolume);
}

/** The power g is raised to in A_k(t): `years`, or `-years` with a saturation volume. */
export function growthExponent(years: number, saturationVolume?: number): number {
  return saturationVolume !== undefined && saturationVolume > 0 ? -years : years;
}

/**
 * A_k(t) given `growth` = g^growthExponent(years, saturationVolume), for a caller that has the power
 * already (the period loop remembers it across paths).
 */
export function volumeScaleOfGrowth(baseVolume: number, growth: number, saturationVolume?: number): number {
  if (saturationVolume === undefined || !(saturationVolume > 0)) return baseVolume * growth;
  if (!(baseVolume > 0)) return 0;
  return saturationVolume / (1 + (saturationVolume / baseVolume - 1) * growth);
}

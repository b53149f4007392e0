/**
 * The GPU rental market (MODEL.md section 6): demand for GPU-hours against a growing supply sets the
 * utilisation, and the utilisation moves next period's rental price.
 */

/** Supply of GPU-hours: supplyHours * supplyGrowthPerYear ^ years (MODEL.md section 6). */
export function gpuSupplyHours(supplyHours: number, supplyGrowthPerYear: number, years: number): number {
  return supplyHours * Math.pow(supplyGrowthPerYear, years);
}

/**
 * Rental price in force next period: p * (u / u*)^eta, clamped to [0.5 p, 2 p] (MODEL.md section 6).
 * Zero utilisation gives the lower clamp.
 */
export function nextRentalPrice(price: number, utilization: number, targetUtilization: number, priceElasticity: number): number {
  const moved = price * Math.pow(utilization / targetUtilization, priceElasticity);
  return Math.min(2 * price, Math.max(0.5 * price, moved));
}

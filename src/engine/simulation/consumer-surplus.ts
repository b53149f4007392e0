/**
 * Consumer surplus of a segment (MODEL.md section 7): the area under the segment's demand curve
 * Q(P) = Q_k (P / P_k)^(-eps) above the price index P_k.
 */

/** Choke price as a multiple of the reference price, for elasticities <= 1 (MODEL.md section 7). */
export const CHOKE_PRICE_MULTIPLE = 100;

/**
 * Q P / (eps - 1) for eps > 1; otherwise the integral of Q(P) from P_k up to the choke price
 * 100 x referencePrice: Q P ((Pc/P)^(1-eps) - 1) / (1 - eps), or Q P ln(Pc/P) at eps = 1; 0 when
 * P_k is at or above the choke price (MODEL.md section 7).
 */
export function consumerSurplus(volume: number, priceIndex: number, elasticity: number, referencePrice: number): number {
  if (!(volume > 0)) return 0;
  if (elasticity > 1) return (volume * priceIndex) / (elasticity - 1);
  const choke = CHOKE_PRICE_MULTIPLE * referencePrice;
  if (priceIndex >= choke) return 0;
  if (elasticity === 1) return volume * priceIndex * Math.log(choke / priceIndex);
  return (volume * priceIndex * (Math.pow(choke / priceIndex, 1 - elasticity) - 1)) / (1 - elasticity);
}

import { computeDemand } from './logit-demand.js';
import { createDemandOutput, createSegmentArrays } from './types.js';

/** One segment's parameters for the what-if demand curve (MODEL.md section 5). */
export interface CurveSegment {
  threshold: number;
  alpha: number;
  beta: number;
  elasticity: number;
  /** USD per 1M tokens. */
  referencePrice: number;
  /** A_k(t), M tokens per period at the reference price. */
  volumeScale: number;
}

/** A model competing in the segment at a fixed price (it must be eligible: tier >= the segment's). */
export interface CurveCompetitor {
  /** USD per 1M tokens. */
  price: number;
  capability: number;
  brand?: number;
}

/** Prices to evaluate: `points` prices from `min` to `max`, geometrically spaced unless `linear`. */
export interface PriceRange {
  min: number;
  max: number;
  points: number;
  linear?: boolean;
  /** The priced model; default: capability at the threshold, brand 0. */
  focal?: { capability: number; brand?: number };
}

export interface DemandCurvePoint {
  /** The focal model's price, USD per 1M tokens. */
  price: number;
  /** Its logit share s_jk. */
  share: number;
  /** Its demand s_jk Q_k, M tokens per period. */
  demand: number;
  /** Q_k. */
  segmentVolume: number;
  /** P_k. */
  priceIndex: number;
  /** Segment spend at list prices, USD per period. */
  segmentSpend: number;
  /** p x demand, USD per period. */
  revenue: number;
}

/**
 * The demand curve a model faces in one segment as its price moves over `range`, competitors'
 * prices fixed (MODEL.md section 5): for the API's what-if calculator.
 */
export function demandCurve(
  segment: CurveSegment,
  competitors: ReadonlyArray<CurveCompetitor>,
  range: PriceRange,
): DemandCurvePoint[] {
  const m = competitors.length + 1;
  const seg = createSegmentArrays(1);
  seg.tier[0] = 0;
  seg.threshold[0] = segment.threshold;
  seg.alpha[0] = segment.alpha;
  seg.beta[0] = segment.beta;
  seg.elasticity[0] = segment.elasticity;
  seg.referencePrice[0] = segment.referencePrice;
  seg.volumeScale[0] = segment.volumeScale;
  const price = new Float64Array(m);
  const capability = new Float64Array(m);
  const brand = new Float64Array(m);
  capability[0] = range.focal?.capability ?? segment.threshold;
  brand[0] = range.focal?.brand ?? 0;
  competitors.forEach((c, i) => {
    price[i + 1] = c.price;
    capability[i + 1] = c.capability;
    brand[i + 1] = c.brand ?? 0;
  });
  const input = { modelCount: m, price, capability, brand, tier: new Int32Array(m), segments: seg };
  const out = createDemandOutput(m, 1);
  const points: DemandCurvePoint[] = [];
  const n = Math.max(1, Math.floor(range.points));
  for (let i = 0; i < n; i++) {
    const f = n === 1 ? 0 : i / (n - 1);
    const p = range.linear ? range.min + (range.max - range.min) * f : range.min * Math.pow(range.max / range.min, f);
    price[0] = p;
    computeDemand(input, out);
    points.push({
      price: p,
      share: out.share[0],
      demand: out.demand[0],
      segmentVolume: out.volume[0],
      priceIndex: out.priceIndex[0],
      segmentSpend: out.spend[0],
      revenue: p * out.demand[0],
    });
  }
  return points;
}

import { Injectable } from '@nestjs/common';
import { demandCurve } from '../../engine/demand/demand-curve.js';
import { NON_NEGATIVE, POSITIVE } from '../../engine/scenario/validate-kit.js';
import { FieldChecks } from '../scenarios/values/field-checks.js';
import type { DemandCurveInput } from './dto/demand-curve.input.js';
import type { DemandCurve } from './models/demand-curve.model.js';

const WHAT = 'invalid demand curve input';
export const MAX_CURVE_POINTS = 200;
export const MAX_COMPETITORS = 100;

/** The demand-curve what-if (MODEL.md section 5): the engine's logit demand on the caller's numbers. */
@Injectable()
export class DemandCurveService {
  /** Segment volume, spend and price index over a price range (MODEL.md section 5). */
  compute(input: DemandCurveInput): DemandCurve {
    const c = new FieldChecks();
    const s = input.segment;
    c.num(s.threshold, 'segment.threshold', { ge: 0, le: 100 });
    c.num(s.alpha, 'segment.alpha', POSITIVE);
    c.num(s.beta, 'segment.beta', NON_NEGATIVE);
    c.num(s.elasticity, 'segment.elasticity', POSITIVE);
    c.num(s.referencePrice, 'segment.referencePrice', POSITIVE);
    c.num(s.volume, 'segment.volume', NON_NEGATIVE);
    const r = input.priceRange;
    c.num(r.min, 'priceRange.min', POSITIVE);
    c.num(r.max, 'priceRange.max', POSITIVE);
    if (r.max < r.min) c.fail('priceRange.max', 'must be >= min');
    c.num(r.points, 'priceRange.points', { ge: 2, le: MAX_CURVE_POINTS });
    const focal = input.focal ?? { capability: s.threshold, brand: 0 };
    c.num(focal.capability, 'focal.capability', { ge: s.threshold, le: 100 });
    c.num(focal.brand, 'focal.brand', {});
    if (input.competitors.length > MAX_COMPETITORS) c.fail('competitors', `at most ${MAX_COMPETITORS} competitors`);
    input.competitors.forEach((m, i) => {
      c.num(m.price, `competitors[${i}].price`, POSITIVE);
      // Only models at the segment's tier or above serve it (MODEL.md section 5).
      c.num(m.capability, `competitors[${i}].capability`, { ge: s.threshold, le: 100 });
      c.num(m.brand, `competitors[${i}].brand`, {});
    });
    c.throwIfAny(WHAT);

    const curve = demandCurve(
      { threshold: s.threshold, alpha: s.alpha, beta: s.beta, elasticity: s.elasticity, referencePrice: s.referencePrice, volumeScale: s.volume },
      input.competitors,
      { min: r.min, max: r.max, points: r.points, linear: r.linear, focal },
    );
    return {
      jevons: s.elasticity > 1,
      points: curve.map((p, i) => ({
        price: p.price,
        share: p.share,
        demand: p.demand,
        volume: p.segmentVolume,
        priceIndex: p.priceIndex,
        spend: p.segmentSpend,
        revenue: p.revenue,
        spendRisesAsPriceFalls: i === 0 ? null : curve[i - 1]!.segmentSpend > p.segmentSpend,
      })),
    };
  }
}

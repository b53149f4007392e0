import { describe, expect, it } from '@jest/globals';
import { demandCurve } from './demand-curve.js';

const segment = { threshold: 60, alpha: 2, beta: 0.2, elasticity: 1.5, referencePrice: 4, volumeScale: 1000 };

describe(demandCurve.name, () => {
  it('alone at the threshold the model faces the segment curve A (p / ref)^-eps', () => {
    const points = demandCurve(segment, [], { min: 1, max: 16, points: 5 });
    expect(points.map((p) => p.price)).toEqual([1, 2, 4, 8, 16].map((x) => expect.closeTo(x, 12) as unknown as number));
    for (const pt of points) {
      expect(pt.share).toBe(1);
      expect(pt.demand).toBeCloseTo(1000 * Math.pow(pt.price / 4, -1.5), 8);
      expect(pt.revenue).toBeCloseTo(pt.price * pt.demand, 8);
    }
  });

  it('against a competitor, its share is the logit share and volume follows the price index', () => {
    const [pt] = demandCurve(segment, [{ price: 2, capability: 70, brand: 0.3 }], { min: 3, max: 3, points: 1, focal: { capability: 65 } });
    const e1 = Math.exp(0.2 * 5 - 2 * Math.log(3));
    const e2 = Math.exp(0.2 * 10 + 0.3 - 2 * Math.log(2));
    expect(pt.share).toBeCloseTo(e1 / (e1 + e2), 12);
    const pIndex = Math.pow(e1 + e2, -1 / 2);
    expect(pt.priceIndex).toBeCloseTo(pIndex, 12);
    expect(pt.segmentVolume).toBeCloseTo(1000 * Math.pow(pIndex / 4, -1.5), 8);
    expect(pt.demand).toBeCloseTo(pt.share * pt.segmentVolume, 8);
  });

  it('linear spacing when asked', () => {
    expect(demandCurve(segment, [], { min: 1, max: 3, points: 3, linear: true }).map((p) => p.price)).toEqual([1, 2, 3]);
  });
});

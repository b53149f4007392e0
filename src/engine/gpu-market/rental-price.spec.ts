import { describe, expect, it } from '@jest/globals';
import { gpuSupplyHours, nextRentalPrice } from './rental-price.js';

describe(nextRentalPrice.name, () => {
  it('moves the price by (u/u*)^eta inside the clamp', () => {
    // u = 0.88, u* = 0.8, eta = 0.5: 2.5 * 1.1^0.5
    expect(nextRentalPrice(2.5, 0.88, 0.8, 0.5)).toBeCloseTo(2.5 * Math.sqrt(1.1), 12);
    expect(nextRentalPrice(2.5, 0.8, 0.8, 0.5)).toBeCloseTo(2.5, 12);
  });

  it('clamps each step to [0.5x, 2x]', () => {
    expect(nextRentalPrice(2, 8, 0.8, 1)).toBe(4);
    expect(nextRentalPrice(2, 0.01, 0.8, 1)).toBe(1);
    expect(nextRentalPrice(2, 0, 0.8, 0.5)).toBe(1);
  });

  it('recurs: three periods at u = 1.2 u*, eta = 2 give 1.44^3', () => {
    let p = 1;
    for (let t = 0; t < 3; t++) p = nextRentalPrice(p, 0.96, 0.8, 2);
    expect(p).toBeCloseTo(Math.pow(1.44, 3), 12);
  });
});

describe(gpuSupplyHours.name, () => {
  it('grows by the annual factor per year', () => {
    expect(gpuSupplyHours(100, 1.8, 0.5)).toBeCloseTo(100 * Math.sqrt(1.8), 10);
  });
});

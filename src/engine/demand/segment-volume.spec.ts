import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PowMemo } from '../pow-memo.js';
import { rememberedVolumeScale, volumeScale } from './segment-volume.js';

describe(rememberedVolumeScale.name, () => {
  it('gives volumeScale bit for bit, with or without a saturation volume, whatever its slots saw before', () => {
    const special = fc.constantFrom(0, -0, 1, 0.5, 2, NaN, Infinity, -1);
    const positive = fc.double({ min: 1e-3, max: 1e12, noNaN: true });
    const call = fc.tuple(
      fc.nat(5),
      fc.oneof(positive, special), // base volume
      fc.oneof(fc.double({ min: 0.5, max: 4, noNaN: true }), special), // growth a year
      fc.oneof(fc.constantFrom(0, 0.25, 1.5, 10), fc.double({ min: 0, max: 30, noNaN: true })), // years
      fc.oneof(positive, special), // saturation volume (NaN or <= 0: none)
    );
    fc.assert(
      fc.property(fc.array(call, { maxLength: 40 }), (calls) => {
        const memo = new PowMemo(2);
        for (const [slot, base, growth, years, saturation] of calls) {
          const plain = volumeScale(base, growth, years, saturation);
          // Twice: the first may fill the slot, the second reads it.
          expect(Object.is(rememberedVolumeScale(memo, slot, base, growth, years, saturation), plain)).toBe(true);
          expect(Object.is(rememberedVolumeScale(memo, slot, base, growth, years, saturation), plain)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it('uses g^(-years) with a saturation volume even when the slot holds g^years', () => {
    const memo = new PowMemo(1);
    expect(rememberedVolumeScale(memo, 0, 100, 2, 3, NaN)).toBe(800);
    expect(rememberedVolumeScale(memo, 0, 100, 2, 3, 1000)).toBe(volumeScale(100, 2, 3, 1000));
    expect(rememberedVolumeScale(memo, 0, 100, 2, 3, NaN)).toBe(800);
  });
});

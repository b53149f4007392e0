import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PowMemo } from './pow-memo.js';

describe(PowMemo.name, () => {
  it('gives Math.pow bit for bit whatever the slots saw before', () => {
    const special = fc.constantFrom(0, -0, 1, -1, 0.5, 2, Infinity, -Infinity, NaN, Number.MIN_VALUE, -3);
    const operand = fc.oneof(special, fc.double(), fc.double({ min: -4, max: 4, noNaN: true }));
    const call = fc.tuple(fc.nat(7), operand, operand);
    fc.assert(
      fc.property(fc.array(call, { maxLength: 60 }), (calls) => {
        const memo = new PowMemo(2);
        for (const [slot, base, exponent] of calls) {
          // Twice: the first may fill the slot, the second reads it.
          expect(Object.is(memo.pow(slot, base, exponent), Math.pow(base, exponent))).toBe(true);
          expect(Object.is(memo.pow(slot, base, exponent), Math.pow(base, exponent))).toBe(true);
        }
      }),
      { numRuns: 300, seed: 31 },
    );
  });

  it('does not answer a base of -0 with the result for +0 (0 === -0, but their powers differ)', () => {
    const memo = new PowMemo();
    expect(memo.pow(0, 0, -1)).toBe(Infinity);
    expect(memo.pow(0, -0, -1)).toBe(-Infinity);
    expect(memo.pow(0, -0, -1)).toBe(-Infinity);
    expect(memo.pow(0, 0, -1)).toBe(Infinity);
  });

  it('answers a changed operand anew and grows for a slot past its size', () => {
    const memo = new PowMemo(1);
    expect(memo.pow(0, 2, 3)).toBe(8);
    expect(memo.pow(0, 2, 4)).toBe(16);
    expect(memo.pow(0, 3, 4)).toBe(81);
    expect(memo.pow(100, 3, 2)).toBe(9);
    expect(memo.pow(0, 3, 4)).toBe(81);
  });
});

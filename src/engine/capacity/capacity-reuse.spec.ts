import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { allocateCapacity, createCapacityOutput, type CapacityInput } from './allocate-capacity.js';
import { capacityScratch } from './capacity-scratch.js';

// allocateCapacity's shortcuts: the price order is rebuilt only when the available models change
// (byPriceOrder), the outputs are zeroed by one fill over adjacent arrays, spillIn is taken in
// by the final loop, lost reads x_j - own_j from unserved, and the work arrays are the thread's,
// shared by every output. A frame calls it period after period on one output (here with a fresh
// output's call between two); each call must give the bits of a fresh output and of the formulas
// written out.

const M = 6;
const LABS = 3;
const K = 2;

const periodArb = fc.record({
  // A subset of the models in some order (lengths repeat, so a changed set of the same size occurs).
  order: fc.uniqueArray(fc.integer({ min: 0, max: M - 1 }), { minLength: 1, maxLength: M }),
  price: fc.array(fc.constantFrom(0.5, 1, 2, 3.7, 10, 0), { minLength: M, maxLength: M }),
  demand: fc.array(fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(0, -0)), { minLength: M, maxLength: M }),
  share: fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(0)), { minLength: M * K, maxLength: M * K }),
  pool: fc.array(fc.double({ min: 0, max: 150, noNaN: true }), { minLength: LABS, maxLength: LABS }),
  repeat: fc.boolean(),
});

function inputOf(p: PeriodCase, lab: number[], burst: number[]): CapacityInput {
  return {
    modelCount: M,
    segmentCount: K,
    gpuCount: 1,
    order: Int32Array.from(p.order),
    orderLength: p.order.length,
    lab: Int32Array.from(lab),
    gpu: new Int32Array(M),
    demand: Float64Array.from(p.demand),
    hoursPerMTokens: Float64Array.from({ length: M }, (_, j) => 0.5 + 0.25 * j),
    price: Float64Array.from(p.price),
    share: Float64Array.from(p.share),
    segmentVolume: Float64Array.from([70, 30]),
    elasticity: Float64Array.from([1.5, 0.8]),
    poolHours: Float64Array.from(p.pool),
    cloudBurst: Uint8Array.from(burst),
  };
}

interface PeriodCase {
  order: number[];
  price: number[];
  demand: number[];
  share: number[];
  pool: number[];
  repeat: boolean;
}

const fields = ['ownServed', 'spillIn', 'served', 'lost', 'ownedHoursUsed', 'rentedHours'] as const;

describe('allocateCapacity on a reused output', () => {
  it('gives a fresh output’s bits, and served and lost as the formulas give them, period after period', () => {
    fc.assert(
      fc.property(
        fc.array(periodArb, { minLength: 2, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: LABS - 1 }), { minLength: M, maxLength: M }),
        fc.array(fc.constantFrom(0, 0, 1), { minLength: LABS, maxLength: LABS }),
        (periods, lab, burst) => {
          const reused = createCapacityOutput(M, LABS, K);
          let previous: PeriodCase | undefined;
          for (const period of periods) {
            // Half the periods keep the previous period's models and order (the sort then starts
            // from the kept list), with new prices and demand.
            const p = period.repeat && previous !== undefined ? { ...period, order: previous.order } : period;
            previous = p;
            const input = inputOf(p, lab, burst);
            allocateCapacity(input, reused, LABS);
            const fresh = createCapacityOutput(M, LABS, K);
            allocateCapacity(input, fresh, LABS);
            for (const f of fields) {
              for (let j = 0; j < reused[f].length; j++) expect(Object.is(reused[f][j], fresh[f][j])).toBe(true);
            }
            const available = new Set(p.order);
            for (let j = 0; j < M; j++) {
              if (!available.has(j)) {
                expect(reused.served[j]).toBe(0);
                expect(reused.lost[j]).toBe(0);
                continue;
              }
              // What was taken from the model's unserved volume lies in the thread's scratch (the
              // fresh output's call, on the same input, left it there).
              const { ownServed, spillIn } = reused;
              const { taken } = capacityScratch;
              expect(Object.is(reused.served[j], ownServed[j]! + spillIn[j]!)).toBe(true);
              expect(Object.is(reused.lost[j], Math.max(0, input.demand[j]! - ownServed[j]! - taken[j]!))).toBe(true);
            }
          }
        },
      ),
      { numRuns: 400, seed: 7 },
    );
  });
});

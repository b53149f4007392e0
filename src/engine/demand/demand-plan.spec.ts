import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createDemandPlan, planDemand, repriceDemand } from './demand-plan.js';
import { computeDemand } from './logit-demand.js';
import { createDemandOutput, createSegmentArrays, type DemandInput, type DemandOutput } from './types.js';

/** Prices from the ordinary to the extreme (utilities at -Infinity, shares and volumes underflowing). */
const price = fc.oneof(
  fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
  fc.constantFrom(0, 1e-300, 5e-324, 1e300, Infinity),
);

const model = fc.record({
  price,
  capability: fc.double({ min: 0, max: 1e3, noNaN: true }),
  brand: fc.double({ min: -3, max: 3, noNaN: true }),
  tier: fc.integer({ min: -1, max: 2 }),
  available: fc.boolean(),
  moves: fc.boolean(),
});

const segment = fc.record({
  tier: fc.integer({ min: 0, max: 2 }),
  threshold: fc.double({ min: 0, max: 100, noNaN: true }),
  alpha: fc.double({ min: 0.1, max: 5, noNaN: true }),
  beta: fc.double({ min: 0, max: 0.5, noNaN: true }),
  elasticity: fc.double({ min: 0, max: 3, noNaN: true }),
  referencePrice: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
  volumeScale: fc.oneof(fc.double({ min: 1, max: 1e9, noNaN: true }), fc.constantFrom(0, 1e300)),
});

/** Everything computeDemand(..., false) writes, entry by entry (spend and the price index it skips). */
function written(out: DemandOutput, m: number, k: number): number[][] {
  return [
    Array.from(out.logPrice.subarray(0, m)),
    Array.from(out.demand.subarray(0, m)),
    Array.from(out.share.subarray(0, k * m)),
    Array.from(out.logShare.subarray(0, k * m)),
    Array.from(out.volume.subarray(0, k)),
    Array.from(out.inclusiveValue.subarray(0, k)),
    Array.from(out.eligibleCount.subarray(0, k)),
  ];
}

describe(repriceDemand.name, () => {
  it('property: after only some prices move, writes what computeDemand writes, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.array(model, { minLength: 1, maxLength: 7 }),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(price, { minLength: 7, maxLength: 7 }), { minLength: 1, maxLength: 3 }),
        (models, specs, moves) => {
          const m = models.length;
          const seg = createSegmentArrays(specs.length);
          specs.forEach((s, k) => {
            seg.tier[k] = s.tier;
            seg.threshold[k] = s.threshold;
            seg.alpha[k] = s.alpha;
            seg.beta[k] = s.beta;
            seg.elasticity[k] = s.elasticity;
            seg.referencePrice[k] = s.referencePrice;
            seg.volumeScale[k] = s.volumeScale;
          });
          const input: DemandInput = {
            modelCount: m,
            price: Float64Array.from(models.map((x) => x.price)),
            capability: Float64Array.from(models.map((x) => x.capability)),
            brand: Float64Array.from(models.map((x) => x.brand)),
            tier: Int32Array.from(models.map((x) => x.tier)),
            available: Uint8Array.from(models.map((x) => (x.available ? 1 : 0))),
            segments: seg,
          };
          const changed = Int32Array.from(models.flatMap((x, j) => (x.moves ? [j] : [])));
          // A larger output than needed, as the solver's workspace is.
          const planned = createDemandOutput(m + 2, specs.length + 1);
          const plan = createDemandPlan(m + 2, specs.length + 1);
          planDemand(input, planned, plan);
          for (const next of moves) {
            for (const j of changed) input.price[j] = next[j];
            repriceDemand(input, plan, changed, changed.length, planned);
            const fresh = createDemandOutput(m, specs.length);
            computeDemand(input, fresh, false);
            expect(written(planned, m, specs.length)).toEqual(written(fresh, m, specs.length));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { allocateCapacity, createCapacityOutput, type CapacityInput } from './allocate-capacity.js';

/** MODEL.md section 6 written out pair by pair: the O(M^2) reference the sorted sweep must match. */
function naiveSpill(input: CapacityInput, ownServed: Float64Array, poolLeft: Float64Array) {
  const { modelCount: M, segmentCount: K, gpuCount, lab, gpu, demand, price, share, segmentVolume, elasticity, cloudBurst } = input;
  const e = input.hoursPerMTokens;
  const offers: { from: number; to: number; offer: number }[] = [];
  for (let j = 0; j < M; j++) {
    const unserved = demand[j]! - ownServed[j]!;
    if (!(unserved > 0)) continue;
    for (let k = 0; k < K; k++) {
      const sj = share[k * M + j]!;
      if (!(sj > 0)) continue;
      const part = (unserved * sj * segmentVolume[k]!) / demand[j]!;
      let others = 0;
      for (let i = 0; i < M; i++) if (i !== j) others += share[k * M + i]!;
      for (let i = 0; i < M; i++) {
        const si = share[k * M + i]!;
        if (i === j || !(si > 0)) continue;
        offers.push({ from: j, to: i, offer: ((part * si) / others) * Math.min(1, Math.pow(price[i]! / price[j]!, -elasticity[k]!)) });
      }
    }
  }
  const offered = new Float64Array(poolLeft.length);
  for (const o of offers) offered[lab[o.to]! * gpuCount + gpu[o.to]!] += o.offer * e[o.to]!;
  const factor = Array.from(offered, (h, p) => (cloudBurst[Math.floor(p / gpuCount)] ? 1 : h > 0 ? Math.min(1, poolLeft[p]! / h) : 0));
  const spillIn = new Float64Array(M);
  const lost = new Float64Array(M);
  for (let j = 0; j < M; j++) lost[j] = demand[j]! - ownServed[j]!;
  for (const o of offers) {
    const f = factor[lab[o.to]! * gpuCount + gpu[o.to]!]!;
    spillIn[o.to] += o.offer * f;
    lost[o.from] -= o.offer * f;
  }
  return { spillIn, lost };
}

const caseArb = fc
  .record({ m: fc.integer({ min: 2, max: 7 }), k: fc.integer({ min: 1, max: 3 }), labs: fc.integer({ min: 1, max: 3 }) })
  .chain(({ m, k, labs }) =>
    fc.record({
      m: fc.constant(m),
      k: fc.constant(k),
      labs: fc.constant(labs),
      lab: fc.array(fc.integer({ min: 0, max: labs - 1 }), { minLength: m, maxLength: m }),
      // Prices from a small set so ties occur.
      price: fc.array(fc.constantFrom(0.5, 1, 1, 2, 3.7, 10), { minLength: m, maxLength: m }),
      eligible: fc.array(fc.boolean(), { minLength: m * k, maxLength: m * k }),
      weightRaw: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: m * k, maxLength: m * k }),
      volume: fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: k, maxLength: k }),
      elasticity: fc.array(fc.double({ min: 0.3, max: 3, noNaN: true }), { minLength: k, maxLength: k }),
      e: fc.array(fc.double({ min: 0.1, max: 2, noNaN: true }), { minLength: m, maxLength: m }),
      pool: fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { minLength: labs, maxLength: labs }),
      burst: fc.array(fc.boolean(), { minLength: labs, maxLength: labs }),
    }),
  );

describe('spill (sorted sweep)', () => {
  it('matches the pair-by-pair formula of MODEL.md section 6, ties and scaling included', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const share = new Float64Array(c.m * c.k);
        for (let k = 0; k < c.k; k++) {
          let sum = 0;
          for (let j = 0; j < c.m; j++) if (c.eligible[k * c.m + j]) sum += c.weightRaw[k * c.m + j]!;
          for (let j = 0; j < c.m; j++) if (c.eligible[k * c.m + j]) share[k * c.m + j] = c.weightRaw[k * c.m + j]! / sum;
        }
        const demand = new Float64Array(c.m);
        for (let k = 0; k < c.k; k++) for (let j = 0; j < c.m; j++) demand[j] += share[k * c.m + j]! * c.volume[k]!;
        const input: CapacityInput = {
          modelCount: c.m,
          segmentCount: c.k,
          gpuCount: 1,
          order: Int32Array.from({ length: c.m }, (_, j) => j),
          orderLength: c.m,
          lab: Int32Array.from(c.lab),
          gpu: new Int32Array(c.m),
          demand,
          hoursPerMTokens: Float64Array.from(c.e),
          price: Float64Array.from(c.price),
          share,
          segmentVolume: Float64Array.from(c.volume),
          elasticity: Float64Array.from(c.elasticity),
          poolHours: Float64Array.from(c.pool),
          cloudBurst: Uint8Array.from(c.burst.map(Number)),
        };
        const out = createCapacityOutput(c.m, c.labs);
        allocateCapacity(input, out, c.labs);
        // Replay the first stage by hand to get what the naive spill starts from.
        const left = Float64Array.from(c.pool);
        const own = new Float64Array(c.m);
        for (let j = 0; j < c.m; j++) {
          const need = demand[j]! * c.e[j]!;
          const take = Math.min(need, left[c.lab[j]!]!);
          left[c.lab[j]!] -= take;
          own[j] = c.burst[c.lab[j]!] ? demand[j]! : take >= need ? demand[j]! : take / c.e[j]!;
        }
        const ref = naiveSpill(input, own, left);
        const scale = Math.max(1, demand.reduce((a, b) => a + b, 0));
        for (let j = 0; j < c.m; j++) {
          expect(Math.abs(out.ownServed[j]! - own[j]!)).toBeLessThan(1e-9 * scale);
          expect(Math.abs(out.spillIn[j]! - ref.spillIn[j]!)).toBeLessThan(1e-9 * scale);
          expect(Math.abs(out.lost[j]! - Math.max(0, ref.lost[j]!))).toBeLessThan(1e-9 * scale);
        }
      }),
      { numRuns: 500, seed: 42 },
    );
  });
});

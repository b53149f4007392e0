import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { computeDemand } from './logit-demand.js';
import { volumeScale } from './segment-volume.js';
import { createDemandOutput, createSegmentArrays, type DemandInput, type SegmentArrays } from './types.js';

interface SegSpec {
  tier: number;
  threshold: number;
  alpha: number;
  beta: number;
  elasticity: number;
  referencePrice: number;
  volumeScale: number;
}

function segments(specs: SegSpec[]): SegmentArrays {
  const s = createSegmentArrays(specs.length);
  specs.forEach((x, k) => {
    s.tier[k] = x.tier;
    s.threshold[k] = x.threshold;
    s.alpha[k] = x.alpha;
    s.beta[k] = x.beta;
    s.elasticity[k] = x.elasticity;
    s.referencePrice[k] = x.referencePrice;
    s.volumeScale[k] = x.volumeScale;
  });
  return s;
}

function input(models: { p: number; q: number; brand?: number; tier: number }[], seg: SegmentArrays): DemandInput {
  return {
    modelCount: models.length,
    price: Float64Array.from(models.map((m) => m.p)),
    capability: Float64Array.from(models.map((m) => m.q)),
    brand: Float64Array.from(models.map((m) => m.brand ?? 0)),
    tier: Int32Array.from(models.map((m) => m.tier)),
    segments: seg,
  };
}

const low: SegSpec = { tier: 0, threshold: 60, alpha: 2.5, beta: 0.15, elasticity: 1.4, referencePrice: 4, volumeScale: 1000 };
const high: SegSpec = { tier: 1, threshold: 75, alpha: 2, beta: 0.25, elasticity: 1.6, referencePrice: 25, volumeScale: 300 };

describe(computeDemand.name, () => {
  it('one model at the threshold: P_k = p and Q_k = A (p / ref)^-eps', () => {
    const seg = segments([low]);
    const out = createDemandOutput(1, 1);
    computeDemand(input([{ p: 2, q: 60, tier: 0 }], seg), out);
    expect(out.share[0]).toBe(1);
    expect(out.priceIndex[0]).toBeCloseTo(2, 12);
    const q = 1000 * Math.pow(2 / 4, -1.4);
    expect(out.volume[0]).toBeCloseTo(q, 8);
    expect(out.demand[0]).toBeCloseTo(q, 8);
    expect(out.spend[0]).toBeCloseTo(2 * q, 8);
    expect(out.eligibleCount[0]).toBe(1);
  });

  it('two models: shares, price index and volume by hand', () => {
    const seg = segments([low]);
    const out = createDemandOutput(2, 1);
    computeDemand(input([{ p: 3, q: 70, brand: 0.5, tier: 0 }, { p: 1, q: 62, tier: 0 }], seg), out);
    const v1 = 0.15 * 10 + 0.5 - 2.5 * Math.log(3);
    const v2 = 0.15 * 2 - 2.5 * Math.log(1);
    const denom = Math.exp(v1) + Math.exp(v2);
    expect(out.share[0]).toBeCloseTo(Math.exp(v1) / denom, 14);
    expect(out.share[1]).toBeCloseTo(Math.exp(v2) / denom, 14);
    const pIndex = Math.pow(denom, -1 / 2.5);
    expect(out.priceIndex[0]).toBeCloseTo(pIndex, 12);
    const q = 1000 * Math.pow(pIndex / 4, -1.4);
    expect(out.volume[0]).toBeCloseTo(q, 8);
    expect(out.spend[0]).toBeCloseTo((3 * Math.exp(v1) + 1 * Math.exp(v2)) / denom * q, 8);
  });

  it('serves a segment only with models at its tier or above, and none below every tier', () => {
    const seg = segments([low, high]);
    const out = createDemandOutput(3, 2);
    const models = [
      { p: 2, q: 80, tier: 1 },
      { p: 1, q: 65, tier: 0 },
      { p: 0.1, q: 30, tier: -1 },
    ];
    computeDemand(input(models, seg), out);
    expect(out.eligibleCount[0]).toBe(2);
    expect(out.eligibleCount[1]).toBe(1);
    expect(out.share[1 * 3 + 0]).toBe(1); // segment 1, model 0
    expect(out.share[1 * 3 + 1]).toBe(0);
    expect(out.share[2]).toBe(0);
    expect(out.demand[2]).toBe(0);
    expect(out.demand[0] + out.demand[1]).toBeCloseTo(out.volume[0] + out.volume[1], 6);
    // The tier-1 model alone in segment 1, 5 points above its threshold.
    expect(out.priceIndex[1]).toBeCloseTo(Math.exp(-(0.25 * 5 - 2 * Math.log(2)) / 2), 12);
  });

  it('ignores models flagged unavailable, and a segment with no eligible model has no volume', () => {
    const seg = segments([low, high]);
    const out = createDemandOutput(2, 2);
    const inp = input([{ p: 2, q: 62, tier: 0 }, { p: 2, q: 62, tier: 0 }], seg);
    inp.available = Uint8Array.from([1, 0]);
    computeDemand(inp, out);
    expect(out.share[0]).toBe(1);
    expect(out.share[1]).toBe(0);
    expect(out.demand[1]).toBe(0);
    expect(out.volume[1]).toBe(0);
    expect(out.spend[1]).toBe(0);
    expect(out.eligibleCount[1]).toBe(0);
  });

  it('Jevons: price falling by F multiplies volume by F^eps and spend by F^(eps-1)', () => {
    const seg = segments([low]);
    const before = createDemandOutput(1, 1);
    const after = createDemandOutput(1, 1);
    const F = 4;
    computeDemand(input([{ p: 8, q: 66, tier: 0 }], seg), before);
    computeDemand(input([{ p: 8 / F, q: 66, tier: 0 }], seg), after);
    expect(after.volume[0] / before.volume[0]).toBeCloseTo(Math.pow(F, 1.4), 10);
    expect(after.spend[0] / before.spend[0]).toBeCloseTo(Math.pow(F, 0.4), 10);
  });

  it('stays finite at extreme capabilities and prices', () => {
    const seg = segments([low, high]);
    const out = createDemandOutput(4, 2);
    const models = [
      { p: 1e-300, q: 1e6, tier: 1 },
      { p: 1e300, q: 1e6, tier: 1 },
      { p: 1e300, q: 60, tier: 0 },
      { p: 1e-300, q: 61, tier: 0 },
    ];
    computeDemand(input(models, seg), out);
    for (const arr of [out.demand, out.share, out.volume, out.priceIndex, out.spend, out.inclusiveValue]) {
      for (const v of arr) expect(Number.isFinite(v)).toBe(true);
    }
    for (let k = 0; k < 2; k++) expect(out.share[k * 4] + out.share[k * 4 + 1] + out.share[k * 4 + 2] + out.share[k * 4 + 3]).toBeCloseTo(1, 12);
  });

  it('property: shares of each served segment sum to 1, all outputs finite and non-negative', () => {
    const model = fc.record({
      p: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
      q: fc.double({ min: 0, max: 100, noNaN: true }),
      brand: fc.double({ min: -3, max: 3, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(model, { minLength: 1, maxLength: 8 }), (ms) => {
        const seg = segments([low, high]);
        const tiered = ms.map((m) => ({ ...m, tier: m.q >= 75 ? 1 : m.q >= 60 ? 0 : -1 }));
        const out = createDemandOutput(ms.length, 2);
        computeDemand(input(tiered, seg), out);
        for (let k = 0; k < 2; k++) {
          let sum = 0;
          for (let j = 0; j < ms.length; j++) sum += out.share[k * ms.length + j];
          if (out.eligibleCount[k] > 0) expect(sum).toBeCloseTo(1, 10);
          else expect(sum).toBe(0);
          expect(out.volume[k] >= 0 && Number.isFinite(out.volume[k])).toBe(true);
        }
        for (let j = 0; j < ms.length; j++) expect(out.demand[j] >= 0 && Number.isFinite(out.demand[j])).toBe(true);
      }),
    );
  });
});

/** A model as the period loop's specs draw it: any price, including 0 and Infinity, and whether it is available. */
const periodModel = fc.record({
  p: fc.oneof(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.constantFrom(0, Infinity, 1e-320, 1e300)),
  q: fc.double({ min: 0, max: 100, noNaN: true }),
  brand: fc.double({ min: -3, max: 3, noNaN: true }),
  available: fc.boolean(),
});

describe('computeDemand without ln s_jk (the period loop)', () => {
  it('writes every other output as the full evaluation does, bit for bit, and leaves logShare alone', () => {
    fc.assert(
      fc.property(fc.array(periodModel, { minLength: 1, maxLength: 8 }), fc.boolean(), (ms, withSpend) => {
        const seg = segments([low, high]);
        const inp = input(ms.map((m) => ({ ...m, tier: m.q >= 75 ? 1 : m.q >= 60 ? 0 : -1 })), seg);
        inp.available = Uint8Array.from(ms.map((m) => (m.available ? 1 : 0)));
        const full = createDemandOutput(ms.length, 2);
        const part = createDemandOutput(ms.length, 2);
        part.logShare.fill(7);
        computeDemand(inp, full, withSpend);
        computeDemand(inp, part, withSpend, false);
        for (const key of ['logPrice', 'demand', 'share', 'volume', 'priceIndex', 'inclusiveValue', 'spend', 'eligibleCount'] as const) {
          expect(Array.from(part[key]).every((x, i) => Object.is(x, full[key][i]))).toBe(true);
        }
        expect(Array.from(part.logShare).every((x) => x === 7)).toBe(true);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe('computeDemand over a list of the available models (the period loop)', () => {
  it('writes their entries and the segments\' outputs as without the list, bit for bit, and nothing else', () => {
    fc.assert(
      fc.property(fc.array(periodModel, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), (ms, withSpend, withLogShare) => {
        const m = ms.length;
        const seg = segments([low, high]);
        const inp = input(ms.map((x) => ({ ...x, tier: x.q >= 75 ? 1 : x.q >= 60 ? 0 : -1 })), seg);
        inp.available = Uint8Array.from(ms.map((x) => (x.available ? 1 : 0)));
        const models = new Int32Array(m);
        let count = 0;
        for (let j = 0; j < m; j++) if (ms[j].available) models[count++] = j;
        const full = createDemandOutput(m, 2);
        const part = createDemandOutput(m, 2);
        // What the unavailable models' entries held before (a frame's earlier periods).
        for (const key of ['logPrice', 'demand', 'share', 'logShare', 'priceIndex', 'spend'] as const) {
          full[key].fill(7);
          part[key].fill(7);
        }
        computeDemand(inp, full, withSpend, withLogShare);
        computeDemand(inp, part, withSpend, withLogShare, models, count);
        for (const key of ['volume', 'priceIndex', 'inclusiveValue', 'spend', 'eligibleCount'] as const) {
          expect(Array.from(part[key]).every((x, i) => Object.is(x, full[key][i]))).toBe(true);
        }
        for (let j = 0; j < m; j++) {
          const want = (arr: Float64Array, i: number) => (ms[j].available ? arr[i] : 7);
          expect(Object.is(part.logPrice[j], want(full.logPrice, j))).toBe(true);
          expect(Object.is(part.demand[j], want(full.demand, j))).toBe(true);
          for (let k = 0; k < 2; k++) {
            expect(Object.is(part.share[k * m + j], want(full.share, k * m + j))).toBe(true);
            expect(Object.is(part.logShare[k * m + j], want(full.logShare, k * m + j))).toBe(true);
          }
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe(volumeScale.name, () => {
  it('grows exponentially: A0 g^years', () => {
    expect(volumeScale(100, 2, 1.5)).toBeCloseTo(100 * Math.pow(2, 1.5), 10);
    expect(volumeScale(100, 3, 0)).toBe(100);
  });

  it('saturates logistically: starts at A0, tends to V, V / (1 + (V/A0 - 1) g^-years)', () => {
    expect(volumeScale(100, 2, 0, 1000)).toBeCloseTo(100, 10);
    expect(volumeScale(100, 2, 1, 1000)).toBeCloseTo(1000 / (1 + 9 / 2), 10);
    expect(volumeScale(100, 2, 60, 1000)).toBeCloseTo(1000, 6);
  });
});

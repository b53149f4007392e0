import { describe, expect, it } from '@jest/globals';
import type { GpuType, Technology } from '../scenario/types.js';
import { costPerMTokens, effectiveGpuHours, rawHoursFromCost, roofline, servingGain } from './roofline.js';

const gpu: GpuType = { name: 'G', memoryGB: 80, bandwidthTBs: 2, tflops: 100, tcoPerHour: 2 };
const tech: Technology = {
  servingEfficiencyGainPerYear: 1.5,
  algorithmicEfficiencyGainPerYear: 4,
  avgContextTokens: 1000,
  memUtil: 0.9,
  bwUtil: 0.5,
  mfu: 0.5,
  maxBatch: 64,
  loadFactor: 0.5,
};

describe(roofline.name, () => {
  it('compute binds: 10B params, 1 GPU, R = n flops mfu / (2 N) = 2500 tok/s', () => {
    const sut = roofline({ gpuType: 'G', activeParamsB: 10, totalParamsB: 10, bytesPerParam: 1, kvBytesPerToken: 1e5 }, gpu, tech);
    if (!sut.ok) throw new Error(sut.message);
    // W_tot = 10 GB <= 0.8 * 80 GB, so n = 1; K = 72 GB - 10 GB = 62 GB; 62e9 / (1000 * 1e5) = 620 > 64.
    expect(sut.gpusPerReplica).toBe(1);
    expect(sut.kvBudgetBytes).toBeCloseTo(62e9, -3);
    expect(sut.batch).toBe(64);
    expect(sut.binding).toBe('compute');
    expect(sut.tokensPerSecond).toBeCloseTo(2500, 9);
    expect(sut.rawGpuHoursPerMTokens).toBeCloseTo(1e6 / (3600 * 2500), 12);
  });

  it('bandwidth binds when compute is plentiful: R = B n bw bwUtil / (W_act + B L k)', () => {
    const sut = roofline(
      { gpuType: 'G', activeParamsB: 10, totalParamsB: 10, bytesPerParam: 1, kvBytesPerToken: 1e5 },
      { ...gpu, tflops: 1000 },
      tech,
    );
    if (!sut.ok) throw new Error(sut.message);
    // 64 * 2e12 * 0.5 / (10e9 + 64 * 1000 * 1e5) = 64e12 / 16.4e9
    expect(sut.binding).toBe('bandwidth');
    expect(sut.tokensPerSecond).toBeCloseTo(64e12 / 16.4e9, 9);
  });

  it('picks the smallest replica that holds the weights at 80% of memory', () => {
    // 200 GB of weights: 0.8 * 80 = 64 GB per GPU -> ceil(200 / 64) = 4 GPUs.
    const sut = roofline({ gpuType: 'G', activeParamsB: 20, totalParamsB: 100, bytesPerParam: 2, kvBytesPerToken: 1e5 }, gpu, tech);
    if (!sut.ok) throw new Error(sut.message);
    expect(sut.gpusPerReplica).toBe(4);
    expect(sut.weightsBytes).toBe(200e9);
  });

  it('a 93.3% KV cut lowers cost per token by the factor the roofline predicts', () => {
    const bigTech = { ...tech, maxBatch: 1024 };
    const fast = { ...gpu, tflops: 1e6 }; // compute never binds, so the KV term matters
    const base = { gpuType: 'G', activeParamsB: 10, totalParamsB: 10, bytesPerParam: 1 };
    const before = roofline({ ...base, kvBytesPerToken: 1e6 }, fast, bigTech);
    const after = roofline({ ...base, kvBytesPerToken: 1e6 * (1 - 0.933) }, fast, bigTech);
    if (!before.ok || !after.ok) throw new Error('unexpected roofline error');
    // By hand: K = 62e9. Before: L k = 1e9 -> B = 62; after: L k = 6.7e7 -> B = floor(925.37) = 925.
    const rBefore = (62 * 2e12 * 0.5) / (10e9 + 62 * 1e9);
    const rAfter = (925 * 2e12 * 0.5) / (10e9 + 925 * 6.7e7);
    expect(before.batch).toBe(62);
    expect(after.batch).toBe(925);
    const hour = 2;
    const cBefore = costPerMTokens(effectiveGpuHours(before.rawGpuHoursPerMTokens, 0.5, 1), hour);
    const cAfter = costPerMTokens(effectiveGpuHours(after.rawGpuHoursPerMTokens, 0.5, 1), hour);
    expect(cAfter / cBefore).toBeCloseTo(rBefore / rAfter, 12);
    expect(cAfter).toBeLessThan(cBefore / 5);
  });

  it('refuses a model that does not fit its replica, naming gpusPerReplica', () => {
    const sut = roofline({ gpuType: 'G', activeParamsB: 10, totalParamsB: 100, bytesPerParam: 1, gpusPerReplica: 1 }, gpu, tech);
    expect(sut.ok).toBe(false);
    if (!sut.ok) expect(sut.field).toBe('serving.gpusPerReplica');
  });

  it('refuses batch < 1, naming kvBytesPerToken', () => {
    // One sequence needs 1000 * 1e8 = 100 GB of KV; 62 GB free.
    const sut = roofline({ gpuType: 'G', activeParamsB: 10, totalParamsB: 10, bytesPerParam: 1, kvBytesPerToken: 1e8 }, gpu, tech);
    expect(sut.ok).toBe(false);
    if (!sut.ok) expect(sut.field).toBe('serving.kvBytesPerToken');
  });

  it('does not run for a model given by costPerMTokens', () => {
    const sut = roofline({ gpuType: 'G', costPerMTokens: 0.05 }, gpu, tech);
    expect(sut.ok && sut.binding).toBe('given');
  });
});

describe('cost helpers', () => {
  it('e = h / (loadFactor S), S = gain^years; cost back-derivation inverts c = e hourCost', () => {
    const s = servingGain(1.5, 2);
    expect(s).toBeCloseTo(2.25, 12);
    const e = effectiveGpuHours(0.1, 0.5, s);
    expect(e).toBeCloseTo(0.1 / (0.5 * 2.25), 12);
    const c = costPerMTokens(e, 3);
    expect(rawHoursFromCost(c, 3, 0.5, s)).toBeCloseTo(0.1, 12);
  });
});

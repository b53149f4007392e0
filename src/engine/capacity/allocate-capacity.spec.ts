import { describe, expect, it } from '@jest/globals';
import { allocateCapacity, createCapacityOutput, type CapacityInput } from './allocate-capacity.js';

// Two labs, one GPU type, one segment; model 0 (lab 0) is newest; e_j = 1 GPU-hour per 1M tokens.
function twoModels(over: Partial<{ pool0: number; pool1: number; p1: number; burst0: number }> = {}): CapacityInput {
  const { pool0 = 10, pool1 = 100, p1 = 2, burst0 = 0 } = over;
  return {
    modelCount: 2,
    segmentCount: 1,
    gpuCount: 1,
    order: Int32Array.from([0, 1]),
    orderLength: 2,
    lab: Int32Array.from([0, 1]),
    gpu: Int32Array.from([0, 0]),
    demand: Float64Array.from([30, 20]),
    hoursPerMTokens: Float64Array.from([1, 1]),
    price: Float64Array.from([1, p1]),
    share: Float64Array.from([0.6, 0.4]),
    segmentVolume: Float64Array.from([50]),
    elasticity: Float64Array.from([1.5]),
    poolHours: Float64Array.from([pool0, pool1]),
    cloudBurst: Uint8Array.from([burst0, 0]),
  };
}

describe(allocateCapacity.name, () => {
  it('spills a rationed model to a dearer rival re-priced by (p_i/p_j)^-eps', () => {
    const out = createCapacityOutput(2, 2);
    allocateCapacity(twoModels(), out, 2);
    // Model 0 serves 10 of 30; its 20 unserved go to model 1 (the only other) times 2^-1.5.
    const offer = 20 * Math.pow(2, -1.5);
    expect(out.ownServed[0]).toBeCloseTo(10, 12);
    expect(out.spillIn[1]).toBeCloseTo(offer, 12);
    expect(out.served[1]).toBeCloseTo(20 + offer, 12);
    expect(out.lost[0]).toBeCloseTo(20 - offer, 12);
    expect(out.served[0]! + out.served[1]! + out.lost[0]! + out.lost[1]!).toBeCloseTo(50, 12);
    expect(out.ownedHoursUsed[0]).toBeCloseTo(10, 12);
  });

  it('scales offers to the receiving pool’s spare hours', () => {
    const out = createCapacityOutput(2, 2);
    allocateCapacity(twoModels({ pool1: 25 }), out, 2);
    expect(out.spillIn[1]).toBeCloseTo(5, 12);
    expect(out.lost[0]).toBeCloseTo(15, 12);
    expect(out.ownedHoursUsed[1]).toBeCloseTo(25, 12);
  });

  it('does not inflate a spill to a cheaper rival', () => {
    const out = createCapacityOutput(2, 2);
    allocateCapacity(twoModels({ p1: 0.5 }), out, 2);
    expect(out.spillIn[1]).toBeCloseTo(20, 12);
    expect(out.lost[0]).toBeCloseTo(0, 12);
  });

  it('a cloudBurst lab serves all its demand, renting what its fleet lacks', () => {
    const out = createCapacityOutput(2, 2);
    allocateCapacity(twoModels({ burst0: 1 }), out, 2);
    expect(out.served[0]).toBe(30);
    expect(out.rentedHours[0]).toBeCloseTo(20, 12);
    expect(out.spillIn[1]).toBe(0);
  });

  it('takes capacity newest first within a lab and GPU type', () => {
    const input: CapacityInput = {
      ...twoModels(),
      lab: Int32Array.from([0, 0]),
      order: Int32Array.from([1, 0]), // model 1 is the newer one here
      poolHours: Float64Array.from([25, 0]),
      share: Float64Array.from([0.6, 0.4]),
    };
    const out = createCapacityOutput(2, 2);
    allocateCapacity(input, out, 2);
    expect(out.ownServed[1]).toBe(20);
    expect(out.ownServed[0]).toBeCloseTo(5, 12);
    // The pool is exhausted: nothing spills back in.
    expect(out.spillIn[1]).toBe(0);
    expect(out.lost[0]).toBeCloseTo(25, 12);
  });

  it('splits the unserved volume over segments by s_jk Q_k; a segment with no other model loses its part', () => {
    // Segment-major shares (k * M + j): segment 0 = [0.5, 0.5], segment 1 = [1, 0]; Q = [40, 10].
    // x_0 = 0.5 * 40 + 10 = 30 of which 10 served; 20 unserved = 40/3 in segment 0 + 20/3 in segment 1.
    const input: CapacityInput = {
      ...twoModels({ p1: 1 }),
      segmentCount: 2,
      share: Float64Array.from([0.5, 0.5, 1, 0]),
      segmentVolume: Float64Array.from([40, 10]),
      elasticity: Float64Array.from([1.5, 1.5]),
    };
    const out = createCapacityOutput(2, 2);
    allocateCapacity(input, out, 2);
    expect(out.spillIn[1]).toBeCloseTo(40 / 3, 12);
    expect(out.lost[0]).toBeCloseTo(20 / 3, 12);
  });

  it('a reused output gives a fresh one’s bits: a model whose demand falls to 0 or that leaves passes nothing on', () => {
    // Models 0 and 2 share lab 0's pool, model 1 has lab 1's; one segment, distinct prices.
    const three = (demand: number[], orderLength = 3): CapacityInput => ({
      modelCount: 3,
      segmentCount: 1,
      gpuCount: 1,
      order: Int32Array.from([0, 1, 2]),
      orderLength,
      lab: Int32Array.from([0, 1, 0]),
      gpu: Int32Array.from([0, 0, 0]),
      demand: Float64Array.from(demand),
      hoursPerMTokens: Float64Array.from([1, 1, 1]),
      price: Float64Array.from([1, 2, 0.5]),
      share: Float64Array.from([0.5, 0.3, 0.2]),
      segmentVolume: Float64Array.from([65]),
      elasticity: Float64Array.from([1.5]),
      poolHours: Float64Array.from([10, 100]),
      cloudBurst: Uint8Array.from([0, 0]),
    });
    const fields = ['ownServed', 'spillIn', 'served', 'lost', 'ownedHoursUsed', 'rentedHours'] as const;
    const reused = createCapacityOutput(3, 2);
    // Model 2 is rationed first (15 unserved), then has no demand, then is not available.
    for (const input of [three([30, 20, 15]), three([30, 20, 0]), three([30, 20, -0]), three([30, 20, 15], 2)]) {
      allocateCapacity(input, reused, 2);
      const fresh = createCapacityOutput(3, 2);
      allocateCapacity(input, fresh, 2);
      for (const f of fields) expect(Array.from(reused[f])).toEqual(Array.from(fresh[f]));
    }
    // The last call: model 2 is unavailable and stays at 0.
    expect(reused.served[2]).toBe(0);
    expect(reused.lost[2]).toBe(0);
  });
});

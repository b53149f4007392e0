import { describe, expect, it } from '@jest/globals';
import { allocateCapacity, createCapacityOutput, type CapacityInput } from './allocate-capacity.js';
import { capacityScratch } from './capacity-scratch.js';

// The scratch arrays are the thread's and start at fixed sizes (capacity-scratch.ts). A frame with
// more models, segments or pools than they cover must grow them, and then give the bits of the same
// market in a small frame: three models, two labs, one segment of the three that has shares.

interface Placement {
  modelCount: number;
  segmentCount: number;
  labCount: number;
  /** Index of each of the three models, their segment, and the two labs' indices. */
  models: [number, number, number];
  segment: number;
  labs: [number, number];
}

function inputOf(at: Placement): CapacityInput {
  const { modelCount: M, segmentCount: K } = at;
  const perModel = (values: number[]) => {
    const a = new Float64Array(M);
    at.models.forEach((j, i) => (a[j] = values[i]!));
    return a;
  };
  const lab = new Int32Array(M);
  at.models.forEach((j, i) => (lab[j] = at.labs[i === 1 ? 1 : 0]));
  const share = new Float64Array(M * K);
  at.models.forEach((j, i) => (share[at.segment * M + j] = [0.5, 0.3, 0.2][i]!));
  const poolHours = new Float64Array(at.labCount);
  poolHours[at.labs[0]] = 10;
  poolHours[at.labs[1]] = 100;
  const segmentVolume = new Float64Array(K);
  segmentVolume[at.segment] = 65;
  return {
    modelCount: M,
    segmentCount: K,
    gpuCount: 1,
    order: Int32Array.from(at.models),
    orderLength: 3,
    lab,
    gpu: new Int32Array(M),
    demand: perModel([30, 20, 15]),
    hoursPerMTokens: perModel([1, 1.5, 0.5]),
    price: perModel([1, 2, 0.5]),
    share,
    segmentVolume,
    elasticity: Float64Array.from({ length: K }, () => 1.5),
    poolHours,
    cloudBurst: new Uint8Array(at.labCount),
  };
}

const fields = ['ownServed', 'spillIn', 'served', 'lost'] as const;

describe('capacity scratch', () => {
  it('grows for a frame larger than it covers, and that frame gives the small frame’s bits', () => {
    const small: Placement = { modelCount: 3, segmentCount: 1, labCount: 2, models: [0, 1, 2], segment: 0, labs: [0, 1] };
    // Past every initial size: 300 models, 20 segments (6,000 positions), 300 pools; the three
    // models, their segment and their labs sit at the ends.
    const large: Placement = { modelCount: 300, segmentCount: 20, labCount: 300, models: [297, 299, 298], segment: 19, labs: [296, 299] };
    const smallOut = createCapacityOutput(3, 2, 1);
    allocateCapacity(inputOf(small), smallOut, 2);
    expect(smallOut.spillIn[1]).toBeGreaterThan(0);

    // The output is made for one segment: the call itself must grow the positions.
    const largeOut = createCapacityOutput(300, 300);
    allocateCapacity(inputOf(large), largeOut, 300);
    for (const f of fields) {
      large.models.forEach((j, i) => expect(Object.is(largeOut[f][j], smallOut[f][small.models[i]!])).toBe(true));
    }
    expect(Object.is(largeOut.ownedHoursUsed[296], smallOut.ownedHoursUsed[0])).toBe(true);
    expect(Object.is(largeOut.ownedHoursUsed[299], smallOut.ownedHoursUsed[1])).toBe(true);
    expect(capacityScratch.models).toBeGreaterThanOrEqual(300);
    expect(capacityScratch.positions).toBeGreaterThanOrEqual(6000);
    expect(capacityScratch.pools).toBeGreaterThanOrEqual(300);

    // And the small frame still gives its bits after the growth.
    const again = createCapacityOutput(3, 2, 1);
    allocateCapacity(inputOf(small), again, 2);
    for (const f of fields) expect(Array.from(again[f])).toEqual(Array.from(smallOut[f]));
  });
});

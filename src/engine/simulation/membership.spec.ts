import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MembershipSchedule } from './membership.js';

/** What the period loop computed per model before the schedule (released, available, and the lists). */
function direct(release: number[], retire: number[], newestFirst: number[], t: number) {
  const m = release.length;
  const released = release.map((r) => (r <= t ? 1 : 0));
  const available = release.map((r, j) => (r <= t && t < retire[j]! ? 1 : 0));
  const wasAvailable = release.map((r, j) => (r <= t - 1 && t - 1 < retire[j]! ? 1 : 0));
  const indexes = Array.from({ length: m }, (_, j) => j);
  return {
    released,
    available,
    availableModels: indexes.filter((j) => available[j] === 1),
    order: newestFirst.filter((j) => available[j] === 1),
    releasedNow: indexes.filter((j) => release[j] === t),
    leaving: indexes.filter((j) => wasAvailable[j] === 1 && available[j] === 0),
  };
}

const layout = fc.integer({ min: 1, max: 12 }).chain((m) =>
  fc.record({
    release: fc.array(fc.integer({ min: -3, max: 10 }), { minLength: m, maxLength: m }),
    // Retire periods after the release, or none (Infinity).
    gap: fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constant(Infinity)), { minLength: m, maxLength: m }),
    order: fc.shuffledSubarray(
      Array.from({ length: m }, (_, j) => j),
      { minLength: m, maxLength: m },
    ),
  }),
);

describe('MembershipSchedule', () => {
  it('gives each period the released and available models, their lists, releases and leavers', () => {
    fc.assert(
      fc.property(layout, ({ release, gap, order }) => {
        const retire = release.map((r, j) => r + gap[j]!);
        const schedule = new MembershipSchedule(Int32Array.from(release), Float64Array.from(retire), Int32Array.from(order));
        for (let t = 0; t < 12; t++) {
          const at = schedule.at(t);
          const want = direct(release, retire, order, t);
          expect({
            released: Array.from(at.released),
            available: Array.from(at.available),
            availableModels: Array.from(at.availableModels),
            order: Array.from(at.order),
            releasedNow: Array.from(at.releasedNow),
            leaving: Array.from(at.leaving),
          }).toEqual(want);
          expect(at.tiers).toBeUndefined();
        }
      }),
    );
  });

  it('keeps a period once made, so its tier state is remembered with it', () => {
    const schedule = new MembershipSchedule(Int32Array.from([0, 2]), Float64Array.from([5, Infinity]), Int32Array.from([1, 0]));
    const first = schedule.at(2);
    expect(first.kept).toBe(true);
    expect(schedule.at(2)).toBe(first);
    expect(schedule.at(3)).not.toBe(first);
  });

  it('stops keeping periods past its budget of model slots, and still answers them', () => {
    // 2^17 slots: one period of 100,000 models fits, a second does not.
    const m = 100_000;
    const schedule = new MembershipSchedule(new Int32Array(m), new Float64Array(m).fill(Infinity), Int32Array.from({ length: m }, (_, j) => j));
    expect(schedule.at(0)).toBe(schedule.at(0));
    const second = schedule.at(1);
    expect(second.availableModels.length).toBe(m);
    expect(second.kept).toBe(false);
    expect(schedule.at(1)).not.toBe(second);
  });
});

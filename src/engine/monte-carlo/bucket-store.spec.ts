import { describe, it, expect } from '@jest/globals';
import { BucketStore, NARROW_LIMIT } from './bucket-store.js';
import { bucketOf, CellSummary } from './log-sketch.js';
import { pathStream, uniform01 } from '../random/path-stream.js';

describe(BucketStore.name, () => {
  it('keeps each store its own counts while many grow side by side (their arrays share blocks)', () => {
    // 400 stores growing up and down by turns to ~2,000 buckets each: ~1.6M counts, several blocks.
    const stores = Array.from({ length: 400 }, () => new BucketStore());
    const expected = stores.map(() => new Map<number, number>());
    const rng = pathStream(9, 0);
    for (let round = 0; round < 12; round++) {
      stores.forEach((store, k) => {
        const center = 1000 * (k % 7) - 3000;
        for (let j = 0; j < 20; j++) {
          const index = center + Math.floor((uniform01(rng) - 0.5) * 170 * (round + 1));
          const n = 1 + Math.floor(uniform01(rng) * 3);
          store.add(index, n);
          expected[k]!.set(index, (expected[k]!.get(index) ?? 0) + n);
        }
      });
    }
    stores.forEach((store, k) => {
      const got = new Map<number, number>();
      for (let i = store.lo; i <= store.hi; i++) if (store.get(i) > 0) got.set(i, store.get(i));
      expect([...got].sort((a, b) => a[0] - b[0])).toEqual([...expected[k]!].sort((a, b) => a[0] - b[0]));
    });
  });
});

describe('BucketStore counts past 16 bits', () => {
  // Stores count in 16 bits while they hold at most NARROW_LIMIT values, then go wide (32 bits).
  const over = NARROW_LIMIT + 4466;

  it('by add, addCounts and merge', () => {
    const a = new BucketStore();
    for (let k = 0; k < 3; k++) a.add(5, 30000);
    a.add(-2000, 1);
    expect([a.wide, a.get(5), a.get(-2000), a.lo, a.hi]).toEqual([true, 90000, 1, -2000, 5]);
    const b = new BucketStore();
    b.addCounts(10, Float64Array.of(over, 0, 1), 3);
    expect([b.wide, b.get(10), b.get(11), b.get(12)]).toEqual([true, over, 0, 1]);
    b.merge(a);
    expect([b.get(5), b.get(10), b.get(-2000)]).toEqual([90000, over, 1]);
    const c = new BucketStore();
    c.add(3, 40000);
    const d = new BucketStore();
    d.add(3, 40000);
    d.add(4, 7);
    c.merge(d);
    expect([c.wide, c.get(3), c.get(4)]).toEqual([true, 80000, 7]);
  });

  it('by CellSummary.addAll (one sign and mixed batches) and addRepeated', () => {
    const cell = new CellSummary();
    const batch = new Float64Array(64).fill(3);
    batch[63] = 5;
    const mixed = new Float64Array(64).fill(-3);
    mixed[0] = 0;
    mixed[1] = 7;
    for (let k = 0; k < 1100; k++) {
      cell.addAll(batch, 0, 64);
      cell.addAll(mixed, 0, 64);
    }
    expect([cell.positive.wide, cell.positive.get(bucketOf(3)), cell.positive.get(bucketOf(5)), cell.positive.get(bucketOf(7))]).toEqual([true, 63 * 1100, 1100, 1100]);
    expect([cell.negative.wide, cell.negative.get(bucketOf(-3)), cell.zeros, cell.count]).toEqual([true, 62 * 1100, 1100, 128 * 1100]);
    const repeated = new CellSummary();
    repeated.addRepeated(2, 100);
    repeated.addRepeated(2, over);
    expect([repeated.positive.wide, repeated.positive.get(bucketOf(2))]).toEqual([true, over + 100]);
  });
});

describe('BucketStore (through CellSummary)', () => {
  it('keeps every count when the largest magnitude jumps far beyond the kept range', () => {
    const c = new CellSummary();
    [1e-30, 2e-30, 1, 1e30, 5e-31].forEach((x) => c.add(x));
    let total = 0;
    for (let i = c.positive.lo; i <= c.positive.hi; i++) total += c.positive.get(i);
    expect(total).toBe(5);
    expect(c.quantiles([0, 1])).toEqual([5e-31, 1e30]);
  });
});

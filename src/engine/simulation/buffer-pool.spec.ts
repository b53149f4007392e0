import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { arbitraryScenario } from './arbitrary-scenario.js';
import { BufferPool } from './buffer-pool.js';
import { simulatePath } from './simulate-path.js';

describe(BufferPool.name, () => {
  it('lends a returned buffer of the same length again, all NaN', () => {
    const pool = new BufferPool();
    const a = pool.take(5);
    a.fill(7);
    pool.give([a]);
    expect(pool.take(3)).not.toBe(a);
    const b = pool.take(5);
    expect(b).toBe(a);
    expect(Array.from(b).every(Number.isNaN)).toBe(true);
  });

  it('a path simulated on reused (dirty) buffers equals one on fresh buffers', () => {
    const [first, second] = fc.sample(arbitraryScenario(), { numRuns: 2, seed: 9 });
    const pool = new BufferPool();
    for (const sc of [first!, second!, first!]) {
      const fresh = simulatePath({ periods: sc.periods, at: () => sc });
      const pooled = simulatePath({ periods: sc.periods, at: () => sc }, pool);
      expect([...pooled.series.keys()]).toEqual([...fresh.series.keys()]);
      for (const [key, s] of fresh.series) expect(Array.from(pooled.series.get(key)!)).toEqual(Array.from(s));
      for (const b of pooled.buffers!) b.fill(-1); // garbage a later path must not see
      pool.give(pooled.buffers!);
    }
  });

  it('a pooled path with the same series keys refills the previous map; other keys get a new map', () => {
    const [first, second] = fc.sample(arbitraryScenario(), { numRuns: 2, seed: 9 });
    const pool = new BufferPool();
    const run = (sc: typeof first) => {
      const result = simulatePath({ periods: sc!.periods, at: () => sc! }, pool);
      pool.give(result.buffers!);
      return result.series;
    };
    const a = run(first);
    expect(run(first)).toBe(a);
    expect(run(second)).not.toBe(a);
  });

  it('tells whether a path has the series keys of the previous one (keysAsBefore)', () => {
    const [first, second] = fc.sample(arbitraryScenario(), { numRuns: 2, seed: 9 });
    const pool = new BufferPool();
    const run = (sc: typeof first) => simulatePath({ periods: sc!.periods, at: () => sc! }, pool);
    const keys = (r: ReturnType<typeof run>) => [...r.series.keys()].join('\n');
    const a = run(first);
    expect(a.keysAsBefore).toBe(false);
    const b = run(first);
    expect(b.keysAsBefore).toBe(true);
    expect(keys(b)).toBe(keys(a));
    const c = run(second);
    expect(c.keysAsBefore).toBe(keys(c) === keys(b));
  });
});

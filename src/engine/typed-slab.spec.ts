import { describe, expect, it } from '@jest/globals';
import { TypedSlab } from './typed-slab.js';

describe(TypedSlab.name, () => {
  it('carves zeroed, non-overlapping arrays of each kind from one buffer', () => {
    const slab = new TypedSlab(3, 2, 5);
    const a = slab.float64(2);
    const b = slab.float64(1);
    const i = slab.int32(2);
    const u = slab.uint8(5);
    expect([...a, ...b, ...i, ...u]).toEqual(Array(10).fill(0));
    a.fill(1.5);
    b[0] = -2;
    i.fill(7);
    u.fill(255);
    expect([...a, ...b]).toEqual([1.5, 1.5, -2]);
    expect([...i]).toEqual([7, 7]);
    expect([...u]).toEqual([255, 255, 255, 255, 255]);
    expect(a.buffer).toBe(u.buffer);
  });

  it('refuses to carve past a region, naming the slab', () => {
    const slab = new TypedSlab(1, 1);
    slab.float64(1);
    expect(() => slab.float64(1)).toThrow(/TypedSlab: region exhausted/);
    expect(() => slab.int32(2)).toThrow(/TypedSlab: region exhausted/);
    expect(() => slab.uint8(1)).toThrow(/TypedSlab: region exhausted/);
  });

  it('after bytes() are zeroed and reset(), carves the same places again as new', () => {
    const slab = new TypedSlab(2, 1, 1);
    const first = slab.float64(2);
    first.fill(9);
    slab.int32(1)[0] = 3;
    slab.uint8(1)[0] = 4;
    slab.bytes().fill(0);
    slab.reset();
    const again = slab.float64(2);
    expect(again.byteOffset).toBe(first.byteOffset);
    expect([...again, ...slab.int32(1), ...slab.uint8(1)]).toEqual([0, 0, 0, 0]);
  });
});

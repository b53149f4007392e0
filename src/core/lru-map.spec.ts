import { describe, expect, it } from '@jest/globals';
import { LruMap } from './lru-map.js';

describe(LruMap.name, () => {
  it('drops the least recently used entries once the weight passes the bound', () => {
    const sut = new LruMap<string, number[]>(5, (v) => v.length);
    sut.set('a', [1, 2]);
    sut.set('b', [1, 2]);
    expect(sut.get('a')).toEqual([1, 2]); // a is now more recent than b
    sut.set('c', [1, 2]);
    expect([sut.get('a'), sut.get('b'), sut.get('c')]).toEqual([[1, 2], undefined, [1, 2]]);
    expect(sut.weight).toBe(4);
  });

  it('keeps nothing heavier than the bound and replaces a key without counting it twice', () => {
    const sut = new LruMap<string, number[]>(3, (v) => v.length);
    sut.set('big', [1, 2, 3, 4]);
    expect(sut.size).toBe(0);
    sut.set('x', [1]);
    sut.set('x', [1, 2]);
    expect({ size: sut.size, weight: sut.weight }).toEqual({ size: 1, weight: 2 });
  });

  it('deletes by key or by predicate', () => {
    const sut = new LruMap<string, { owner: string }>(10);
    sut.set('h1', { owner: 'k1' });
    sut.set('h2', { owner: 'k2' });
    sut.set('h3', { owner: 'k1' });
    sut.deleteWhere((_, v) => v.owner === 'k1');
    expect([sut.get('h1'), sut.get('h2'), sut.get('h3')]).toEqual([undefined, { owner: 'k2' }, undefined]);
    expect(sut.delete('h2')).toBe(true);
    expect({ size: sut.size, weight: sut.weight }).toEqual({ size: 0, weight: 0 });
  });
});

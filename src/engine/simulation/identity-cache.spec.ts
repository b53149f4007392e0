import { describe, expect, it } from '@jest/globals';
import { IdentityCache } from './identity-cache.js';

describe('IdentityCache', () => {
  it('gives what was set for the same key object, not for an equal one', () => {
    const cache = new IdentityCache<object, number>(2);
    const key = { a: 1 };
    cache.set(key, 7);
    expect(cache.get({ a: 1 })).toBeUndefined();
    expect(cache.get(key)).toBe(7);
  });

  it('holds unread entries among the last few set only', () => {
    const cache = new IdentityCache<object, number>(2);
    const keys = [{}, {}, {}];
    keys.forEach((key, i) => cache.set(key, i));
    expect(cache.get(keys[0]!)).toBeUndefined();
    expect(cache.get(keys[1]!)).toBe(1);
    expect(cache.get(keys[2]!)).toBe(2);
  });

  it('keeps an entry once read, however many are set after it', () => {
    const cache = new IdentityCache<object, number>(2);
    const shared = {};
    cache.set(shared, 1);
    expect(cache.get(shared)).toBe(1);
    for (let i = 0; i < 10; i++) cache.set({}, i);
    expect(cache.get(shared)).toBe(1);
    cache.set(shared, 2);
    expect(cache.get(shared)).toBe(2);
  });

  it('replaces the value of a recent key in place', () => {
    const cache = new IdentityCache<object, number>(2);
    const a = {};
    const b = {};
    cache.set(a, 1);
    cache.set(b, 2);
    cache.set(a, 3);
    expect(cache.get(a)).toBe(3);
    expect(cache.get(b)).toBe(2);
  });
});

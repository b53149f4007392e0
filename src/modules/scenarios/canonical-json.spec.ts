import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson, contentHash } from './canonical-json.js';

/** Rebuilds every object of a JSON value with its keys in reverse order (what JSONB may do to them). */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.keys(value).reverse().map((k) => [k, reversedKeys((value as Record<string, unknown>)[k])]));
  return value;
}

describe(canonicalJson.name, () => {
  it('sorts keys at every depth, keeps array order, and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: 'x y', c: null }], é: true })).toBe('{"a":[3,{"c":null,"d":"x y"}],"b":1,"é":true}');
  });

  it('is the sha256 hex of that text', () => {
    expect(contentHash({ b: 1, a: 2 })).toBe(createHash('sha256').update('{"a":2,"b":1}').digest('hex'));
  });

  it('does not depend on key order, and parses back to an equal value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(contentHash(reversedKeys(value))).toBe(contentHash(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('tells different documents apart', () => {
    expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: '1' }));
  });
});

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { copyRecord, forgetCopy } from './record-copy.js';
import { setPath, type OwnedCopies } from './path.js';

/** What `{ ...o }` gives, described: own keys (symbols too) in order, descriptors, prototype. */
function described(o: object): unknown {
  return { proto: Object.getPrototypeOf(o), keys: Reflect.ownKeys(o), descriptors: Object.getOwnPropertyDescriptors(o) };
}

const key = fc.oneof(fc.constantFrom('name', 'fleet', 'cash', '__proto__', '0', '7', '10', 'constructor', 'toString', 'a b', '"q"', '\u2028'), fc.string({ maxLength: 6 }));
const value = fc.oneof(fc.double(), fc.string({ maxLength: 4 }), fc.constant(undefined), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));

/** An object built as a JSON parse or a literal would, keys defined in order. */
function built(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  return o;
}

describe('copyRecord', () => {
  it('gives what a spread gives, for any keys, first sight or a copy of its own copy', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 20 }), fc.boolean(), (entries, recent) => {
        const o = built(entries);
        const spread = { ...o };
        const copy = copyRecord(o, recent);
        expect(copy).not.toBe(o);
        expect(described(copy)).toEqual(described(spread));
        // a copy of the copy (found among the recent ones when `recent`), twice over
        const again = copyRecord(copyRecord(copy, recent), recent);
        expect(described(again)).toEqual(described({ ...{ ...spread } }));
      }),
      { numRuns: 400 },
    );
  });

  it('spreads what a literal cannot copy alike: symbols, non-enumerable keys and getters as a spread does', () => {
    const sym = Symbol('s');
    const withSymbol = { a: 1, [sym]: 2 };
    expect(described(copyRecord(withSymbol, true))).toEqual(described({ ...withSymbol }));
    const hidden = { a: 1 };
    Object.defineProperty(hidden, 'b', { value: 2, enumerable: false });
    expect(described(copyRecord(hidden, true))).toEqual(described({ ...hidden }));
    let reads = 0;
    const getter = {
      a: 1,
      get b() {
        return ++reads;
      },
    };
    expect(described(copyRecord(getter, false))).toEqual(described({ a: 1, b: 1 }));
    expect(reads).toBe(1);
    const noProto = Object.assign(Object.create(null) as object, { a: 1, b: 2 });
    expect(described(copyRecord(noProto as Record<string, unknown>, true))).toEqual(described({ ...noProto }));
  });

  it('forgets a remembered copy whose keys change, so its next copy has the new key', () => {
    const first = copyRecord({ a: 1, b: 2, c: 3, d: 4, e: 5 }, true);
    forgetCopy(first);
    Object.defineProperty(first, 'f', { value: 6, writable: true, enumerable: true, configurable: true });
    expect(described(copyRecord(first, true))).toEqual(described({ ...first }));
  });

  it('lets setPath add a field to a copy it owns and copy that again with the field', () => {
    const doc = { a: { x: 1, y: 2, z: 3, w: 4, v: 5 }, b: 1 };
    const owned: OwnedCopies = [];
    const one = setPath(doc, 'a.x', 10, true, owned);
    if (!one.ok) throw new Error(one.message);
    const two = setPath(one.doc, 'a.u', 11, true, owned);
    if (!two.ok) throw new Error(two.message);
    owned.length = 0;
    const three = setPath(two.doc, 'a.x', 12, true, owned);
    if (!three.ok) throw new Error(three.message);
    expect(three.doc).toEqual({ a: { x: 12, y: 2, z: 3, w: 4, v: 5, u: 11 }, b: 1 });
    expect(Object.keys(three.doc.a)).toEqual(['x', 'y', 'z', 'w', 'v', 'u']);
  });
});

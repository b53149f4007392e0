import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { addPath, formatPath, getPath, parsePath, setPath } from './path.js';
// a dynamic import keeps the JSON import attribute through @swc/jest
const threeLabs = (await import('./fixtures/three-labs.json', { with: { type: 'json' } })).default;

const doc = threeLabs as unknown as Record<string, unknown>;

describe(parsePath.name, () => {
  it('parses keys, name selectors and index selectors', () => {
    expect(parsePath('labs[OpenLab].pricing.subsidy')).toEqual({
      ok: true,
      segments: [
        { kind: 'key', key: 'labs' },
        { kind: 'name', name: 'OpenLab' },
        { kind: 'key', key: 'pricing' },
        { kind: 'key', key: 'subsidy' },
      ],
    });
    expect(parsePath('models[3].capability')).toEqual({
      ok: true,
      segments: [{ kind: 'key', key: 'models' }, { kind: 'index', index: 3 }, { kind: 'key', key: 'capability' }],
    });
    expect(parsePath('models[open-r1].priceHistory[0].price').ok).toBe(true);
  });

  const bad = ['', '.a', 'a.', 'a..b', '[0]', 'a[', 'a[]', 'a]b', 'a[0]b', 'x'.repeat(501)];
  it.each(bad.map((p) => [p.length > 20 ? `${p.length} characters` : JSON.stringify(p), p]))('refuses %s', (_label, p) => {
    expect(parsePath(p).ok).toBe(false);
  });

  it('round-trips through formatPath', () => {
    const seg = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/).map((key) => ({ kind: 'key' as const, key })),
      fc.nat(50).map((index) => ({ kind: 'index' as const, index })),
      fc.stringMatching(/^[A-Za-z_-][A-Za-z0-9 ._-]{0,8}$/).map((name) => ({ kind: 'name' as const, name })),
    );
    const key = fc.stringMatching(/^[A-Za-z_]{1,8}$/).map((k) => ({ kind: 'key' as const, key: k }));
    fc.assert(
      fc.property(key, fc.array(seg, { maxLength: 6 }), (first, rest) => {
        // two keys in a row need a dot; formatPath writes it, parsePath reads it back
        const segments = [first, ...rest];
        const parsed = parsePath(formatPath(segments));
        expect(parsed).toEqual({ ok: true, segments });
      }),
    );
  });
});

describe(getPath.name, () => {
  it('reads by name, by tier and by index', () => {
    expect(getPath(doc, 'labs[OpenLab].fleet.H20')).toEqual({ ok: true, value: 30000, exists: true });
    expect(getPath(doc, 'segments[o1-class].elasticity')).toEqual({ ok: true, value: 1.6, exists: true });
    expect(getPath(doc, 'models[3].capability')).toEqual({ ok: true, value: 64, exists: true });
    expect(getPath(doc, 'labs[2].name')).toEqual({ ok: true, value: 'OpenLab', exists: true });
  });

  it('reports a missing last key as creatable and anything else as an error', () => {
    expect(getPath(doc, 'labs[Frontier].roadmap')).toEqual({ ok: true, value: undefined, exists: false });
    expect(getPath(doc, 'labs[Nobody].brand').ok).toBe(false);
    expect(getPath(doc, 'labs[7].brand').ok).toBe(false);
    expect(getPath(doc, 'labs[Frontier].roadmap.cadenceMonths').ok).toBe(false);
    expect(getPath(doc, 'labs.brand').ok).toBe(false);
    expect(getPath(doc, 'name[0]').ok).toBe(false);
  });
});

describe(setPath.name, () => {
  it('returns a new document with the leaf replaced and leaves the original untouched', () => {
    const r = setPath(doc, 'labs[OpenLab].pricing.subsidy', 0.3);
    if (!r.ok) throw new Error(r.message);
    expect(getPath(r.doc, 'labs[OpenLab].pricing.subsidy')).toEqual({ ok: true, value: 0.3, exists: true });
    expect(getPath(doc, 'labs[OpenLab].pricing.subsidy')).toEqual({ ok: true, value: 0, exists: true });
    // unchanged branches are shared, changed ones copied
    const newDoc = r.doc as typeof doc;
    expect((newDoc['models'] as unknown[]) === (doc['models'] as unknown[])).toBe(true);
    expect((newDoc['labs'] as unknown[])[0] === (doc['labs'] as unknown[])[0]).toBe(true);
    expect((newDoc['labs'] as unknown[])[2] === (doc['labs'] as unknown[])[2]).toBe(false);
  });

  it('get after set returns the value set, for any leaf of the fixture', () => {
    const paths = ['models[3].capability', 'segments[gpt4o-class].alpha', 'labs[Frontier].fleet.H100', 'technology.mfu', 'gpuTypes[H20].tflops'];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.double({ noNaN: true }), (p, v) => {
        const r = setPath(doc, p, v);
        expect(r.ok && getPath(r.doc, p)).toEqual({ ok: true, value: v, exists: true });
      }),
    );
  });

  it('creates a missing last key only when asked', () => {
    expect(setPath(doc, 'labs[Frontier].fleet.H20', 5).ok).toBe(true);
    expect(setPath(doc, 'labs[Frontier].fleet.H20', 5, false).ok).toBe(false);
    expect(setPath(doc, 'labs[Frontier].roadmap.cadenceMonths', 5).ok).toBe(false);
  });
});

describe(addPath.name, () => {
  it('adds to a numeric leaf and refuses others', () => {
    const r = addPath(doc, 'labs[OpenLab].cash', 5e8);
    expect(r.ok && getPath(r.doc, 'labs[OpenLab].cash')).toEqual({ ok: true, value: 1.5e9, exists: true });
    expect(addPath(doc, 'labs[OpenLab].name', 1).ok).toBe(false);
    expect(addPath(doc, 'labs[Frontier].roadmap', 1).ok).toBe(false);
  });
});

describe('edits with owned copies', () => {
  it('copy each container once per batch, give what separate edits give, and leave the document and earlier results alone', () => {
    const before = structuredClone(doc);
    const edits: [string, number][] = [
      ['labs[OpenLab].fleet.H20', 1],
      ['labs[OpenLab].fleet.H20', 2],
      ['labs[Frontier].cash', 3],
      ['gpuMarket.exogenousDemandHours', 4],
    ];
    let plain: Record<string, unknown> = doc;
    for (const [p, v] of edits) {
      const r = addPath(plain, p, v);
      if (!r.ok) throw new Error(r.message);
      plain = r.doc;
    }
    const owned: object[] = [];
    let batched: Record<string, unknown> = doc;
    const firstRoots: unknown[] = [];
    for (const [p, v] of edits) {
      const r = addPath(batched, p, v, owned);
      if (!r.ok) throw new Error(r.message);
      batched = r.doc;
      firstRoots.push(batched);
    }
    expect(batched).toEqual(plain);
    expect(doc).toEqual(before);
    // one copy of the root, the labs list, two labs, one fleet and the GPU market
    expect(firstRoots.every((r) => r === batched)).toBe(true);
    expect(owned).toHaveLength(6);
    // after handing the batch out (emptying the list), the next edit copies again
    const kept = structuredClone(batched);
    owned.length = 0;
    const next = setPath(batched, 'labs[OpenLab].fleet.H20', 0, true, owned);
    expect(next.ok && next.doc).not.toBe(batched);
    expect(batched).toEqual(kept);
    // a refused edit writes nothing, even into owned copies
    expect(addPath(next.ok ? next.doc : doc, 'labs[OpenLab].name', 1, owned).ok).toBe(false);
    expect(setPath(next.ok ? next.doc : doc, 'labs[Nobody].brand', 1, true, owned)).toEqual({ ok: false, message: 'labs has no element named "Nobody"' });
    expect(next.ok && getPath(next.doc, 'labs[OpenLab].fleet.H20')).toEqual({ ok: true, value: 0, exists: true });
  });

  it('creates a key named like a prototype accessor as a plain field', () => {
    const r = setPath({ fleet: {} }, 'fleet.__proto__', 5);
    expect(r.ok && Object.getPrototypeOf((r.doc as { fleet: object }).fleet)).toBe(Object.prototype);
    expect(r.ok && Object.keys((r.doc as { fleet: object }).fleet)).toEqual(['__proto__']);
  });
});

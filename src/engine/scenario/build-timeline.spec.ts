import { describe, it, expect } from '@jest/globals';
import { buildTimeline } from './build-timeline.js';
import { pathStream, uniform01 } from '../random/path-stream.js';
import { validateScenario } from './validate-scenario.js';
import { addPath, setPath } from './path.js';
import type { ScenarioDoc } from './types.js';

// a dynamic import keeps the JSON import attribute through @swc/jest
const threeLabs = (await import('./fixtures/three-labs.json', { with: { type: 'json' } })).default;

/* eslint-disable @typescript-eslint/no-explicit-any */
function fresh(): any {
  return structuredClone(threeLabs);
}

function valid(doc: unknown): ScenarioDoc {
  const r = validateScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.doc;
}

/** Reverses the key order of every object, to show draws do not follow the written order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

describe(buildTimeline.name, () => {
  it('applies the example\'s events at the start of the periods containing their dates', () => {
    const tl = buildTimeline(valid(fresh()), pathStream(1, 0));
    expect(tl.periods).toBe(24);
    const s0 = tl.at(0);
    // nothing changes before July 2025 (period 6): the same object
    for (let t = 1; t < 6; t++) expect(tl.at(t)).toBe(s0);
    expect(tl.at(6)).not.toBe(s0);
    const subsidy = (tl.at(6).labs[2]!.pricing as { subsidy: number }).subsidy;
    expect(subsidy).toBeGreaterThanOrEqual(0);
    expect(subsidy).toBeLessThan(0.2);
    expect(tl.at(7)).toBe(tl.at(6));
    expect(tl.at(8)).toBe(tl.at(6));
    // export control: OpenLab's H20s gone from October 2025 (period 9)
    expect(tl.at(8).labs[2]!.fleet['H20']).toBe(30000);
    expect(tl.at(9).labs[2]!.fleet['H20']).toBe(0);
    expect(tl.at(9)).not.toBe(tl.at(8));
    // earlier scenarios were not mutated
    expect((s0.labs[2]!.pricing as { subsidy: number }).subsidy).toBe(0);
    expect(s0.events).toBeUndefined();
    expect(() => tl.at(24)).toThrow(RangeError);
  });

  it('shares every period\'s scenario when nothing is random or dated', () => {
    const doc = fresh();
    delete doc.events;
    const tl = buildTimeline(valid(doc), pathStream(1, 0), 5);
    expect(tl.periods).toBe(5);
    expect(tl.at(4)).toBe(tl.at(0));
    expect(tl.at(0).periods).toBe(5);
    const { events: _e, ...rest } = doc;
    expect(tl.at(0)).toEqual({ ...rest, periods: 5 });
  });

  it('orders events by date then document order, and applies early dates in period 0', () => {
    const doc = fresh();
    doc.periodMonths = 3;
    doc.periods = 4;
    doc.events = [
      { date: '2025-05-20', set: { path: 'labs[Frontier].brand', value: 2 } }, // Q2: period 1
      { date: '2025-04-01', set: { path: 'labs[Frontier].brand', value: 1 } }, // earlier date, later in the list
      { date: '2025-05-20', add: { path: 'labs[Frontier].brand', value: 0.5 } }, // same date: after the set above
      { date: '2020-01-01', set: { path: 'labs[Follower].brand', value: 9 } }, // before the start: period 0
      { date: '2030-01-01', set: { path: 'labs[Follower].brand', value: 7 } }, // after the horizon: never
    ];
    const tl = buildTimeline(valid(doc), pathStream(1, 0));
    expect(tl.at(0).labs[0]!.brand).toBe(0.5);
    expect(tl.at(0).labs[1]!.brand).toBe(9);
    expect(tl.at(1).labs[0]!.brand).toBe(2.5);
    expect(tl.at(3).labs[1]!.brand).toBe(9);
  });

  it('draws per-path leaves once and perPeriod leaves every period', () => {
    const doc = fresh();
    doc.labs[0].brand = { dist: 'uniform', min: 0, max: 1 };
    doc.labs[1].brand = { dist: 'normal', mean: 0, sd: 1, perPeriod: true };
    doc.technology.maxBatch = { dist: 'uniform', min: 64, max: 256 };
    delete doc.events;
    const tl = buildTimeline(valid(doc), pathStream(5, 3), 6);
    const b0 = tl.at(0).labs[0]!.brand;
    const perPeriod = new Set<number>();
    for (let t = 0; t < 6; t++) {
      expect(tl.at(t).labs[0]!.brand).toBe(b0);
      perPeriod.add(tl.at(t).labs[1]!.brand);
      if (t > 0) expect(tl.at(t)).not.toBe(tl.at(t - 1));
      expect(Number.isInteger(tl.at(t).technology.maxBatch)).toBe(true);
    }
    expect(perPeriod.size).toBe(6);
  });

  it('draws in the documented order: sorted keys, then event values, then per period', () => {
    const doc = fresh();
    doc.labs[0].brand = { dist: 'uniform', min: 0, max: 1 }; // labs[0].brand
    doc.gpuMarket.rentalPrice = { dist: 'uniform', min: 2, max: 3 }; // gpuMarket sorts before labs
    doc.events = [{ date: '2025-03-01', set: { path: 'labs[Follower].brand', value: { dist: 'uniform', min: 5, max: 6 } } }];
    const tl = buildTimeline(valid(doc), pathStream(9, 9));
    const rng = pathStream(9, 9);
    const first = uniform01(rng);
    const second = uniform01(rng);
    const third = uniform01(rng);
    expect(tl.at(0).gpuMarket.rentalPrice).toBe(2 + first);
    expect(tl.at(0).labs[0]!.brand).toBe(second);
    expect(tl.at(2).labs[1]!.brand).toBe(5 + third);
  });

  it('gives the same draws whatever the key order of the document and the horizon', () => {
    const doc = fresh();
    doc.labs[0].brand = { dist: 'lognormal', median: 1, sigma: 0.3 };
    doc.segments[1].elasticity = { dist: 'triangular', min: 1.2, mode: 1.5, max: 2 };
    const a = buildTimeline(valid(doc), pathStream(2, 4));
    const b = buildTimeline(valid(reverseKeys(doc)), pathStream(2, 4), 12);
    expect(b.at(11).labs[0]!.brand).toBe(a.at(11).labs[0]!.brand);
    expect(b.at(11).segments[1]!.elasticity).toBe(a.at(11).segments[1]!.elasticity);
    const c = buildTimeline(valid(doc), pathStream(2, 5));
    expect(c.at(0).labs[0]!.brand).not.toBe(a.at(0).labs[0]!.brand);
  });

  it('sets a whole pricing block by event, drawing the distributions inside it', () => {
    const doc = fresh();
    doc.events = [{ date: '2025-02-01', set: { path: 'labs[OpenLab].pricing', value: { strategy: 'COST_PLUS', markup: { dist: 'uniform', min: 0.1, max: 0.2 } } } }];
    const tl = buildTimeline(valid(doc), pathStream(1, 1));
    const pricing = tl.at(1).labs[2]!.pricing as { strategy: string; markup: number };
    expect(pricing.strategy).toBe('COST_PLUS');
    expect(pricing.markup).toBeGreaterThanOrEqual(0.1);
    expect(pricing.markup).toBeLessThan(0.2);
    expect(tl.at(0).labs[2]!.pricing.strategy).toBe('ZERO_MARGIN');
  });

  it('equals applying each period\'s events one at a time to copies, and never changes a scenario handed out', () => {
    // Several events per period on the same lab and list (written into the period's own copies),
    // a set creating a key, a perPeriod leaf drawn on top of the template, and quiet periods.
    const doc = fresh();
    doc.labs[1].brand = { dist: 'normal', mean: 0, sd: 1, perPeriod: true };
    doc.events = [
      { date: '2025-02-01', add: { path: 'labs[OpenLab].fleet.H20', value: 100 } },
      { date: '2025-02-01', add: { path: 'labs[OpenLab].fleet.H20', value: 50 } },
      { date: '2025-02-01', set: { path: 'labs[Frontier].fleet.H20', value: 7 } },
      { date: '2025-02-01', add: { path: 'gpuMarket.exogenousDemandHours', value: 1e6 } },
      { date: '2025-05-01', add: { path: 'labs[OpenLab].fleet.H20', value: 25 } },
      { date: '2025-05-01', set: { path: 'labs[Frontier].brand', value: 0.25 } },
    ];
    const tl = buildTimeline(valid(doc), pathStream(3, 1));
    const seen = Array.from({ length: tl.periods }, (_, t) => structuredClone(tl.at(t)));
    let expected = structuredClone(tl.at(0));
    for (let t = 0; t < tl.periods; t++) {
      for (const e of doc.events) {
        if (e.date !== (t === 1 ? '2025-02-01' : t === 4 ? '2025-05-01' : '')) continue;
        const r = 'set' in e ? setPath(expected, e.set.path, e.set.value) : addPath(expected, e.add.path, e.add.value);
        if (!r.ok) throw new Error(r.message);
        expected = r.doc;
      }
      expected = { ...expected, labs: expected.labs.map((l: any, i: number) => (i === 1 ? { ...l, brand: tl.at(t).labs[1]!.brand } : l)) };
      expect(tl.at(t)).toEqual(expected);
    }
    // Building further timelines from the same document leaves this one's scenarios as they were.
    buildTimeline(valid(doc), pathStream(3, 2));
    for (let t = 0; t < tl.periods; t++) expect(tl.at(t)).toEqual(seen[t]);
    expect(tl.at(0).labs[2]!.fleet['H20']).toBe(30000);
  });

  it('changedKeys lists every top-level key whose value differs from the previous period, or says it does not know', () => {
    // Events on several keys in one period, a set creating a top-level key, quiet periods, and a
    // perPeriod leaf brought by an event (from then on the changed keys are unknown).
    const doc = fresh();
    doc.events = [
      { date: '2025-02-01', add: { path: 'labs[OpenLab].fleet.H20', value: 100 } },
      { date: '2025-02-01', add: { path: 'gpuMarket.exogenousDemandHours', value: 1e6 } },
      { date: '2025-03-01', set: { path: 'priceFloor', value: 0.01 } },
      { date: '2025-04-01', add: { path: 'gpuMarket.exogenousDemandHours', value: 1e6 } },
      { date: '2025-06-01', set: { path: 'technology.loadFactor', value: { dist: 'uniform', min: 0.5, max: 0.7, perPeriod: true } } },
    ];
    const tl = buildTimeline(valid(doc), pathStream(7, 2));
    const known: string[][] = [];
    for (let t = 1; t < tl.periods; t++) {
      const changed = tl.changedKeys!(t);
      if (changed === undefined) {
        expect(t).toBeGreaterThanOrEqual(5); // from the perPeriod leaf's period (June) on
        continue;
      }
      known.push([...changed]);
      const before = tl.at(t - 1) as unknown as Record<string, unknown>;
      const after = tl.at(t) as unknown as Record<string, unknown>;
      for (const key of Object.keys(before)) if (!changed.includes(key)) expect(after[key]).toBe(before[key]);
      for (const key of Object.keys(after)) if (!changed.includes(key)) expect(key in before).toBe(true);
    }
    expect(known).toEqual([['labs', 'gpuMarket'], ['priceFloor'], ['gpuMarket'], []]);
    expect(tl.changedKeys!(0)).toBeUndefined();
    expect(tl.changedKeys!(tl.periods)).toBeUndefined();
  });

  it('gives a later path the parts an earlier one made for the same deterministic events, equal to building them anew', () => {
    // Labs draw nothing per path, so every path meets the same labs and takes the first path's
    // copies; gpuMarket draws per path, so its events are applied to each path's own part.
    const doc = fresh();
    doc.gpuMarket.priceElasticity = { dist: 'uniform', min: 0.3, max: 0.7 };
    doc.events = [
      { date: '2025-02-01', add: { path: 'labs[OpenLab].fleet.H20', value: 100 } },
      { date: '2025-02-01', add: { path: 'gpuMarket.exogenousDemandHours', value: 1e6 } },
      { date: '2025-03-01', add: { path: 'labs[OpenLab].fleet.H20', value: 50 } },
      { date: '2025-03-01', set: { path: 'labs[Frontier].cash', value: { dist: 'uniform', min: 1, max: 2 } } },
      { date: '2025-05-01', add: { path: 'labs[OpenLab].fleet.H20', value: 25 } },
      { date: '2025-05-01', set: { path: 'labs[Frontier].brand', value: 0.25 } },
    ];
    const shared = valid(doc);
    const first = buildTimeline(shared, pathStream(5, 1));
    for (const path of [2, 3]) {
      const tl = buildTimeline(shared, pathStream(5, path));
      const alone = buildTimeline(valid(structuredClone(doc)), pathStream(5, path));
      for (let t = 0; t < tl.periods; t++) expect(tl.at(t)).toEqual(alone.at(t));
      expect(tl.at(1).labs).toBe(first.at(1).labs);
      expect(tl.at(4).labs).not.toBe(first.at(4).labs); // the cash drawn at period 2 differs
      expect(tl.at(4).labs[2]!.fleet['H20']).toBe(first.at(4).labs[2]!.fleet['H20']);
    }
  });
});

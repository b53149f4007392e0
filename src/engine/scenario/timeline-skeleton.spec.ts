import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { buildTimeline } from './build-timeline.js';
import { pathStream } from '../random/path-stream.js';
import { validateScenario } from './validate-scenario.js';
import type { ScenarioDoc } from './types.js';
import { reachesLeaf } from './timeline-skeleton.js';
import { parsePath } from './path.js';

const threeLabs = (await import('./fixtures/three-labs.json', { with: { type: 'json' } })).default;

/* eslint-disable @typescript-eslint/no-explicit-any */
function valid(doc: unknown): ScenarioDoc {
  const r = validateScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.doc;
}

/** three-labs with per-path draws (one of them a list element's) and events that never read a drawn value. */
function drawnDoc(): any {
  const doc: any = structuredClone(threeLabs);
  doc.technology.algorithmicEfficiencyGainPerYear = { dist: 'triangular', min: 2, mode: 4, max: 8 };
  doc.segments[1].elasticity = { dist: 'uniform', min: 1.1, max: 1.5 };
  doc.gpuMarket.priceElasticity = { dist: 'uniform', min: 0.3, max: 0.7 };
  const events: any[] = [];
  for (let m = 2; m <= 12; m++) events.push({ date: `2025-${String(m).padStart(2, '0')}-01`, add: { path: 'gpuMarket.exogenousDemandHours', value: 1e7 * m } });
  events.push({ date: '2025-04-01', add: { path: 'labs[Follower].fleet.H100', value: 1000 } });
  events.push({ date: '2025-06-01', set: { path: 'segments[gpt4o-class].baseVolume', value: 3e6 } });
  // Replaces the drawn market: its draw is gone from then on, as it would be from a drawn document.
  events.push({ date: '2025-09-01', set: { path: 'gpuMarket', value: { ...threeLabs.gpuMarket, rentalPrice: 3 } } });
  events.push({ date: '2025-11-01', set: { path: 'technology.memUtil', value: 0.85 } });
  doc.events = events;
  return doc;
}

/** A copy of `doc` with an event past the horizon that draws: every path then applies the events itself. */
function slowDoc(source: any): any {
  const doc = structuredClone(source);
  doc.events.push({ date: '2030-01-01', set: { path: 'labs[OpenLab].pricing.subsidy', value: { dist: 'uniform', min: 0, max: 0.2 } } });
  return doc;
}

/**
 * A path's timeline of `doc` equals (values, key order, the objects shared between periods, changed
 * keys) that of `doc` with an event past the horizon that draws, which makes every path apply the
 * events itself.
 */
function expectSameTimelines(doc: any, seed: number, path: number): void {
  const a = buildTimeline(valid(doc), pathStream(seed, path));
  const b = buildTimeline(valid(slowDoc(doc)), pathStream(seed, path));
  for (let t = 0; t < a.periods; t++) {
    // Same keys in the same order, same values.
    expect(JSON.stringify(a.at(t))).toBe(JSON.stringify(b.at(t)));
    if (t > 0) {
      expect(a.at(t) === a.at(t - 1)).toBe(b.at(t) === b.at(t - 1));
      expect(a.changedKeys!(t)).toEqual(b.changedKeys!(t));
      for (const key of Object.keys(a.at(t))) expect((a.at(t) as any)[key] === (a.at(t - 1) as any)[key]).toBe((b.at(t) as any)[key] === (b.at(t - 1) as any)[key]);
    }
  }
}

describe('timeline skeleton', () => {
  it('gives every path the scenarios that applying the events to its drawn document gives', () => {
    for (let path = 0; path < 5; path++) expectSameTimelines(drawnDoc(), 3, path);
  });

  it('does so for any draws and events that never read a drawn value (property)', () => {
    // Leaves that may be drawn, and events that never draw (some reach a drawn leaf: the path then applies them itself).
    const draws: [(doc: any) => void][] = [
      [(d) => (d.technology.algorithmicEfficiencyGainPerYear = { dist: 'triangular', min: 2, mode: 4, max: 8 })],
      [(d) => (d.segments[1].elasticity = { dist: 'uniform', min: 1.1, max: 1.5 })],
      [(d) => (d.gpuMarket.priceElasticity = { dist: 'uniform', min: 0.3, max: 0.7 })],
      [(d) => (d.labs[0].brand = { dist: 'uniform', min: 0.3, max: 0.7 })],
      [(d) => (d.segments[0].baseVolume = { dist: 'lognormal', median: 2e6, sigma: 0.3 })],
    ];
    const events = [
      { add: { path: 'gpuMarket.exogenousDemandHours', value: 1e7 } },
      { add: { path: 'labs[Frontier].fleet.H100', value: 1000 } },
      { set: { path: 'segments[gpt4o-class].baseVolume', value: 3e6 } },
      { set: { path: 'gpuMarket', value: { ...threeLabs.gpuMarket, rentalPrice: 3 } } },
      { set: { path: 'technology.memUtil', value: 0.85 } },
      { set: { path: 'labs[Frontier].brand', value: 0.6 } },
      { set: { path: 'labs[Frontier].pricing', value: { ...threeLabs.labs[0]!.pricing, premiumMultiple: 10 } } },
    ];
    const month = (m: number) => `${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
    fc.assert(
      fc.property(
        fc.subarray(draws, { minLength: 1 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: events.length - 1 }), fc.integer({ min: 0, max: 23 })), { maxLength: 8 }),
        fc.nat(1000),
        (drawn, dated, path) => {
          const doc: any = structuredClone(threeLabs);
          for (const [draw] of drawn) draw(doc);
          doc.events = dated.map(([e, m]) => ({ date: month(m), ...structuredClone(events[e]!) }));
          expectSameTimelines(doc, 11, path);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives every path the same objects where nothing is drawn, events or not', () => {
    const doc = drawnDoc();
    doc.technology.algorithmicEfficiencyGainPerYear = 4;
    doc.segments[1].elasticity = 1.3;
    doc.gpuMarket.priceElasticity = 0.5;
    const valid0 = valid(doc);
    const a = buildTimeline(valid0, pathStream(1, 0));
    const b = buildTimeline(valid0, pathStream(1, 1));
    for (let t = 0; t < a.periods; t++) expect(a.at(t)).toBe(b.at(t));
  });

  it('shares between paths the parts no draw is under, and copies those a draw is', () => {
    const doc = valid(drawnDoc());
    const a = buildTimeline(doc, pathStream(1, 0));
    const b = buildTimeline(doc, pathStream(1, 1));
    expect(a.at(5).labs).toBe(b.at(5).labs);
    expect(a.at(5).segments[0]).toBe(b.at(5).segments[0]);
    expect(a.at(5).segments[1]).not.toBe(b.at(5).segments[1]);
    expect(a.at(5).segments[1]!.elasticity).not.toBe(b.at(5).segments[1]!.elasticity);
    expect(a.at(5).gpuMarket).not.toBe(b.at(5).gpuMarket);
    // After the market is replaced nothing is drawn in it.
    expect(a.at(9).gpuMarket).toBe(b.at(9).gpuMarket);
  });

  it('lets a path apply the events itself when one adds to a drawn leaf', () => {
    const doc = drawnDoc();
    doc.events.push({ date: '2025-03-01', add: { path: 'segments[1].elasticity', value: 0.25 } });
    const tl = buildTimeline(valid(doc), pathStream(1, 0));
    expect(tl.at(2).segments[1]!.elasticity).toBe(tl.at(0).segments[1]!.elasticity + 0.25);
  });

  it('finds the events that may write at or below a leaf', () => {
    const leaf = (parsePath('segments[1].elasticity') as { segments: any }).segments;
    const reaches = (path: string) => reachesLeaf((parsePath(path) as { segments: any }).segments, leaf);
    expect(reaches('segments[1].elasticity')).toBe(true);
    expect(reaches('segments[o1-class].elasticity')).toBe(true);
    expect(reaches('segments[1].elasticity.min')).toBe(true);
    expect(reaches('segments[0].elasticity')).toBe(false);
    expect(reaches('segments[1].alpha')).toBe(false);
    expect(reaches('segments')).toBe(false);
  });
});

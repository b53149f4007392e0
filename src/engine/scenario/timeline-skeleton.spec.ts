import { describe, it, expect } from '@jest/globals';
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

/** The same document, but with an event past the horizon that draws: every path then applies the events itself. */
function slowDoc(): any {
  const doc = drawnDoc();
  doc.events.push({ date: '2030-01-01', set: { path: 'labs[OpenLab].pricing.subsidy', value: { dist: 'uniform', min: 0, max: 0.2 } } });
  return doc;
}

describe('timeline skeleton', () => {
  it('gives every path the scenarios that applying the events to its drawn document gives', () => {
    const fast = valid(drawnDoc());
    const slow = valid(slowDoc());
    for (let path = 0; path < 5; path++) {
      const a = buildTimeline(fast, pathStream(3, path));
      const b = buildTimeline(slow, pathStream(3, path));
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

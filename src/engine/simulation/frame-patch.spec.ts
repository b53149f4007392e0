import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadPreset } from '../presets/presets.js';
import { pathStream } from '../random/path-stream.js';
import { buildTimeline } from '../scenario/build-timeline.js';
import type { Pricing, Scenario } from '../scenario/types.js';
import { arbitraryScenario } from './arbitrary-scenario.js';
import { canPatchChanged, canPatchFrame } from './frame-patch.js';
import { simulatePath } from './simulate-path.js';
import type { PathResult, Timeline } from './types.js';

/**
 * The same timeline with every changed scenario deep-copied: no part is shared by identity, so the
 * loop can never patch and rebuilds its frame from scratch at each change.
 */
function unshared(timeline: Timeline): Timeline {
  const copies: Scenario[] = [];
  for (let t = 0; t < timeline.periods; t++) {
    const s = timeline.at(t);
    copies.push(t > 0 && s === timeline.at(t - 1) ? copies[t - 1]! : structuredClone(s));
  }
  return { periods: timeline.periods, at: (t) => copies[t]! };
}

function expectSameSeries(a: PathResult, b: PathResult): void {
  expect([...a.series.keys()]).toEqual([...b.series.keys()]);
  for (const [key, s] of a.series) {
    const other = b.series.get(key)!;
    for (let t = 0; t < s.length; t++) if (!Object.is(s[t], other[t])) throw new Error(`${key}[${t}]: ${s[t]} vs ${other[t]}`);
  }
}

describe('frame patching', () => {
  it('accepts changes to fleets, cash, pricing blocks and the GPU market only', () => {
    const sc = fc.sample(arbitraryScenario(), { numRuns: 1, seed: 3 })[0]!;
    const lab = sc.labs[0]!;
    const withLab = (changed: Partial<typeof lab>): Scenario => ({ ...sc, labs: [{ ...lab, ...changed }, ...sc.labs.slice(1)] });
    expect(canPatchFrame(sc, { ...sc, gpuMarket: { ...sc.gpuMarket, exogenousDemandHours: 1 } })).toBe(true);
    expect(canPatchFrame(sc, withLab({ fleet: { ...lab.fleet } }))).toBe(true);
    expect(canPatchFrame(sc, withLab({ cash: (lab.cash ?? 0) + 1, fleet: {} }))).toBe(lab.cash !== undefined);
    expect(canPatchFrame(sc, withLab({ servingShare: lab.servingShare / 2 }))).toBe(false);
    expect(canPatchFrame(sc, withLab({ pricing: { ...lab.pricing } }))).toBe(true);
    expect(canPatchFrame(sc, withLab({ brand: lab.brand + 1 }))).toBe(false);
    expect(canPatchFrame(sc, { ...sc, models: [...sc.models] })).toBe(false);
    expect(canPatchFrame(sc, { ...sc, technology: { ...sc.technology } })).toBe(false);
    expect(canPatchFrame(sc, { ...sc, maxChangePerPeriod: 0.5 })).toBe(false);
    expect(canPatchFrame(sc, { ...sc, labs: sc.labs.slice(1) })).toBe(false);
    // Keys must match both ways, whatever their values.
    expect(canPatchFrame(sc, { ...sc, extra: undefined } as Scenario)).toBe(false);
    expect(canPatchFrame({ ...sc, extra: undefined } as Scenario, sc)).toBe(false);
    expect(canPatchFrame(sc, withLab({ extra: 1 } as Partial<typeof lab>))).toBe(false);
  });

  it('told the changed keys, answers as the full comparison', () => {
    const sc = fc.sample(arbitraryScenario(), { numRuns: 1, seed: 3 })[0]!;
    const lab = sc.labs[0]!;
    const withLab = (changed: Partial<typeof lab>): Scenario => ({ ...sc, labs: [{ ...lab, ...changed }, ...sc.labs.slice(1)] });
    const cases: [Scenario, string[]][] = [
      [{ ...sc, gpuMarket: { ...sc.gpuMarket, exogenousDemandHours: 1 } }, ['gpuMarket']],
      [withLab({ fleet: { ...lab.fleet } }), ['labs']],
      [withLab({ servingShare: lab.servingShare / 2 }), ['labs', 'gpuMarket']],
      [withLab({ brand: lab.brand + 1 }), ['labs']],
      [{ ...sc, technology: { ...sc.technology } }, ['technology']],
      [{ ...sc, maxChangePerPeriod: sc.maxChangePerPeriod }, ['maxChangePerPeriod']],
      [{ ...sc, maxChangePerPeriod: 0.5 }, ['maxChangePerPeriod']],
      [{ ...sc, extra: undefined } as Scenario, ['extra']],
      [sc, []],
    ];
    for (const [to, changed] of cases) expect(canPatchChanged(sc, to, changed)).toBe(canPatchFrame(sc, to));
    // A patchable key the earlier scenario lacks changes the key set.
    const { gpuMarket: _market, ...noMarket } = sc;
    expect(canPatchChanged(noMarket as Scenario, sc, ['gpuMarket'])).toBe(false);
  });

  it('with the timeline\'s changed keys, the preset patches as often as with the full comparison', () => {
    const doc = loadPreset('deepseek-debates-2025')!;
    const timeline = buildTimeline(doc, pathStream(11, 3));
    let patched = 0;
    for (let t = 1; t < timeline.periods; t++) {
      const [from, to] = [timeline.at(t - 1), timeline.at(t)];
      if (from === to) continue;
      const changed = timeline.changedKeys!(t)!;
      expect(canPatchChanged(from, to, changed)).toBe(canPatchFrame(from, to));
      if (canPatchFrame(from, to)) patched++;
    }
    expect(patched).toBe(timeline.periods - 1);
  });

  it('a lab gaining or losing its stated cash is a rebuild (it switches ZERO_MARGIN on or off)', () => {
    const sc = fc.sample(arbitraryScenario(), { numRuns: 1, seed: 5 })[0]!;
    const { cash: _cash, ...noCash } = sc.labs[0]!;
    expect(canPatchFrame({ ...sc, labs: [{ ...noCash, cash: 1 }, ...sc.labs.slice(1)] }, { ...sc, labs: [noCash, ...sc.labs.slice(1)] })).toBe(false);
  });

  it('the preset, with events on fleets, cash and GPU demand nearly every month, is bit-identical to rebuilding', () => {
    const doc = loadPreset('deepseek-debates-2025')!;
    for (const path of [0, 1]) {
      const timeline = buildTimeline(doc, pathStream(11, path));
      expectSameSeries(simulatePath(timeline), simulatePath(unshared(timeline)));
    }
  });

  it('random fleet, cash and GPU market changes mid-path are bit-identical to rebuilding', () => {
    fc.assert(
      fc.property(
        arbitraryScenario(),
        fc.record({ at: fc.nat(), scale: fc.double({ min: 0, max: 3, noNaN: true }), funding: fc.double({ min: -1e10, max: 1e10, noNaN: true }), rental: fc.double({ min: 0.5, max: 5, noNaN: true }) }),
        (before, { at, scale, funding, rental }) => {
          const switchAt = at % before.periods;
          const l = at % before.labs.length;
          const lab = before.labs[l]!;
          const fleet = Object.fromEntries(Object.entries(lab.fleet).map(([g, n]) => [g, Math.round(n * scale)]));
          const changedLab = { ...lab, fleet, ...(lab.cash !== undefined ? { cash: lab.cash + funding } : {}) };
          const after: Scenario = {
            ...before,
            labs: before.labs.map((x, i) => (i === l ? changedLab : x)),
            gpuMarket: { ...before.gpuMarket, rentalPrice: rental, exogenousDemandHours: before.gpuMarket.exogenousDemandHours * 2 },
          };
          expect(canPatchFrame(before, after)).toBe(true);
          const timeline: Timeline = { periods: before.periods, at: (t) => (t < switchAt ? before : after) };
          expectSameSeries(simulatePath(timeline), simulatePath(unshared(timeline)));
        },
      ),
      { numRuns: 60, seed: 20261130 },
    );
  });

  it('random lab pricing changes mid-path (with roadmap successors inheriting) are bit-identical to rebuilding', () => {
    fc.assert(
      fc.property(arbitraryScenario(), fc.nat(), fc.double({ min: 0, max: 3, noNaN: true }), (before, at, markup) => {
        const switchAt = at % before.periods;
        const l = at % before.labs.length;
        const other = before.labs[(l + 1) % before.labs.length]!.pricing;
        const pricing: Pricing = at % 2 === 0 ? { ...other } : { strategy: 'COST_PLUS', markup, priceFloor: markup / 10 };
        const after: Scenario = { ...before, labs: before.labs.map((x, i) => (i === l ? { ...x, pricing } : x)) };
        expect(canPatchFrame(before, after)).toBe(true);
        const timeline: Timeline = { periods: before.periods, at: (t) => (t < switchAt ? before : after) };
        expectSameSeries(simulatePath(timeline), simulatePath(unshared(timeline)));
      }),
      { numRuns: 60, seed: 20261201 },
    );
  });
});

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadPreset } from '../presets/presets.js';
import { pathStream } from '../random/path-stream.js';
import { buildTimeline } from '../scenario/build-timeline.js';
import type { Scenario, Technology } from '../scenario/types.js';
import { ROOFLINE_TECH_FIELDS, roofline } from '../serving-cost/roofline.js';
import { expandRoadmaps } from '../tiers/roadmap.js';
import { monthIndex } from '../time.js';
import { keptModels } from './kept-models.js';

// A path's scenario (the document's distributions drawn).
const preset = buildTimeline(loadPreset('deepseek-debates-2025')!, pathStream(3, 0)).at(0);
const END = monthIndex('2028-01-01');
const gpuIndexOf = (sc: Scenario) => new Map(sc.gpuTypes.map((g, i) => [g.name, i]));

/** keptModels on a deep copy: no list or object shared with any earlier call, so nothing is reused. */
function fresh(sc: Scenario): ReturnType<typeof keptModels> {
  const copy = structuredClone(sc);
  return keptModels(copy, END, gpuIndexOf(copy));
}

describe('rooflines and roadmaps kept across paths', () => {
  it('roofline reads only ROOFLINE_TECH_FIELDS of the technology, and explain only changes the message', () => {
    for (const model of expandRoadmaps(preset, END)) {
      const read = new Set<string>();
      const tech = new Proxy(preset.technology, {
        get(target, key) {
          read.add(String(key));
          return Reflect.get(target, key);
        },
      });
      const gpu = preset.gpuTypes.find((g) => g.name === model.model.serving.gpuType)!;
      const full = roofline(model.model.serving, gpu, tech);
      for (const key of read) expect(ROOFLINE_TECH_FIELDS).toContain(key);
      const quiet = roofline(model.model.serving, gpu, preset.technology, false);
      expect(quiet.ok ? quiet : { ...quiet, message: '' }).toEqual(full.ok ? full : { ...full, message: '' });
    }
  });

  it('gives what a fresh computation gives when the technology, models or labs change between calls on shared lists', () => {
    const tech = fc.record({
      algorithmicEfficiencyGainPerYear: fc.constantFrom(1.5, 2, 3, 4, 6),
      memUtil: fc.constantFrom(0.8, 0.9),
      mfu: fc.constantFrom(0.4, 0.5),
      maxBatch: fc.constantFrom(32, 64),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(tech, fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 8 }), (steps) => {
        // Variants share the preset's lists by identity as a timeline's paths do; some change the models list.
        const laterBase = preset.models.map((m) => (m.lab === 'DeepSeek' ? { ...m, releaseDate: '2025-06-01' } : m));
        for (const [t, which] of steps) {
          const technology: Technology = { ...preset.technology, ...t };
          const models = which === 1 ? laterBase : preset.models;
          const labs = which === 2 ? preset.labs.slice(1) : preset.labs;
          const sc: Scenario = { ...preset, technology, models, labs };
          const got = keptModels(sc, END, gpuIndexOf(sc));
          const want = fresh(sc);
          expect(got.keptIndex).toEqual(want.keptIndex);
          expect(Array.from(got.rawHours)).toEqual(Array.from(want.rawHours));
          expect(Array.from(got.costFactor)).toEqual(Array.from(want.costFactor));
          expect(expandRoadmaps(sc, END)).toEqual(expandRoadmaps(structuredClone(sc), END));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('recomputes the stated rooflines under a technology that changes one roofline field', () => {
    const a = keptModels(preset, END, gpuIndexOf(preset));
    const sc: Scenario = { ...preset, technology: { ...preset.technology, memUtil: preset.technology.memUtil * 1.05, mfu: preset.technology.mfu * 0.5 } };
    const b = keptModels(sc, END, gpuIndexOf(sc));
    expect(Array.from(b.rawHours)).toEqual(Array.from(fresh(sc).rawHours));
    expect(Array.from(b.rawHours)).not.toEqual(Array.from(a.rawHours));
  });
});

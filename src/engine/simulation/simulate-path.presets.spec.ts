import { describe, expect, it } from '@jest/globals';
import { loadPreset } from '../presets/presets.js';
import type { Scenario, ScenarioDoc } from '../scenario/types.js';
import { LAB_METRICS, MARKET_METRICS, MODEL_METRICS, SEGMENT_METRICS } from './path-recorder.js';
import { checkPathInvariants } from './path-invariants.js';
import { simulatePath } from './simulate-path.js';
import { seriesKey } from './types.js';

/** "Samples by hand": every distribution replaced by its centre (mean, median, mode or midpoint). */
function atCentre(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(atCentre);
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  switch (v.dist) {
    case 'normal':
      return v.mean;
    case 'lognormal':
      return v.median;
    case 'uniform':
      return ((v.min as number) + (v.max as number)) / 2;
    case 'triangular':
      return v.mode;
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, atCentre(x)]));
}

function preset(name: string): Scenario {
  const doc: ScenarioDoc | undefined = loadPreset(name);
  if (doc === undefined) throw new Error(`no preset ${name}`);
  return atCentre(doc) as Scenario;
}

describe('simulatePath on the presets (events ignored: a constant timeline)', () => {
  it.each(['three-labs', 'deepseek-debates-2025'])('%s: every section-7 key, identities hold, no Infinity', (name) => {
    const sc = preset(name);
    const result = simulatePath({ periods: sc.periods, at: () => sc });
    expect(checkPathInvariants(sc, result)).toBeUndefined();
    for (const model of sc.models) {
      for (const metric of MODEL_METRICS) expect(result.series.has(seriesKey('model', model.name, metric))).toBe(true);
    }
    for (const lab of sc.labs) for (const metric of LAB_METRICS) expect(result.series.has(seriesKey('lab', lab.name, metric))).toBe(true);
    for (const seg of sc.segments) for (const metric of SEGMENT_METRICS) expect(result.series.has(seriesKey('segment', seg.tier, metric))).toBe(true);
    for (const metric of MARKET_METRICS) expect(result.series.has(seriesKey('market', 'market', metric))).toBe(true);
    for (const values of result.series.values()) expect(values.length).toBe(sc.periods);
  });

  it('three-labs: the OpenLab roadmap ships open-r1+1 six months after open-r1, capability +5', () => {
    const sc = preset('three-labs');
    const result = simulatePath({ periods: sc.periods, at: () => sc });
    const capability = result.series.get(seriesKey('model', 'open-r1+1', 'capability'))!;
    // open-r1 is released 2025-01-20; +6 months = 2025-07, period 6 of a monthly run from 2025-01.
    expect(Number.isNaN(capability[5]!)).toBe(true);
    expect(capability[6]).toBe(82);
  });
});

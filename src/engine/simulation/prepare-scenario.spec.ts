import { describe, expect, it } from '@jest/globals';
import { loadPreset } from '../presets/presets.js';
import { pathStream } from '../random/path-stream.js';
import { buildTimeline } from '../scenario/build-timeline.js';
import { GPU_G, gpuMarket, technology } from '../scenario/spec-parts.js';
import type { Scenario } from '../scenario/types.js';
import { Calendar } from '../time.js';
import { preparedScenarioOf, prepareScenario } from './prepare-scenario.js';

function scenario(): Scenario {
  return {
    name: 'prepare',
    startDate: '2025-01-01',
    periods: 36,
    periodMonths: 1,
    tiers: [{ name: 't0', threshold: 50 }],
    segments: [{ tier: 't0', baseVolume: 1, referencePrice: 1, elasticity: 1.5, growthPerYear: 1, alpha: 1, beta: 0 }],
    gpuTypes: [GPU_G],
    technology: technology({ algorithmicEfficiencyGainPerYear: 4 }),
    gpuMarket: gpuMarket({ exogenousDemandHours: 0 }),
    labs: [
      {
        name: 'L',
        pricing: { strategy: 'COST_PLUS', markup: 0 },
        fleet: { G: 1 },
        servingShare: 1,
        cloudBurst: false,
        brand: 0,
        fixedCostPerPeriod: 0,
        roadmap: { cadenceMonths: 6, capabilityStep: 10, computeMultiplierPer10Points: 4 },
      },
    ],
    models: [
      {
        name: 'base',
        lab: 'L',
        releaseDate: '2025-01-01',
        capability: 60,
        serving: { gpuType: 'G', activeParamsB: 100, totalParamsB: 150, bytesPerParam: 1, kvBytesPerToken: 1e5, gpusPerReplica: 4 },
      },
    ],
  };
}

describe(prepareScenario.name, () => {
  it('ends a roadmap at the first successor that no longer fits its replica', () => {
    // 4 x 80 GB x 0.9 = 288 GB. base+1: 200B active (total raised to 200) fits; base+2: 400B does not.
    const p = prepareScenario(scenario(), new Calendar('2025-01-01', 1, 36));
    expect(p.modelNames).toEqual(['base', 'base+1']);
  });

  it('keeps a later lab\'s successors after an earlier lab\'s roadmap ended', () => {
    const sc = scenario();
    sc.labs.push({ ...sc.labs[0]!, name: 'M' });
    sc.models.push({ ...sc.models[0]!, name: 'm', lab: 'M', serving: { ...sc.models[0]!.serving, activeParamsB: 1, totalParamsB: 1 } });
    const calendar = new Calendar('2025-01-01', 1, 36);
    const p = prepareScenario(sc, calendar);
    // base+2.. no longer fit (400B active on 288 GB); m's successors double from 1B and all fit.
    expect(p.modelNames).toEqual(['base', 'm', 'base+1', 'm+1', 'm+2', 'm+3', 'm+4', 'm+5']);
    expect(Array.from(p.costFactor)).toEqual([1, 1, 2, 2, 4, 8, 16, 32]);
    expect(Array.from(p.base)).toEqual([-1, -1, 0, 1, 1, 1, 1, 1]);
  });

  it('orders models newest first: release date, then capability, then name', () => {
    const sc = scenario();
    delete sc.labs[0]!.roadmap;
    const serving = { gpuType: 'G', costPerMTokens: 1 };
    sc.models = [
      { name: 'b', lab: 'L', releaseDate: '2025-02-01', capability: 60, serving },
      { name: 'a', lab: 'L', releaseDate: '2025-02-01', capability: 60, serving },
      { name: 'c', lab: 'L', releaseDate: '2025-02-01', capability: 70, serving },
      { name: 'd', lab: 'L', releaseDate: '2025-03-01', capability: 50, serving },
    ];
    const p = prepareScenario(sc, new Calendar('2025-01-01', 1, 36));
    expect(Array.from(p.newestFirst, (j) => p.modelNames[j])).toEqual(['d', 'c', 'a', 'b']);
  });

  it('marks the periods whose released or available models may differ from the period before', () => {
    const sc = scenario();
    delete sc.labs[0]!.roadmap;
    const serving = { gpuType: 'G', costPerMTokens: 1 };
    sc.models = [
      // Released before the start, retired in period 3; released in period 2; released past the horizon.
      { name: 'a', lab: 'L', releaseDate: '2024-06-01', retireDate: '2025-04-15', capability: 60, serving },
      { name: 'b', lab: 'L', releaseDate: '2025-03-20', capability: 60, serving },
      { name: 'c', lab: 'L', releaseDate: '2026-06-01', capability: 60, serving },
    ];
    const p = prepareScenario(sc, new Calendar('2025-01-01', 1, 12));
    expect(Array.from(p.membershipChangesAt)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('is shared by calls with the same scenario object and calendar, and redone for another calendar', () => {
    const sc = scenario();
    const a = preparedScenarioOf(sc, new Calendar('2025-01-01', 1, 36));
    expect(preparedScenarioOf(sc, new Calendar('2025-01-01', 1, 36))).toBe(a);
    // A horizon of 6 months ends before base+1 (released 6 months in), a later start moves release periods.
    expect(preparedScenarioOf(sc, new Calendar('2025-01-01', 1, 6)).modelNames).toEqual(['base']);
    expect(Array.from(preparedScenarioOf(sc, new Calendar('2024-01-01', 1, 36)).releasePeriod)).toEqual([12, 18]);
    expect(preparedScenarioOf(structuredClone(sc), new Calendar('2025-01-01', 1, 36))).not.toBe(a);
  });

  it('takes unchanged parts from the scenario prepared before it and equals preparing from scratch', () => {
    const calendar = new Calendar('2025-01-01', 1, 36);
    const fresh = (sc: Scenario) => ({ ...prepareScenario(structuredClone(sc), calendar), scenario: sc });
    const sc = scenario();
    const lab = sc.labs[0]!;
    const variants: Scenario[] = [
      sc,
      // A smaller algorithmic gain makes base+1 too big for its replica: fewer models kept.
      { ...sc, technology: { ...sc.technology, algorithmicEfficiencyGainPerYear: 1 } },
      { ...sc, technology: { ...sc.technology, algorithmicEfficiencyGainPerYear: 5 } },
      { ...sc, labs: [{ ...lab, brand: 0.5, pricing: { strategy: 'COST_PLUS', markup: 0.2 }, fleet: { G: 3 } }] },
      { ...sc, segments: [{ ...sc.segments[0]!, elasticity: 1.7 }] },
      { ...sc, tiers: [{ name: 't0', threshold: 65 }] },
      { ...sc, labs: [{ ...lab, roadmap: { ...lab.roadmap!, cadenceMonths: 4 } }] },
      { ...sc, maxChangePerPeriod: 0.3 },
    ];
    for (const v of variants) expect(prepareScenario(v, calendar)).toEqual(fresh(v));
    const shared = prepareScenario({ ...sc, segments: [...sc.segments] }, calendar);
    expect(prepareScenario({ ...sc, segments: [...sc.segments] }, calendar).newestFirst).toBe(shared.newestFirst);
  });

  it('keeps the parts of a few kept-model lists per models list: alternating lists reuse their layouts and equal preparing from scratch', () => {
    const sc = scenario();
    const calendar = new Calendar('2025-01-01', 1, 36);
    const fresh = (v: Scenario, c: Calendar) => ({ ...prepareScenario(structuredClone(v), c), scenario: v });
    // Gains of 4 and 1 keep two and one models: a drawn gain alternates between such lists.
    const gain = (g: number): Scenario => ({ ...sc, technology: { ...sc.technology, algorithmicEfficiencyGainPerYear: g } });
    const first = prepareScenario(gain(4), calendar);
    expect(prepareScenario(gain(1), calendar).modelNames).toEqual(['base']);
    const again = gain(4);
    const second = prepareScenario(again, calendar);
    expect(second.newestFirst).toBe(first.newestFirst);
    expect(second.pricing).toBe(first.pricing);
    expect(second).toEqual(fresh(again, calendar));
    // More lists (horizons) than are kept: each still equals a fresh preparation.
    for (let round = 0; round < 2; round++) {
      for (const periods of [3, 9, 15, 21, 27, 33, 36]) {
        const c = new Calendar('2025-01-01', 1, periods);
        const v = gain(round === 0 ? 4 : 3.5);
        expect(prepareScenario(v, c)).toEqual(fresh(v, c));
      }
    }
  });

  it('gives segments lists with the same names one names list (the recorder keeps registrations per list object)', () => {
    const calendar = new Calendar('2025-01-01', 1, 36);
    const sc = scenario();
    const a = prepareScenario({ ...sc, segments: [{ ...sc.segments[0]!, elasticity: 1.2 }] }, calendar);
    const drawn: Scenario = { ...sc, segments: [{ ...sc.segments[0]!, elasticity: 1.3 }] };
    const b = prepareScenario(drawn, calendar);
    expect(b.segmentNames).toBe(a.segmentNames);
    expect(b).toEqual({ ...prepareScenario(structuredClone(drawn), calendar), scenario: drawn });
    expect(prepareScenario({ ...sc, tiers: [{ name: 't1', threshold: 50 }], segments: [{ ...sc.segments[0]!, tier: 't1' }] }, calendar).segmentNames).toEqual(['t1']);
  });

  it('gives each path of the preset (drawn elasticities and algorithmic gain) what preparing from scratch gives', () => {
    const doc = loadPreset('deepseek-debates-2025')!;
    const calendar = new Calendar(doc.startDate, doc.periodMonths, doc.periods);
    for (let path = 0; path < 4; path++) {
      const timeline = buildTimeline(doc, pathStream(5, path));
      for (const t of [0, 20]) {
        const sc = timeline.at(t);
        expect(prepareScenario(sc, calendar)).toEqual({ ...prepareScenario(structuredClone(sc), calendar), scenario: sc });
      }
    }
  });
});

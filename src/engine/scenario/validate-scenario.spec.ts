import { describe, it, expect } from '@jest/globals';
import { validateScenario } from './validate-scenario.js';
import { applyOverrides } from './overrides.js';
// a dynamic import keeps the JSON import attribute through @swc/jest
const threeLabs = (await import('./fixtures/three-labs.json', { with: { type: 'json' } })).default;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = any;

function fresh(): Doc {
  return structuredClone(threeLabs);
}

function errorsOf(doc: unknown): { path: string; message: string }[] {
  const r = validateScenario(doc);
  return r.ok ? [] : r.errors;
}

describe(validateScenario.name, () => {
  it('accepts the three-labs example', () => {
    expect(errorsOf(fresh())).toEqual([]);
  });

  it('accepts the preset E3 ships, when present in the repository', async () => {
    const preset = (await import('../presets/three-labs.json', { with: { type: 'json' } })).default;
    expect(errorsOf(preset)).toEqual([]);
  });

  // Each case breaks one thing; the refusal must name exactly that field.
  const cases: [string, (d: Doc) => void, string, RegExp][] = [
    ['a string where a number belongs', (d) => (d.labs[0].brand = 'high'), 'labs[Frontier].brand', /number/],
    ['a negative markup', (d) => (d.labs[1].pricing = { strategy: 'COST_PLUS', markup: -0.1 }), 'labs[Follower].pricing.markup', /must be >= 0/],
    ['a negative elasticity', (d) => (d.segments[1].elasticity = -1.2), 'segments[o1-class].elasticity', /must be > 0/],
    ['a zero alpha', (d) => (d.segments[0].alpha = 0), 'segments[gpt4o-class].alpha', /must be > 0/],
    ['NaN', (d) => (d.technology.mfu = NaN), 'technology.mfu', /finite/],
    ['Infinity', (d) => (d.gpuMarket.rentalPrice = Infinity), 'gpuMarket.rentalPrice', /finite/],
    ['a fraction above 1', (d) => (d.labs[2].servingShare = 1.4), 'labs[OpenLab].servingShare', /must be <= 1/],
    ['an unknown lab', (d) => (d.models[1].lab = 'Frontierr'), 'models[frontier-o1].lab', /unknown lab "Frontierr"/],
    ['an unknown GPU type in serving', (d) => (d.models[3].serving.gpuType = 'B200'), 'models[open-v3].serving.gpuType', /unknown GPU type "B200"/],
    ['an unknown GPU type in a fleet', (d) => (d.labs[1].fleet.H200 = 10), 'labs[Follower].fleet.H200', /unknown GPU type/],
    ['an unknown tier in a segment', (d) => (d.segments[1].tier = 'o3-class'), 'segments[o3-class].tier', /unknown tier/],
    ['two segments for one tier', (d) => (d.segments[1].tier = 'gpt4o-class'), 'segments[1].tier', /one segment per tier/],
    ['tiers out of order', (d) => (d.tiers[1].threshold = 50), 'tiers[o1-class].threshold', /above the previous tier/],
    ['a duplicate lab name', (d) => (d.labs[2].name = 'Frontier'), 'labs[2].name', /duplicate name "Frontier"/],
    ['a 10 MB string', (d) => (d.description = 'x'.repeat(10_000_000)), 'description', /characters long/],
    ['periods above the limit', (d) => (d.periods = 601), 'periods', /must be <= 600/],
    ['fractional periods', (d) => (d.periods = 12.5), 'periods', /whole number/],
    ['a model that does not fit its replica', (d) => (d.models[3].serving.gpusPerReplica = 8), 'models[open-v3].serving.gpusPerReplica', /does not fit/],
    ['a KV cache too large for one sequence', (d) => (d.models[0].serving.kvBytesPerToken = 1e8), 'models[frontier-4o].serving.kvBytesPerToken', /batch < 1/],
    ['a KV size whose largest draw does not fit', (d) => (d.models[0].serving.kvBytesPerToken = { dist: 'uniform', min: 100000, max: 6e7 }), 'models[frontier-4o].serving.kvBytesPerToken', /least favourable/],
    ['an unknown strategy', (d) => (d.labs[0].pricing.strategy = 'SKIM'), 'labs[Frontier].pricing.strategy', /unknown strategy "SKIM"/],
    ['a misspelt field', (d) => (d.labs[0].pricing.premiumMultple = 3), 'labs[Frontier].pricing.premiumMultple', /did you mean "premiumMultiple"/],
    ['a missing required field', (d) => delete d.gpuMarket.supplyHours, 'gpuMarket.supplyHours', /is required/],
    ['a bad ISO date', (d) => (d.models[2].releaseDate = '2024-02-30'), 'models[follower-flash].releaseDate', /calendar date/],
    ['a date in the wrong format', (d) => (d.startDate = '01/01/2025'), 'startDate', /YYYY-MM-DD/],
    ['a retire date before release', (d) => (d.models[0].retireDate = '2024-01-01'), 'models[frontier-4o].retireDate', /after releaseDate/],
    ['a non-positive list price', (d) => (d.models[1].priceHistory[0].price = 0), 'models[frontier-o1].priceHistory[0].price', /must be > 0/],
    ['an unbounded normal on a fraction', (d) => (d.labs[0].servingShare = { dist: 'normal', mean: 0.5, sd: 0.1 }), 'labs[Frontier].servingShare', /min and max/],
    ['a uniform reaching below zero', (d) => (d.segments[0].elasticity = { dist: 'uniform', min: -0.5, max: 2 }), 'segments[gpt4o-class].elasticity', /must be > 0/],
    ['an unknown distribution', (d) => (d.labs[0].brand = { dist: 'beta', a: 1 }), 'labs[Frontier].brand.dist', /unknown distribution/],
    ['a triangular with mode above max', (d) => (d.labs[0].brand = { dist: 'triangular', min: 0, mode: 3, max: 2 }), 'labs[Frontier].brand.max', /must be >= mode/],
    ['a reserved successor name', (d) => (d.models[3].name = 'open-v3+1'), 'models[open-v3+1].name', /roadmap successors/],
    ['a name that reads as an index', (d) => (d.labs[0].name = '7'), 'labs[0].name', /only digits/],
    ['a non-integer GPU count per replica', (d) => (d.models[3].serving.gpusPerReplica = 16.5), 'models[open-v3].serving.gpusPerReplica', /whole number/],
    ['an event on a path that does not exist', (d) => d.events.push({ date: '2025-02-01', set: { path: 'labs[Nobody].brand', value: 1 } }), 'events[2].set.path', /no element named "Nobody"/],
    ['an event with a value of the wrong type', (d) => d.events.push({ date: '2025-02-01', set: { path: 'labs[OpenLab].cloudBurst', value: 3 } }), 'events[2].set.value', /true or false/],
    ['an event switching to a bad strategy block', (d) => d.events.push({ date: '2025-02-01', set: { path: 'labs[OpenLab].pricing', value: { strategy: 'COST_PLUS', markup: -1 } } }), 'events[2].set.value.markup', /must be >= 0/],
    ['an event adding to a non-number', (d) => d.events.push({ date: '2025-02-01', add: { path: 'models[open-v3].releaseDate', value: 1 } }), 'events[2].add.path', /not numeric/],
    ['an event that makes a model stop fitting', (d) => d.events.push({ date: '2026-01-01', set: { path: 'gpuTypes[H800].memoryGB', value: 20 } }), 'events[2].set.value', /makes models\[open-v3\].serving.gpusPerReplica invalid/],
    ['an event changing the calendar', (d) => d.events.push({ date: '2025-02-01', set: { path: 'periods', value: 3 } }), 'events[2].set.path', /cannot be changed/],
    ['an event with both set and add', (d) => d.events.push({ date: '2025-02-01', set: { path: 'labs[OpenLab].brand', value: 1 }, add: { path: 'labs[OpenLab].brand', value: 1 } }), 'events[2]', /exactly one/],
    ['an event with a per-period add', (d) => d.events.push({ date: '2025-02-01', add: { path: 'labs[OpenLab].cash', value: { dist: 'uniform', min: 0, max: 1, perPeriod: true } } }), 'events[2].add.value.perPeriod', /not allowed/],
    ['an unknown top-level field', (d) => (d.labz = []), 'labz', /unknown field; did you mean "labs"/],
    ['a missing segment for a tier', (d) => d.segments.pop(), 'segments', /no segment for tier "o1-class"/],
  ];

  it.each(cases)('refuses %s', (_label, mutate, path, message) => {
    const doc = fresh();
    mutate(doc);
    const errors = errorsOf(doc);
    const hit = errors.find((e) => e.path === path);
    expect({ errors, hit: hit !== undefined }).toMatchObject({ hit: true });
    expect(hit!.message).toMatch(message);
  });

  it('refuses a document above 1 MB with a size error as well as the long field', () => {
    const doc = fresh();
    doc.description = 'x'.repeat(1_500_000);
    const errors = errorsOf(doc);
    expect(errors).toEqual([
      { path: '', message: expect.stringMatching(/1\.5 MB serialized; at most 1 MB/) },
      { path: 'description', message: expect.stringMatching(/1500000 characters long/) },
    ]);
  });

  it('accepts a long list of valid events on a document with long price histories', () => {
    const doc = fresh();
    doc.models[1].priceHistory = Array.from({ length: 1000 }, (_, i) => ({ date: `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`, price: 10 }));
    doc.events = Array.from({ length: 1000 }, (_, i) => ({ date: '2025-02-01', add: { path: 'labs[OpenLab].cash', value: i } }));
    expect(errorsOf(doc)).toEqual([]);
  });

  it('refuses a document that is not an object', () => {
    expect(errorsOf(42)).toEqual([{ path: '', message: 'must be an object' }]);
    expect(errorsOf([])).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('names elements by index when their names are not usable selectors', () => {
    const doc = fresh();
    doc.labs[1].name = 'Frontier';
    doc.labs[1].servingShare = -1;
    const errors = errorsOf(doc);
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(['labs[1].servingShare', 'labs[1].name']));
  });

  it('accepts distributions whose support respects the bounds', () => {
    const doc = fresh();
    doc.labs[0].servingShare = { dist: 'normal', mean: 0.5, sd: 0.1, min: 0.2, max: 0.8 };
    doc.segments[0].elasticity = { dist: 'lognormal', median: 1.4, sigma: 0.2 };
    doc.technology.maxBatch = { dist: 'uniform', min: 64, max: 256 };
    doc.gpuMarket.priceElasticity = { dist: 'triangular', min: 0.2, mode: 0.5, max: 1, perPeriod: true };
    expect(errorsOf(doc)).toEqual([]);
  });

  it('refuses a lognormal on a leaf with an upper bound', () => {
    const doc = fresh();
    doc.technology.mfu = { dist: 'lognormal', median: 0.4, sigma: 0.1 };
    expect(errorsOf(doc)).toEqual([{ path: 'technology.mfu', message: expect.stringMatching(/\[0, inf\]/) }]);
  });
});

describe(applyOverrides.name, () => {
  it('applies overrides and validates the result', () => {
    const r = applyOverrides(fresh(), [
      { path: 'labs[OpenLab].pricing.subsidy', value: 0.1 },
      { path: 'segments[o1-class].elasticity', value: 2 },
      { path: 'labs[OpenLab].fleet.H20', value: 0 },
      { path: 'models[3].capability', value: 70 },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.doc as Doc;
    expect([d.labs[2].pricing.subsidy, d.segments[1].elasticity, d.labs[2].fleet.H20, d.models[3].capability]).toEqual([0.1, 2, 0, 70]);
  });

  it('names the override path when it does not exist', () => {
    const r = applyOverrides(fresh(), [{ path: 'labs[Nobody].brand', value: 1 }]);
    expect(r).toEqual({ ok: false, errors: [{ path: 'labs[Nobody].brand', message: expect.stringMatching(/no such field/) }] });
    const typo = applyOverrides(fresh(), [{ path: 'labs[2].pricing.subsidyy', value: 1 }]);
    expect(typo).toEqual({ ok: false, errors: [{ path: 'labs[OpenLab].pricing.subsidyy', message: expect.stringMatching(/no such field/) }] });
    const deep = applyOverrides(fresh(), [{ path: 'labs[Frontier].roadmap.cadenceMonths', value: 3 }]);
    expect(deep.ok).toBe(false);
  });

  it('reports a bad value at the overridden field', () => {
    const r = applyOverrides(fresh(), [{ path: 'labs[OpenLab].pricing.subsidy', value: -1 }]);
    expect(r).toEqual({ ok: false, errors: [{ path: 'labs[OpenLab].pricing.subsidy', message: 'must be >= 0' }] });
  });
});

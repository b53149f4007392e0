import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { loadPreset } from '../../src/engine/presets/presets.js';
import { validateScenario } from '../../src/engine/scenario/validate-scenario.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { useTestContext } from '../helpers/test-context.js';
import { gql, gqlOk, rowCounts, threeLabs, toScenarioInput } from './support/scenario-api.js';

/** The user-facing fixture, exactly as MODEL.md section 1 shapes it. */
const THREE_LABS = threeLabs();

/** sha256 of JSON with sorted keys, computed here independently of the API's own helper. */
function sortedHash(value: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canon) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as any)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(canon(value))).digest('hex');
}

const CREATE = `mutation($input: ScenarioInput!) { createScenario(input: $input) { id name latestVersion isPreset archived tags } }`;
const CONTENT = `
  query($id: ID!) { scenario(id: $id) { id name latestVersion current { version contentHash content {
    name description startDate periods periodMonths
    tiers { name threshold { value } }
    segments { tier baseVolume { value } referencePrice { value } elasticity { value } growthPerYear { value } alpha { value } beta { value } saturationVolume { value } }
    gpuTypes { name memoryGB { value } bandwidthTBs { value } tflops { value } tcoPerHour { value } }
    technology { servingEfficiencyGainPerYear { value } maxBatch { value } loadFactor { value } }
    gpuMarket { rentalPrice { value } supplyHours { value } exogenousDemandHours { value } }
    labs { name cloudBurst brand { value } cash { value } fixedCostPerPeriod { value } servingShare { value }
      fleet { gpuType count { value } }
      roadmap { cadenceMonths { value } capabilityStep { value } computeMultiplierPer10Points { value } }
      pricing { strategy premiumMultiple { value } halfLifeMonths { value } floorMultiple { value } discount { value } qualityExponent { value } minMultiple { value } subsidy { value }
        then { strategy markup { value } } } }
    models { name lab releaseDate capability { value } openWeights trainingCost { value }
      serving { gpuType activeParamsB { value } totalParamsB { value } bytesPerParam { value } kvBytesPerToken { value } gpusPerReplica { value } costPerMTokens { value } }
      priceHistory { date price { value } } }
    events { date kind path value { number dist { kind min max perPeriod } } }
    lab(name: "OpenLab") { name }
    tierOf(capability: 77) { name }
  } } } }`;

const ctx = useTestContext();

describe('scenario round trip over HTTP (create, read, update, clone, export)', () => {
  let api: RunningApi;
  let id: string;

  beforeAll(async () => {
    api = await startApi(ctx.config);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('creates a scenario from the typed three-labs input as version 1', async () => {
    const data = await gqlOk<{ createScenario: any }>(api, CREATE, { input: toScenarioInput(THREE_LABS) });
    expect(data.createScenario).toMatchObject({ name: 'three-labs', latestVersion: 1, isPreset: false, archived: false, tags: [] });
    id = data.createScenario.id;
    expect(await rowCounts(ctx.database.url)).toEqual({ scenarios: 1, versions: 1 });
  });

  it('reads every part back field by field, typed', async () => {
    const { scenario } = await gqlOk<{ scenario: any }>(api, CONTENT, { id });
    const c = scenario.current.content;
    expect(c).toMatchObject({ name: 'three-labs', startDate: '2025-01-01', periods: 24, periodMonths: 1, description: THREE_LABS.description });
    expect(c.tiers).toEqual(THREE_LABS.tiers.map((t: any) => ({ name: t.name, threshold: { value: t.threshold } })));
    expect(c.segments[1]).toEqual({
      tier: 'o1-class', baseVolume: { value: 300000 }, referencePrice: { value: 25 }, elasticity: { value: 1.6 },
      growthPerYear: { value: 3 }, alpha: { value: 2 }, beta: { value: 0.25 }, saturationVolume: null,
    });
    expect(c.gpuTypes.map((g: any) => [g.name, g.memoryGB.value, g.bandwidthTBs.value, g.tflops.value, g.tcoPerHour.value])).toEqual(
      THREE_LABS.gpuTypes.map((g: any) => [g.name, g.memoryGB, g.bandwidthTBs, g.tflops, g.tcoPerHour]),
    );
    expect(c.technology).toEqual({ servingEfficiencyGainPerYear: { value: 1.5 }, maxBatch: { value: 256 }, loadFactor: { value: 0.6 } });
    expect(c.gpuMarket).toEqual({ rentalPrice: { value: 2.5 }, supplyHours: { value: 6e8 }, exogenousDemandHours: { value: 4e8 } });
    const [frontier, follower, open] = c.labs;
    expect(frontier.pricing).toMatchObject({ strategy: 'FRONTIER_PREMIUM', premiumMultiple: { value: 12 }, halfLifeMonths: { value: 6 }, floorMultiple: { value: 1.5 }, then: null });
    expect(follower.pricing).toMatchObject({ strategy: 'PRICE_PERFORMANCE_PARITY', discount: { value: 0.4 }, minMultiple: { value: 1.2 } });
    expect(open).toMatchObject({
      name: 'OpenLab', cloudBurst: false, brand: { value: 0 }, cash: { value: 1e9 }, servingShare: { value: 0.4 },
      fleet: [{ gpuType: 'H100', count: { value: 10000 } }, { gpuType: 'H800', count: { value: 10000 } }, { gpuType: 'H20', count: { value: 30000 } }], // gpuTypes order
      roadmap: { cadenceMonths: { value: 6 }, capabilityStep: { value: 5 }, computeMultiplierPer10Points: { value: 2 } },
      pricing: { strategy: 'ZERO_MARGIN', subsidy: { value: 0 }, then: { strategy: 'COST_PLUS', markup: { value: 0.5 } } },
    });
    const flash = c.models.find((m: any) => m.name === 'follower-flash');
    expect(flash.serving).toEqual({ gpuType: 'H100', costPerMTokens: { value: 0.05 }, activeParamsB: null, totalParamsB: null, bytesPerParam: null, kvBytesPerToken: null, gpusPerReplica: null });
    const o1 = c.models.find((m: any) => m.name === 'frontier-o1');
    expect(o1).toMatchObject({ lab: 'Frontier', releaseDate: '2024-12-17', capability: { value: 78 }, openWeights: false, priceHistory: [{ date: '2025-01-01', price: { value: 26.25 } }] });
    expect(c.events).toEqual([
      { date: '2025-07-01', kind: 'SET', path: 'labs[OpenLab].pricing.subsidy', value: { number: null, dist: { kind: 'UNIFORM', min: 0, max: 0.2, perPeriod: false } } },
      { date: '2025-10-01', kind: 'SET', path: 'labs[OpenLab].fleet.H20', value: { number: 0, dist: null } },
    ]);
    expect(c.lab).toEqual({ name: 'OpenLab' });
    expect(c.tierOf).toEqual({ name: 'o1-class' });
  });

  it('exports exactly the document the engine reads: equal to the file, valid, hashed canonically', async () => {
    const data = await gqlOk<{ exportScenario: unknown; scenario: any }>(
      api,
      'query($id: ID!) { exportScenario(id: $id) scenario(id: $id) { current { contentHash document } } }',
      { id },
    );
    expect(data.exportScenario).toEqual(THREE_LABS);
    expect(data.scenario.current.document).toEqual(THREE_LABS);
    expect(validateScenario(data.exportScenario)).toMatchObject({ ok: true });
    expect(data.scenario.current.contentHash).toBe(sortedHash(THREE_LABS));
  });

  it('imports the same document as JSON to the same content hash', async () => {
    const doc = { ...THREE_LABS, name: 'three-labs imported' };
    const data = await gqlOk<{ importScenario: any }>(api, 'mutation($d: JSONDocument!) { importScenario(document: $d) { name current { contentHash } } }', { d: doc });
    expect(data.importScenario).toEqual({ name: 'three-labs imported', current: { contentHash: sortedHash(doc) } });
  });

  it('updates to version 2 and leaves version 1 unchanged', async () => {
    const before = await gqlOk<{ scenario: any }>(api, 'query($id: ID!) { scenario(id: $id) { current { id contentHash document } } }', { id });
    const v1 = before.scenario.current;
    const input = toScenarioInput({ ...THREE_LABS, periods: 36, tags: ['edited'] });
    const updated = await gqlOk<{ updateScenario: any }>(
      api,
      'mutation($id: ID!, $input: ScenarioInput!) { updateScenario(id: $id, input: $input, expectedVersion: 1) { latestVersion tags current { version content { periods } } } }',
      { id, input },
    );
    expect(updated.updateScenario).toEqual({ latestVersion: 2, tags: ['edited'], current: { version: 2, content: { periods: 36 } } });

    const after = await gqlOk<{ scenario: any; scenarioVersion: any }>(
      api,
      'query($id: ID!, $v1: ID!) { scenario(id: $id) { versions { version } version(number: 1) { id contentHash document } } scenarioVersion(id: $v1) { version content { periods } } }',
      { id, v1: v1.id },
    );
    expect(after.scenario.versions).toEqual([{ version: 1 }, { version: 2 }]);
    expect(after.scenario.version).toEqual(v1);
    expect(after.scenarioVersion).toEqual({ version: 1, content: { periods: 24 } });

    const stale = await gql(api, 'mutation($id: ID!, $input: ScenarioInput!) { updateScenario(id: $id, input: $input, expectedVersion: 1) { latestVersion } }', { id, input });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('clones with typed overrides, leaving the source alone', async () => {
    const cloned = await gqlOk<{ cloneScenario: any }>(
      api,
      `mutation($id: ID!) { cloneScenario(id: $id, name: "three-labs cheap H20", overrides: [
        { path: "labs[OpenLab].fleet.H20", value: { number: 90000 } },
        { path: "segments[o1-class].elasticity", value: { dist: { kind: TRIANGULAR, min: 1.2, mode: 1.6, max: 2.0 } } },
        { path: "labs[Follower].pricing", value: { pricing: { strategy: COST_PLUS, markup: { value: 0.3 } } } },
        { path: "description", value: { text: "<b>cloned</b> 'quotes'; DROP TABLE scenarios; -- 🚀" } }
      ]) { id name latestVersion current { document } } }`,
      { id },
    );
    const doc = cloned.cloneScenario.current.document;
    expect(cloned.cloneScenario).toMatchObject({ name: 'three-labs cheap H20', latestVersion: 1 });
    expect(doc.name).toBe('three-labs cheap H20');
    expect(doc.labs[2].fleet).toEqual({ H800: 10000, H100: 10000, H20: 90000 });
    expect(doc.segments[1].elasticity).toEqual({ dist: 'triangular', min: 1.2, mode: 1.6, max: 2.0 });
    expect(doc.labs[1].pricing).toEqual({ strategy: 'COST_PLUS', markup: 0.3 });
    expect(doc.description).toBe("<b>cloned</b> 'quotes'; DROP TABLE scenarios; -- 🚀");
    // Everything else is the source's latest version (periods 36, tags edited).
    expect({ ...doc, name: 0, description: 0, labs: 0, segments: 0 }).toEqual({ ...THREE_LABS, periods: 36, tags: ['edited'], name: 0, description: 0, labs: 0, segments: 0 });
    const source = await gqlOk<{ exportScenario: any }>(api, 'query($id: ID!) { exportScenario(id: $id) }', { id });
    expect(source.exportScenario.labs[2].fleet.H20).toBe(30000);
  });

  it('round-trips the deepseek preset (roadmaps, price histories, events) through the typed input to the same document', async () => {
    const doc = { ...loadPreset('deepseek-debates-2025')!, name: 'deepseek typed' } as Record<string, any>;
    const created = await gqlOk<{ createScenario: { id: string } }>(api, CREATE, { input: toScenarioInput(doc) });
    const exported = await gqlOk<{ exportScenario: unknown }>(api, 'query($id: ID!) { exportScenario(id: $id) }', { id: created.createScenario.id });
    expect(exported.exportScenario).toEqual(doc);
  });

  it('gets by name, and returns null for an unknown id or name', async () => {
    const data = await gqlOk<any>(
      api,
      '{ a: scenario(name: "three-labs") { name } b: scenario(name: "nope") { name } c: scenario(id: "00000000-0000-4000-8000-000000000000") { name } d: scenario(id: "not-a-uuid") { name } }',
    );
    expect(data).toEqual({ a: { name: 'three-labs' }, b: null, c: null, d: null });
  });
});

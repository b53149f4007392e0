import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { useTestContext } from '../helpers/test-context.js';
import { gql, gqlOk, gqlRaw, rowCounts, threeLabs, toScenarioInput, type Counts } from './support/scenario-api.js';

const IMPORT = 'mutation($d: JSONDocument!) { importScenario(document: $d) { id } }';
const CREATE = 'mutation($input: ScenarioInput!) { createScenario(input: $input) { id } }';
const CLONE = 'mutation($id: ID!, $name: String!, $o: [OverrideInput!]!) { cloneScenario(id: $id, name: $name, overrides: $o) { id } }';
const UPDATE = 'mutation($id: ID!, $d: JSONDocument!) { updateScenarioDocument(id: $id, document: $d) { id latestVersion } }';

type Doc = Record<string, any>;
/** A three-labs document named `name` with `edit` applied. */
function docWith(name: string, edit: (d: Doc) => void): Doc {
  const d = threeLabs();
  d.name = name;
  edit(d);
  return d;
}

interface FieldError {
  path: string;
  message: string;
}

const ctx = useTestContext();

describe('bad scenario inputs are refused with the field named and nothing stored', () => {
  let api: RunningApi;
  let sourceId: string;
  let before: Counts;

  beforeAll(async () => {
    api = await startApi(ctx.config);
    sourceId = (await gqlOk<{ importScenario: { id: string } }>(api, IMPORT, { d: threeLabs() })).importScenario.id;
    before = await rowCounts(ctx.database.url);
    expect(before).toEqual({ scenarios: 1, versions: 1 });
  });

  afterAll(async () => {
    await api?.close();
  });

  /** The call failed with BAD_USER_INPUT, an error at `path` whose message matches, and no new rows. */
  async function refusedAt(res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }, path: string, message: RegExp): Promise<void> {
    expect(res.errors?.length).toBeGreaterThan(0);
    const error = res.errors![0]!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (error.extensions?.fields ?? []) as FieldError[];
    expect(fields).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(error.message).toContain(path);
    expect(await rowCounts(ctx.database.url)).toEqual(before);
  }

  const cases: [string, (d: Doc) => void, string, RegExp][] = [
    ['a string where a number goes', (d) => (d.periods = '24'), 'periods', /must be a number/],
    ['a string where a numeric leaf goes', (d) => (d.labs[0].brand = 'high'), 'labs[Frontier].brand', /must be a number or a distribution/],
    ['a boolean given as a string', (d) => (d.labs[1].cloudBurst = 'false'), 'labs[Follower].cloudBurst', /true or false/],
    ['a model of an unknown lab', (d) => (d.models[0].lab = 'Nobody'), 'models[frontier-4o].lab', /unknown lab "Nobody"/],
    ['a fleet of an unknown GPU type', (d) => (d.labs[0].fleet.B200 = 1000), 'labs[Frontier].fleet.B200', /unknown GPU type "B200"/],
    ['a model served on an unknown GPU type', (d) => (d.models[3].serving.gpuType = 'TPUv5'), 'models[open-v3].serving.gpuType', /unknown GPU type/],
    ['a negative elasticity', (d) => (d.segments[0].elasticity = -1.4), 'segments[gpt4o-class].elasticity', /must be > 0/],
    ['NaN as JSON writes it from some languages ("NaN")', (d) => (d.segments[1].alpha = 'NaN'), 'segments[o1-class].alpha', /must be a number/],
    ['periods above the limit of 600', (d) => (d.periods = 601), 'periods', /must be <= 600/],
    ['a model that does not fit in its replica', (d) => (d.models[0].serving.gpusPerReplica = 1), 'models[frontier-4o].serving.gpusPerReplica', /does not fit in its replica's memory/],
    ['two labs with the same name', (d) => (d.labs[1].name = 'Frontier'), 'labs[1].name', /duplicate name "Frontier"/],
    ['an unknown pricing strategy', (d) => (d.labs[0].pricing.strategy = 'GOUGE'), 'labs[Frontier].pricing.strategy', /unknown strategy "GOUGE"/],
    ['a misspelt field', (d) => (d.segments[0].elasticty = 1.2), 'segments[gpt4o-class].elasticty', /unknown field; did you mean "elasticity"/],
    ['a missing required field', (d) => delete d.gpuMarket.rentalPrice, 'gpuMarket.rentalPrice', /is required/],
    ['tiers out of order', (d) => (d.tiers[1].threshold = 50), 'tiers[o1-class].threshold', /must be above the previous tier/],
    ['a segment for an unknown tier', (d) => (d.segments[1].tier = 'o3-class'), 'segments[o3-class].tier', /unknown tier "o3-class"/],
    ['a date that is not on the calendar', (d) => (d.models[1].releaseDate = '2025-02-30'), 'models[frontier-o1].releaseDate', /not a calendar date/],
    ['a distribution that can draw out of range', (d) => (d.labs[0].servingShare = { dist: 'uniform', min: 0.5, max: 1.5 }), 'labs[Frontier].servingShare', /can draw values in \[0.5, 1.5\]/],
    ['an event at a path that does not exist', (d) => (d.events[1].set.path = 'labs[OpenLab].fleet.H20.count'), 'events[1].set.path', /./],
    ['the NUL character in a name', (d) => (d.labs[2].name = 'Open\u0000Lab'), 'labs[2].name', /NUL/],
  ];

  it.each(cases)('import refuses %s', async (_what, edit, path, message) => {
    await refusedAt(await gql(api, IMPORT, { d: docWith('bad import', edit) }), path, message);
  });

  it('checkScenario reports the same errors without storing, and the hash of a valid document', async () => {
    const bad = await gqlOk<{ checkScenario: any }>(api, 'query($d: JSONDocument!) { checkScenario(document: $d) { valid contentHash errors { path message } } }', {
      d: docWith('checked', (d) => (d.segments[0].elasticity = -1)),
    });
    expect(bad.checkScenario).toEqual({ valid: false, contentHash: null, errors: [{ path: 'segments[gpt4o-class].elasticity', message: 'must be > 0' }] });
    const good = await gqlOk<{ checkScenario: any }>(api, 'query($d: JSONDocument!) { checkScenario(document: $d) { valid contentHash errors { path } } }', { d: threeLabs() });
    expect(good.checkScenario).toMatchObject({ valid: true, errors: [] });
    expect(good.checkScenario.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await rowCounts(ctx.database.url)).toEqual(before);
  });

  it('refuses Infinity (1e999 in the JSON body) at the field, from an imported document', async () => {
    const body = JSON.stringify({ query: IMPORT, variables: { d: docWith('inf', () => undefined) } }).replace('"elasticity":1.4', '"elasticity":1e999');
    expect(body).toContain('1e999');
    const res = await gqlRaw(api, body);
    await refusedAt(res.body as never, 'segments[gpt4o-class].elasticity', /finite/);
  });

  it('refuses Infinity in a typed input at the variable path (GraphQL Float)', async () => {
    const body = JSON.stringify({ query: CREATE, variables: { input: toScenarioInput(docWith('inf typed', () => undefined)) } }).replace('"elasticity":{"value":1.4}', '"elasticity":{"value":1e999}');
    expect(body).toContain('1e999');
    const res = (await gqlRaw(api, body)).body as { errors: { message: string; extensions: { code: string } }[] };
    expect(res.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0]!.message).toMatch(/input\.segments\[0\]\.elasticity\.value.*Float cannot represent/s);
    expect(await rowCounts(ctx.database.url)).toEqual(before);
  });

  it('refuses an unknown strategy in a typed input (the enum), naming the field', async () => {
    const input = toScenarioInput(docWith('typed gouge', () => undefined)) as any;
    input.labs[0].pricing.strategy = 'GOUGE';
    const res = await gql(api, CREATE, { input });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/input\.labs\[0\]\.pricing\.strategy.*GOUGE/s);
    expect(await rowCounts(ctx.database.url)).toEqual(before);
  });

  it('refuses a typed numeric leaf with both a value and a distribution', async () => {
    const input = toScenarioInput(docWith('both', () => undefined)) as any;
    input.labs[1].brand = { value: 0.3, dist: { kind: 'UNIFORM', min: 0, max: 1 } };
    await refusedAt(await gql(api, CREATE, { input }), 'labs[Follower].brand', /exactly one of value or dist/);
  });

  it('refuses a typed fleet listing a GPU type twice, or one named __proto__', async () => {
    const twice = toScenarioInput(docWith('twice', () => undefined)) as any;
    twice.labs[0].fleet.push({ gpuType: 'H100', count: { value: 5 } });
    await refusedAt(await gql(api, CREATE, { input: twice }), 'labs[Frontier].fleet[1]', /listed twice/);
    const proto = toScenarioInput(docWith('proto', () => undefined)) as any;
    proto.labs[0].fleet.push({ gpuType: '__proto__', count: { value: 5 } });
    await refusedAt(await gql(api, CREATE, { input: proto }), 'labs[Frontier].fleet.__proto__', /unknown GPU type "__proto__"/);
  });

  it('refuses a second scenario with a taken name', async () => {
    await refusedAt(await gql(api, CREATE, { input: toScenarioInput(threeLabs()) }), 'name', /already exists/);
    await refusedAt(await gql(api, IMPORT, { d: threeLabs() }), 'name', /already exists/);
  });

  it('refuses a 10 MB string: at the door (413) or at the field, and stores nothing', async () => {
    const res = await gqlRaw(api, JSON.stringify({ query: IMPORT, variables: { d: docWith('x'.repeat(10_000_000), () => undefined) } }));
    if (res.status === 413) {
      expect(JSON.stringify(res.body)).toMatch(/too large/i);
    } else {
      const body = res.body as unknown as { errors: { extensions: { code: string; fields: FieldError[] } }[] };
      expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0]!.extensions.fields).toContainEqual({ path: 'name', message: expect.stringMatching(/at most 200/) });
    }
    expect(await rowCounts(ctx.database.url)).toEqual(before);
  });

  it('refuses a long name at the field when the body is within the request limit', async () => {
    await refusedAt(await gql(api, IMPORT, { d: docWith('n'.repeat(20_000), () => undefined) }), 'name', /at most 200 are allowed/);
  });

  it('refuses an override path that does not exist, and an override that breaks a rule', async () => {
    const missingLab = await gql(api, CLONE, { id: sourceId, name: 'clone 1', o: [{ path: 'labs[Nobody].brand', value: { number: 1 } }] });
    await refusedAt(missingLab, 'labs[Nobody].brand', /no such field.*no element named "Nobody"/);
    const missingKey = await gql(api, CLONE, { id: sourceId, name: 'clone 2', o: [{ path: 'technology.warpDrive', value: { number: 9 } }] });
    await refusedAt(missingKey, 'technology.warpDrive', /no such field/);
    const negative = await gql(api, CLONE, { id: sourceId, name: 'clone 3', o: [{ path: 'segments[o1-class].elasticity', value: { number: -2 } }] });
    await refusedAt(negative, 'segments[o1-class].elasticity', /must be > 0/);
    const twoValues = await gql(api, CLONE, { id: sourceId, name: 'clone 4', o: [{ path: 'periods', value: { number: 12, text: 'twelve' } }] });
    await refusedAt(twoValues, 'overrides[0].value', /exactly one/);
  });

  it('refuses a bad update without adding a version', async () => {
    await refusedAt(await gql(api, UPDATE, { id: sourceId, d: docWith('three-labs', (d) => (d.periods = 0)) }), 'periods', /must be >= 1/);
  });

  it('refuses an unbounded page size and a forged cursor', async () => {
    const big = await gql(api, '{ scenarios(first: 1000) { totalCount } }');
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const forged = await gql(api, '{ scenarios(after: "bm9wZQ") { totalCount } }');
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ScenariosRepository } from '../../src/modules/scenarios/scenarios.repository.js';
import { ScenariosService } from '../../src/modules/scenarios/scenarios.service.js';
import { loadPreset } from '../../src/engine/presets/presets.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { useTestContext } from '../helpers/test-context.js';
import { gql, gqlOk, rowCounts, sql, threeLabs } from './support/scenario-api.js';

const IMPORT = 'mutation($d: JSONDocument!) { importScenario(document: $d) { id name } }';
const LIST = `query($f: ScenarioFilterInput, $first: Int!, $after: String) {
  scenarios(filter: $f, first: $first, after: $after) { totalCount edges { cursor node { name tags archived } } pageInfo { hasNextPage endCursor } } }`;

/** Names, SQL, HTML and emoji that must come back byte for byte. */
const AWKWARD = ["Robert'); DROP TABLE scenarios;--", '<script>alert("x")</script> & <b>bold</b>', 'Ünïcödé 🚀🧪 中文 \\ "quoted" \t tab'];

const ctx = useTestContext();

async function importNamed(api: RunningApi, name: string, tags: string[] = []): Promise<string> {
  const d = threeLabs();
  d.name = name;
  d.tags = tags;
  return (await gqlOk<{ importScenario: { id: string } }>(api, IMPORT, { d })).importScenario.id;
}

/** A run row referencing the scenario's version 1, as the runs module would write it. */
async function insertRun(scenarioId: string, status: string): Promise<void> {
  const { rows } = await sql(ctx.database.url, 'SELECT id, content_hash FROM scenario_versions WHERE scenario_id = $1 AND version = 1', [scenarioId]);
  await sql(
    ctx.database.url,
    `INSERT INTO runs (id, scenario_id, scenario_version_id, status, paths, seed, periods, chunk_size, chunks_total, engine_version, content_hash)
     VALUES ($1, $2, $3, $4::run_status, 10, 1, 24, 10, 1, 'test', $5)`,
    [randomUUID(), scenarioId, rows[0].id, status, rows[0].content_hash],
  );
}

describe('scenario listing, presets, archive and delete over HTTP', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi(ctx.config);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('seeds the presets with the seed command, idempotently, and lists them', async () => {
    const seed = () => spawnSync('node_modules/.bin/tsx', ['prisma/seed.ts'], { env: ctx.env, encoding: 'utf8', timeout: 60_000 });
    const first = seed();
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/deepseek-debates-2025 created v1, three-labs created v1/);
    const counts = await rowCounts(ctx.database.url);
    expect(counts).toEqual({ scenarios: 2, versions: 2 });
    expect(seed().stdout).toMatch(/preset-scenarios: up to date/);
    // Forced past the runner's record, the service itself changes nothing either.
    const outcomes = await new ScenariosService(api.app.get(ScenariosRepository)).seedPresets();
    expect(outcomes.map((o) => o.action)).toEqual(['unchanged', 'unchanged']);
    expect(await rowCounts(ctx.database.url)).toEqual(counts);

    const data = await gqlOk<{ presets: any[] }>(api, '{ presets { name isPreset latestVersion current { document } } }');
    expect(data.presets.map((p) => [p.name, p.isPreset, p.latestVersion])).toEqual([
      ['deepseek-debates-2025', true, 1],
      ['three-labs', true, 1],
    ]);
    expect(data.presets[0].current.document).toEqual(loadPreset('deepseek-debates-2025'));
  }, 150_000);

  it('clones a preset with overrides into a user scenario', async () => {
    const preset = await gqlOk<{ scenario: { id: string } }>(api, '{ scenario(name: "deepseek-debates-2025") { id } }');
    const clone = await gqlOk<{ cloneScenario: any }>(
      api,
      `mutation($id: ID!) { cloneScenario(id: $id, name: "deepseek optimistic", overrides: [
         { path: "technology.algorithmicEfficiencyGainPerYear", value: { number: 10 } }]) { name isPreset current { document } } }`,
      { id: preset.scenario.id },
    );
    expect(clone.cloneScenario.isPreset).toBe(false);
    expect(clone.cloneScenario.current.document).toEqual({ ...loadPreset('deepseek-debates-2025'), name: 'deepseek optimistic', technology: { ...loadPreset('deepseek-debates-2025')!.technology, algorithmicEfficiencyGainPerYear: 10 } });
  });

  it('stores SQL, HTML and emoji names and descriptions verbatim', async () => {
    for (const name of AWKWARD) {
      const d = threeLabs();
      d.name = name;
      d.description = `${name} — description`;
      d.labs[0].name = name.slice(0, 30).replace(/[[\]]/g, '');
      d.models[0].lab = d.labs[0].name;
      d.models[1].lab = d.labs[0].name;
      await gqlOk(api, IMPORT, { d });
      const back = await gqlOk<{ scenario: any }>(api, 'query($n: String!) { scenario(name: $n) { name description current { document } } }', { n: name });
      expect(back.scenario.name).toBe(name);
      expect(back.scenario.description).toBe(`${name} — description`);
      expect(back.scenario.current.document).toEqual(d);
    }
  });

  it('lists with filters and cursor pagination by name', async () => {
    for (const [name, tags] of [['alpha one', ['a', 'x']], ['Alpha two', ['a']], ['beta', ['x']], ['gamma', []]] as const) await importNamed(api, name, [...tags]);
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: any = (await gqlOk<{ scenarios: any }>(api, LIST, { f: { isPreset: false }, first: 2, after })).scenarios;
      expect(page.edges.length).toBeLessThanOrEqual(2);
      expect(page.totalCount).toBe(4 + AWKWARD.length + 1);
      names.push(...page.edges.map((e: any) => e.node.name));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(Math.ceil((4 + AWKWARD.length + 1) / 2));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(names).size).toBe(names.length);

    const byName = await gqlOk<{ scenarios: any }>(api, LIST, { f: { nameContains: 'ALPHA' }, first: 10 });
    expect(byName.scenarios.edges.map((e: any) => e.node.name)).toEqual(['Alpha two', 'alpha one']);
    const byTag = await gqlOk<{ scenarios: any }>(api, LIST, { f: { tag: 'x' }, first: 10 });
    expect(byTag.scenarios.edges.map((e: any) => e.node.name)).toEqual(['alpha one', 'beta']);
    const wildcard = await gqlOk<{ scenarios: any }>(api, LIST, { f: { nameContains: '%' }, first: 10 });
    expect(wildcard.scenarios.totalCount).toBe(0);
    const underscore = await gqlOk<{ scenarios: any }>(api, LIST, { f: { nameContains: 'alpha_one' }, first: 10 });
    expect(underscore.scenarios.totalCount).toBe(0);
  });

  it('loads nested versions for a whole page in one query per field (no N+1)', async () => {
    const repository = api.app.get(ScenariosRepository);
    const versionsOf = jest.spyOn(repository, 'versionsOf');
    const byNumber = jest.spyOn(repository, 'versionsByNumber');
    try {
      const data = await gqlOk<{ scenarios: any }>(api, '{ scenarios(first: 100) { edges { node { name versions { version } current { version } } } } }');
      expect(data.scenarios.edges.length).toBeGreaterThanOrEqual(8);
      expect(versionsOf).toHaveBeenCalledTimes(1);
      expect(byNumber).toHaveBeenCalledTimes(1);
    } finally {
      versionsOf.mockRestore();
      byNumber.mockRestore();
    }
  });

  it('appends concurrent updates as consecutive versions, none lost, none duplicated', async () => {
    const id = await importNamed(api, 'busy');
    const updates = Array.from({ length: 6 }, (_, i) => {
      const d = threeLabs();
      d.name = 'busy';
      d.periods = 30 + i;
      return gql(api, 'mutation($id: ID!, $d: JSONDocument!) { updateScenarioDocument(id: $id, document: $d) { latestVersion } }', { id, d });
    });
    for (const res of await Promise.all(updates)) expect(res.errors).toBeUndefined();
    const data = await gqlOk<{ scenario: any }>(api, 'query($id: ID!) { scenario(id: $id) { latestVersion versions { version content { periods } } } }', { id });
    expect(data.scenario.latestVersion).toBe(7);
    expect(data.scenario.versions.map((v: any) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(data.scenario.versions.slice(1).map((v: any) => v.content.periods).sort()).toEqual([30, 31, 32, 33, 34, 35]);
  });

  it('archives: hidden from the default list, listed when asked for, frozen against updates, restorable', async () => {
    const id = await importNamed(api, 'to archive');
    expect((await gqlOk<any>(api, 'mutation($id: ID!) { archiveScenario(id: $id) { archived } }', { id })).archiveScenario.archived).toBe(true);
    const listed = await gqlOk<{ scenarios: any }>(api, LIST, { f: { nameContains: 'to archive' }, first: 10 });
    expect(listed.scenarios.totalCount).toBe(0);
    const archived = await gqlOk<{ scenarios: any }>(api, LIST, { f: { nameContains: 'to archive', archived: true }, first: 10 });
    expect(archived.scenarios.edges.map((e: any) => e.node.name)).toEqual(['to archive']);
    const d = threeLabs();
    d.name = 'to archive';
    d.periods = 12;
    const update = await gql(api, 'mutation($id: ID!, $d: JSONDocument!) { updateScenarioDocument(id: $id, document: $d) { latestVersion } }', { id, d });
    expect(update.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await gqlOk<any>(api, 'mutation($id: ID!) { archiveScenario(id: $id, archived: false) { archived } }', { id })).archiveScenario.archived).toBe(false);
  });

  it('deletes a scenario without runs, with its versions', async () => {
    const id = await importNamed(api, 'to delete');
    const before = await rowCounts(ctx.database.url);
    expect(await gqlOk<any>(api, 'mutation($id: ID!) { deleteScenario(id: $id) { id } }', { id })).toEqual({ deleteScenario: { id } });
    expect(await rowCounts(ctx.database.url)).toEqual({ scenarios: before.scenarios - 1, versions: before.versions - 1 });
    const again = await gql(api, 'mutation($id: ID!) { deleteScenario(id: $id) { id } }', { id });
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses to delete while runs reference it, unless archived; never while a run is active', async () => {
    const id = await importNamed(api, 'with runs');
    await insertRun(id, 'SUCCEEDED');
    const refused = await gql(api, 'mutation($id: ID!) { deleteScenario(id: $id) { id } }', { id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toMatch(/referenced by 1 run.*archive it first/);

    await insertRun(id, 'RUNNING');
    await gqlOk(api, 'mutation($id: ID!) { archiveScenario(id: $id) { archived } }', { id });
    const active = await gql(api, 'mutation($id: ID!) { deleteScenario(id: $id) { id } }', { id });
    expect(active.errors?.[0]?.message).toMatch(/1 queued or running run/);
    expect((await sql(ctx.database.url, 'SELECT count(*)::int AS n FROM runs WHERE scenario_id = $1', [id])).rows[0].n).toBe(2);

    await sql(ctx.database.url, "UPDATE runs SET status = 'CANCELLED' WHERE scenario_id = $1 AND status = 'RUNNING'", [id]);
    expect(await gqlOk<any>(api, 'mutation($id: ID!) { deleteScenario(id: $id) { id } }', { id })).toEqual({ deleteScenario: { id } });
    expect((await sql(ctx.database.url, 'SELECT count(*)::int AS n FROM runs WHERE scenario_id = $1', [id])).rows[0].n).toBe(0);
    expect((await sql(ctx.database.url, 'SELECT count(*)::int AS n FROM scenario_versions WHERE scenario_id = $1', [id])).rows[0].n).toBe(0);
  });

  it('refuses to delete while a schedule would keep starting runs of it', async () => {
    const id = await importNamed(api, 'scheduled');
    await sql(ctx.database.url, "INSERT INTO schedules (id, name, scenario_id, cron, paths, seed) VALUES ($1, 'nightly', $2, '0 3 * * *', 10, 1)", [randomUUID(), id]);
    const refused = await gql(api, 'mutation($id: ID!) { deleteScenario(id: $id) { id } }', { id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toMatch(/1 schedule/);
    await sql(ctx.database.url, 'DELETE FROM schedules WHERE scenario_id = $1', [id]);
    expect(await gqlOk<any>(api, 'mutation($id: ID!) { deleteScenario(id: $id) { id } }', { id })).toEqual({ deleteScenario: { id } });
  });
});

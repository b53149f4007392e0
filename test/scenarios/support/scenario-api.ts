/**
 * What the scenario e2e specs share: a GraphQL call that fails loudly on transport errors, the
 * typed input spelled from a JSON document (written independently of the API's own mapper), and
 * row counts read straight from the file's database.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { Role } from '../../../src/modules/auth/roles.decorator.js';
import type { GraphqlBody, RunningApi } from '../../helpers/api-app.js';

/** Calls the API as an editor: the least role that may write scenarios (queries need viewer). */
export async function gql<T = Record<string, unknown>>(api: RunningApi, query: string, variables?: Record<string, unknown>): Promise<GraphqlBody<T>> {
  return api.graphql<T>(query, variables, Role.Editor);
}

/** POSTs a raw JSON body text (for numbers JSON.stringify cannot write, such as 1e999). */
export async function gqlRaw(api: RunningApi, body: string): Promise<{ status: number; body: GraphqlBody<unknown> | string }> {
  const res = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...api.headers(Role.Editor) }, body });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as GraphqlBody<unknown> };
  } catch {
    return { status: res.status, body: text };
  }
}

/** Data of a call that must succeed. */
export async function gqlOk<T = Record<string, unknown>>(api: RunningApi, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await gql<T>(api, query, variables);
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

export interface Counts {
  scenarios: number;
  versions: number;
}

/** Rows in scenarios and scenario_versions, read with pg (not through the API). */
export async function rowCounts(databaseUrl: string): Promise<Counts> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ s: string; v: string }>(
      'SELECT (SELECT count(*) FROM scenarios) AS s, (SELECT count(*) FROM scenario_versions) AS v',
    );
    return { scenarios: Number(rows[0]!.s), versions: Number(rows[0]!.v) };
  } finally {
    await client.end();
  }
}

/** Runs SQL against the file's database (fixtures such as a run row referencing a scenario). */
export async function sql(databaseUrl: string, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

type Json = Record<string, unknown>;

/** A numeric leaf as NumInput: a number -> {value}, a distribution -> {dist: {kind, ...}}. */
function num(leaf: unknown): unknown {
  if (leaf === undefined) return undefined;
  if (typeof leaf === 'number') return { value: leaf };
  const { dist, ...params } = leaf as Json;
  return { dist: { kind: String(dist).toUpperCase(), ...params } };
}

function nums(obj: Json, skip: string[] = []): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) out[k] = skip.includes(k) ? v : num(v);
  return out;
}

function pricing(p: Json): Json {
  const { strategy, untilDate, then, ...rest } = p;
  return { strategy, ...(untilDate !== undefined ? { untilDate } : {}), ...(then ? { then: pricing(then as Json) } : {}), ...nums(rest) };
}

function value(v: unknown): Json {
  if (typeof v === 'number') return { number: v };
  if (typeof v === 'string') return { text: v };
  if (typeof v === 'boolean') return { boolean: v };
  if (typeof v === 'object' && v !== null && 'dist' in v) return { dist: (num(v) as Json)['dist'] };
  if (typeof v === 'object' && v !== null && 'strategy' in v) return { pricing: pricing(v as Json) };
  return { documentPart: v };
}

/** The typed ScenarioInput that spells a JSON scenario document (MODEL.md section 1). */
export function toScenarioInput(doc: Json): Json {
  const d = doc as Record<string, any>;
  return {
    name: d.name,
    ...(d.description !== undefined ? { description: d.description } : {}),
    ...(d.tags !== undefined ? { tags: d.tags } : {}),
    startDate: d.startDate,
    periods: d.periods,
    periodMonths: d.periodMonths,
    ...(d.priceFloor !== undefined ? { priceFloor: num(d.priceFloor) } : {}),
    ...(d.maxChangePerPeriod !== undefined ? { maxChangePerPeriod: num(d.maxChangePerPeriod) } : {}),
    tiers: d.tiers.map((t: Json) => ({ name: t.name, threshold: num(t.threshold) })),
    segments: d.segments.map((s: Json) => nums(s, ['tier'])),
    gpuTypes: d.gpuTypes.map((g: Json) => nums(g, ['name'])),
    technology: nums(d.technology),
    gpuMarket: nums(d.gpuMarket),
    labs: d.labs.map((l: Json) => {
      const { name, pricing: p, fleet, cloudBurst, roadmap, ...rest } = l;
      return {
        name,
        pricing: pricing(p as Json),
        fleet: Object.entries(fleet as Json).map(([gpuType, count]) => ({ gpuType, count: num(count) })),
        cloudBurst,
        ...(roadmap ? { roadmap: nums(roadmap as Json) } : {}),
        ...nums(rest),
      };
    }),
    models: d.models.map((m: Json) => {
      const { name, lab, releaseDate, retireDate, openWeights, serving, pricing: p, priceHistory, ...rest } = m;
      return {
        name,
        lab,
        releaseDate,
        ...(retireDate !== undefined ? { retireDate } : {}),
        ...(openWeights !== undefined ? { openWeights } : {}),
        serving: nums(serving as Json, ['gpuType']),
        ...(p ? { pricing: pricing(p as Json) } : {}),
        ...(priceHistory ? { priceHistory: (priceHistory as Json[]).map((h) => ({ date: h.date, price: num(h.price) })) } : {}),
        ...nums(rest),
      };
    }),
    ...(d.events
      ? {
          events: d.events.map((e: Json) => {
            const kind = 'add' in e ? 'ADD' : 'SET';
            const change = (e.add ?? e.set) as Json;
            return { date: e.date, kind, path: change.path, value: value(change.value) };
          }),
        }
      : {}),
  };
}

/** A fresh copy of the three-labs document (test/scenarios/fixtures, a copy of shared/examples/three-labs.json). */
export function threeLabs(): Record<string, any> {
  return JSON.parse(readFileSync(new URL('../fixtures/three-labs.json', import.meta.url), 'utf8')) as Record<string, any>;
}

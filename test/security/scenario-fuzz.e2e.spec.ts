import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { useTestContext } from '../helpers/test-context.js';
import { startApi, type RunningApi } from '../helpers/api-app.js';
import { Role } from '../../src/modules/auth/roles.decorator.js';
import { threeLabs } from '../scenarios/support/scenario-api.js';

const IMPORT = 'mutation($d: JSONDocument!) { importScenario(document: $d) { id name } }';
const BY_ID = 'query($id: ID!) { scenario(id: $id) { name } }';

const ctx = useTestContext();
let api: RunningApi;
let db: pg.Client;
let calls = 0;
const outcomes = { stored: 0, refused: 0 };


type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Answer {
  status: number;
  body: { data?: { importScenario?: { id: string; name: string } | null } | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function scenarioRows(): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT (SELECT count(*) FROM scenarios)::int + (SELECT count(*) FROM scenario_versions)::int AS n');
  return rows[0]!.n;
}

async function importDocument(document: unknown): Promise<Answer> {
  calls += 1;
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...api.headers(Role.Editor) },
    body: JSON.stringify({ query: IMPORT, variables: { d: document } }),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** A refusal names what is wrong: a field path in extensions, or the variable in GraphQL's own message. */
function namesAField(error: { message: string; extensions?: Record<string, unknown> }): boolean {
  const ext = error.extensions ?? {};
  const fields = ext.fields as { path?: unknown }[] | undefined;
  return (
    (typeof ext.field === 'string' && ext.field.length > 0) ||
    (Array.isArray(fields) && fields.length > 0 && fields.every((f) => typeof f.path === 'string')) ||
    /Variable "\$d"/.test(error.message)
  );
}

/** The invariant for any document: no 5xx, and either one stored scenario or a named refusal with nothing stored. */
async function checkOutcome(document: unknown): Promise<void> {
  const before = await scenarioRows();
  const { status, body } = await importDocument(document);
  const after = await scenarioRows();
  const context = JSON.stringify({ status, errors: body.errors }).slice(0, 2_000);
  expect({ status: status < 500, context }).toEqual({ status: true, context });
  if (body.errors?.length) {
    for (const error of body.errors) {
      expect({ code: error.extensions?.code, named: namesAField(error), context }).toEqual({ code: 'BAD_USER_INPUT', named: true, context });
    }
    expect({ stored: after - before, context }).toEqual({ stored: 0, context });
    outcomes.refused += 1;
  } else {
    outcomes.stored += 1;
    expect(body.data?.importScenario?.id).toEqual(expect.any(String));
    expect({ stored: after - before, context }).toEqual({ stored: 2, context }); // a scenario and its version 1
  }
}

/** Every path into `doc` (objects and arrays included), as key lists. */
function pathsOf(doc: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (doc !== null && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

const NASTY: Json[] = [
  -1, 0, -0.0, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 0.5, 100_000_000,
  '', ' ', 'NaN', 'Infinity', '1e999', '2026-02-30', '\u0000', 'a\u0000b', '<script>alert(1)</script>',
  "'; DROP TABLE scenarios; --", '😀👩‍👩‍👧', 'x'.repeat(5_000), [], {}, null, true, false,
  { dist: 'normal', mean: 1, sd: -1 }, { dist: 'uniform', min: 2, max: 1 }, { dist: 'nope' }, [null], [{}],
];
const jsonish: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'replace', 'delete', 'addKey'),
  key: fc.constantFrom('extra', '__proto__', 'constructor', 'name', 'dist', '$where', ''),
  value: jsonish,
});

function mutate(base: Json, edits: { at: number; kind: string; key: string; value: Json }[]): Json {
  let doc = structuredClone(base);
  for (const edit of edits) {
    const paths = pathsOf(doc);
    const path = paths[edit.at % paths.length]!;
    if (path.length === 0) {
      if (edit.kind === 'replace') doc = structuredClone(edit.value);
      continue;
    }
    const parent = path.slice(0, -1).reduce<Json>((node, k) => (node as Record<string | number, Json>)[k]!, doc) as Record<string | number, Json> | Json[];
    const last = path.at(-1)!;
    if (edit.kind === 'replace') (parent as Record<string | number, Json>)[last] = structuredClone(edit.value);
    else if (edit.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete (parent as Record<string, Json>)[last];
    } else {
      const target = (parent as Record<string | number, Json>)[last];
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, edit.key, { value: structuredClone(edit.value), enumerable: true, configurable: true, writable: true });
    }
  }
  return doc;
}

describe('scenario documents at the API (property tests)', () => {
  // Inside the describe, so these run before useTestContext drops the database.
  beforeAll(async () => {
    api = await startApi(ctx.config);
    db = new pg.Client({ connectionString: ctx.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await api?.close();
  });

  it('survives thousands of mutated valid documents: no 5xx, refusals name a field and store nothing', async () => {
    const base = threeLabs() as Json;
    let i = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (edits) => {
        const doc = mutate(base, edits);
        // Names must be unique to be stored: keep a string name unique, so a refusal is about the edit.
        if (doc !== null && typeof doc === 'object' && !Array.isArray(doc) && typeof doc.name === 'string') doc.name = `fuzz ${(i += 1)} ${doc.name}`.slice(0, 100);
        await checkOutcome(doc);
      }),
      { numRuns: 1_300 },
    );
    // Both sides were exercised: some edits keep a document valid, most break it.
    expect(outcomes.stored).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(500);
  }, 400_000);

  it('survives random JSON documents and random shapes of the right keys', async () => {
    const labish = fc.dictionary(fc.constantFrom('name', 'pricing', 'fleet', 'cash', 'brand', 'lab', 'capability'), jsonish, { maxKeys: 4 });
    const shaped = fc.record(
      {
        name: jsonish,
        startDate: jsonish,
        periods: jsonish,
        periodMonths: jsonish,
        tiers: fc.array(labish, { maxLength: 3 }),
        labs: fc.array(labish, { maxLength: 3 }),
        models: fc.array(labish, { maxLength: 3 }),
        segments: jsonish,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>, shaped as fc.Arbitrary<Json>), async (doc) => {
        await checkOutcome(doc);
      }),
      { numRuns: 700 },
    );
    expect(calls).toBeGreaterThanOrEqual(2_000);
  }, 400_000);

  it('stores names full of SQL, HTML and emoji verbatim and returns them the same', async () => {
    const piece = fc.constantFrom("'; DROP TABLE scenarios; --", '" OR 1=1 --', '<img src=x onerror=alert(1)>', '</script>', '&amp;', '😀', '👩‍👩‍👧', '🇺🇳', 'é', 'ß', '中文', '\\', '%', '_', '$1', '{{x}}');
    let i = 0;
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(piece, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 6 }), async (pieces) => {
        i += 1;
        const name = `${i}:${pieces.join(' ')}`.trim();
        const doc = { ...threeLabs(), name };
        const { body } = await importDocument(doc);
        if (body.errors?.length) {
          // Only a refusal that names the name field is acceptable (e.g. a grapheme the validator bans).
          for (const e of body.errors) expect({ name, ok: namesAField(e), code: e.extensions?.code }).toEqual({ name, ok: true, code: 'BAD_USER_INPUT' });
          return;
        }
        const id = body.data!.importScenario!.id;
        expect(body.data!.importScenario!.name).toBe(name);
        const read = await api.graphql<{ scenario: { name: string } }>(BY_ID, { id }, Role.Viewer);
        expect(read.data?.scenario.name).toBe(name);
        const { rows } = await db.query<{ name: string }>('SELECT name FROM scenarios WHERE id = $1', [id]);
        expect(rows[0]?.name).toBe(name);
        stored += 1;
      }),
      { numRuns: 200 },
    );
    expect(stored).toBeGreaterThan(150);
  }, 200_000);
});

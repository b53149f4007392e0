/**
 * How result rows are kept in PostgreSQL: run_results has no foreign key to runs (it checked every
 * row of every COPY); a trigger on runs deletes a run's rows with it, as ON DELETE CASCADE did.
 */
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadPreset } from '../../src/engine/presets/presets.js';
import { useTestContext } from '../helpers/test-context.js';
import { insertScenario } from '../runs/run-fixtures.js';
import { engineRows, insertSucceededRun } from './result-fixtures.js';

const ctx = useTestContext();

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: ctx.database.url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

const rowsOf = async (runIds: string[]) =>
  (await sql<{ n: number }>('SELECT count(*)::int AS n FROM run_results WHERE run_id = ANY($1::uuid[])', [runIds]))[0]!.n;

describe('run_results storage', () => {
  it('deletes the rows of the runs a statement deletes, and only theirs', async () => {
    const doc = loadPreset('three-labs')!;
    const scenarioId = await insertScenario(ctx.database.url, doc);
    const rows = engineRows(doc, 2, 1, 3);
    const opts = { paths: 2, seed: 1, periods: 3 };
    const [a, b, c] = [
      await insertSucceededRun(ctx.database.url, scenarioId, rows, opts),
      await insertSucceededRun(ctx.database.url, scenarioId, rows, opts),
      await insertSucceededRun(ctx.database.url, scenarioId, rows, opts),
    ];
    expect(await rowsOf([a!, b!, c!])).toBe(3 * rows.length);

    await sql('DELETE FROM runs WHERE id = $1', [a]);
    expect(await rowsOf([a!])).toBe(0);
    expect(await rowsOf([b!, c!])).toBe(2 * rows.length);

    await sql('DELETE FROM runs WHERE id = ANY($1::uuid[])', [[b, c]]);
    expect(await rowsOf([b!, c!])).toBe(0);
  });
});

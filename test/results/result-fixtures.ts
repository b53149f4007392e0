import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { runMonteCarlo } from '../../src/engine/monte-carlo/run-monte-carlo.js';
import type { ResultRow } from '../../src/engine/monte-carlo/types.js';
import type { ScenarioDoc } from '../../src/engine/scenario/types.js';
import { ENGINE_VERSION } from '../../src/engine/version.js';
import { replaceRunResults } from '../../src/modules/results/results-writer.repository.js';

/** The engine's rows for a small run (what the CLI prints for the same options). */
export function engineRows(doc: ScenarioDoc, paths: number, seed: number, periods: number): ResultRow[] {
  return runMonteCarlo(doc, { paths, seed, periods });
}

/**
 * Stores a SUCCEEDED run of the scenario's version 1 with `rows` written by the runs module's own
 * COPY writer (as the merge job does), without a queue: for read-side tests that need many runs.
 */
export async function insertSucceededRun(
  databaseUrl: string,
  scenarioId: string,
  rows: readonly ResultRow[],
  opts: { paths: number; seed: number; periods: number; label?: string; finishedAt?: Date },
): Promise<string> {
  const id = randomUUID();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const version = await client.query<{ id: string; content_hash: string }>(
      'SELECT id, content_hash FROM scenario_versions WHERE scenario_id = $1 AND version = 1',
      [scenarioId],
    );
    const finished = opts.finishedAt ?? new Date();
    await client.query(
      `INSERT INTO runs (id, scenario_id, scenario_version_id, status, paths, seed, periods, chunk_size, chunks_total, chunks_done,
                         label, engine_version, content_hash, started_at, finished_at)
       VALUES ($1, $2, $3, 'SUCCEEDED', $4, $5, $6, $4, 1, 1, $7, $8, $9, $10, $11)`,
      [id, scenarioId, version.rows[0]!.id, opts.paths, opts.seed, opts.periods, opts.label ?? null, ENGINE_VERSION, version.rows[0]!.content_hash, new Date(finished.getTime() - 1000), finished],
    );
    await replaceRunResults(client, id, rows);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    await client.end();
  }
  return id;
}

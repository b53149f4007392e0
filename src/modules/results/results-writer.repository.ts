/**
 * The bulk write side of results: COPY ... FROM STDIN (pg-copy-streams) on a client the caller
 * holds inside its own transaction, so a run's rows appear all at once with its status, and a
 * rerun replaces them (delete first) instead of adding a second copy. Self-contained on purpose:
 * the read side of results lives elsewhere in this folder.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { ResultRow } from '../../engine/monte-carlo/types.js';

/** One stored per-path value (runs started with keepPaths). */
export interface PathValueRow {
  path: number;
  entityType: string;
  entity: string;
  metric: string;
  period: number;
  value: number;
}

/** Rows per text block pushed into the COPY stream: big enough to amortise, small enough to stream. */
const BLOCK_ROWS = 2_000;

/** COPY text format: backslash, tab, newline and carriage return escaped. */
function text(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * float8 in COPY text: JS's shortest round-trip form, which PostgreSQL parses back to the same
 * double (so stored aggregates equal the engine's bytes); non-finite values by their SQL names.
 */
function float(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return String(x);
}

function* blocks<T>(rows: readonly T[], line: (row: T) => string): Generator<string> {
  for (let i = 0; i < rows.length; i += BLOCK_ROWS) {
    let block = '';
    const end = Math.min(rows.length, i + BLOCK_ROWS);
    for (let j = i; j < end; j++) block += line(rows[j]!);
    yield block;
  }
}

async function copyInto(client: pg.ClientBase, sql: string, source: Generator<string>): Promise<void> {
  const sink = client.query(copyStreams.from(sql));
  await pipeline(Readable.from(source), sink);
}

/**
 * Replaces the aggregated rows of `runId` with `rows`: DELETE then COPY, on `client`. Call inside
 * a transaction (BEGIN ... COMMIT) so readers see the old rows or the new ones, never a mix.
 */
export async function replaceRunResults(client: pg.ClientBase, runId: string, rows: readonly ResultRow[]): Promise<number> {
  await client.query('DELETE FROM run_results WHERE run_id = $1', [runId]);
  if (rows.length === 0) return 0;
  const run = text(runId);
  await copyInto(
    client,
    'COPY run_results (run_id, entity_type, entity, metric, period, date, mean, p05, p25, p50, p75, p95) FROM STDIN',
    blocks(
      rows,
      (r) =>
        `${run}\t${text(r.entityType)}\t${text(r.entity)}\t${text(r.metric)}\t${r.period}\t${r.date}\t` +
        `${float(r.mean)}\t${float(r.p05)}\t${float(r.p25)}\t${float(r.p50)}\t${float(r.p75)}\t${float(r.p95)}\n`,
    ),
  );
  return rows.length;
}

/** Replaces the per-path values of `runId` (keepPaths), like replaceRunResults. */
export async function replaceRunPathValues(client: pg.ClientBase, runId: string, rows: readonly PathValueRow[]): Promise<number> {
  await client.query('DELETE FROM run_path_values WHERE run_id = $1', [runId]);
  if (rows.length === 0) return 0;
  const run = text(runId);
  await copyInto(
    client,
    'COPY run_path_values (run_id, path, entity_type, entity, metric, period, value) FROM STDIN',
    blocks(rows, (r) => `${run}\t${r.path}\t${text(r.entityType)}\t${text(r.entity)}\t${text(r.metric)}\t${r.period}\t${float(r.value)}\n`),
  );
  return rows.length;
}

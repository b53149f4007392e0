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

/** Rows per block pushed into the COPY stream: big enough to amortise, small enough to stream. */
const BLOCK_ROWS = 2_000;

/** Binary COPY header: signature, int32 flags, int32 header-extension length (PostgreSQL's COPY docs). */
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const TRAILER = Buffer.from([0xff, 0xff]);
/** Days from 1970-01-01 to 2000-01-01, PostgreSQL's date epoch. */
const PG_EPOCH_DAYS = 10_957;

/**
 * One block of binary COPY tuples. Binary, not text: PostgreSQL stores the doubles' own 8 bytes
 * (no float parsing, exact by construction, -0 and NaN included) and parses nothing, which made a
 * run's results transaction cost about half the database CPU of the text form.
 */
class TupleWriter {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private at = 0;

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
  }

  fields(count: number): void {
    this.room(2);
    this.at = this.buffer.writeInt16BE(count, this.at);
  }

  bytes(value: Uint8Array): void {
    this.room(4 + value.length);
    this.at = this.buffer.writeInt32BE(value.length, this.at);
    this.buffer.set(value, this.at);
    this.at += value.length;
  }

  /** UTF-8 of the strings written so far: a run's rows repeat a few dozen entity and metric names. */
  private readonly encoded = new Map<string, Buffer>();

  text(value: string): void {
    let bytes = this.encoded.get(value);
    if (bytes === undefined) this.encoded.set(value, (bytes = Buffer.from(value, 'utf8')));
    this.bytes(bytes);
  }

  int4(value: number): void {
    this.room(8);
    this.at = this.buffer.writeInt32BE(4, this.at);
    this.at = this.buffer.writeInt32BE(value, this.at);
  }

  float8(value: number): void {
    this.room(12);
    this.at = this.buffer.writeInt32BE(8, this.at);
    this.at = this.buffer.writeDoubleBE(value, this.at);
  }

  /** The block so far (a copy), and start the next one. */
  take(): Buffer {
    const block = Buffer.from(this.buffer.subarray(0, this.at));
    this.at = 0;
    return block;
  }
}

function uuidBytes(id: string): Buffer {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a uuid: ${id}`);
  return Buffer.from(hex, 'hex');
}

/** PostgreSQL's binary date: days since 2000-01-01, from the engine's ISO 'YYYY-MM-DD'. */
function dateDays(iso: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not an ISO date: ${iso}`);
  return ms / 86_400_000 - PG_EPOCH_DAYS;
}

/** Header, the rows' tuples in blocks of BLOCK_ROWS, trailer. */
function* tuples<T>(rows: readonly T[], write: (w: TupleWriter, row: T) => void): Generator<Buffer> {
  yield HEADER;
  const w = new TupleWriter();
  for (let i = 0; i < rows.length; i += BLOCK_ROWS) {
    const end = Math.min(rows.length, i + BLOCK_ROWS);
    for (let j = i; j < end; j++) write(w, rows[j]!);
    yield w.take();
  }
  yield TRAILER;
}

/**
 * Deletes `table`'s rows of `runId`, then COPYs `rows` into `columns` (run_id first), each row's
 * other fields written by `write`. Returns the rows written.
 */
async function replaceRows<T>(
  client: pg.ClientBase,
  table: string,
  columns: string,
  runId: string,
  rows: readonly T[],
  write: (w: TupleWriter, run: Buffer, row: T) => void,
): Promise<number> {
  await client.query(`DELETE FROM ${table} WHERE run_id = $1`, [runId]);
  if (rows.length === 0) return 0;
  const run = uuidBytes(runId);
  const sink = client.query(copyStreams.from(`COPY ${table} (${columns}) FROM STDIN (FORMAT binary)`));
  await pipeline(Readable.from(tuples(rows, (w, r) => write(w, run, r))), sink);
  return rows.length;
}

/**
 * Replaces the aggregated rows of `runId` with `rows`: DELETE then COPY, on `client`. Call inside
 * a transaction (BEGIN ... COMMIT) so readers see the old rows or the new ones, never a mix.
 */
export async function replaceRunResults(client: pg.ClientBase, runId: string, rows: readonly ResultRow[]): Promise<number> {
  const days = new Map<string, number>();
  return replaceRows(client, 'run_results', 'run_id, entity_type, entity, metric, period, date, mean, p05, p25, p50, p75, p95', runId, rows, (w, run, r) => {
    let day = days.get(r.date);
    if (day === undefined) days.set(r.date, (day = dateDays(r.date)));
    w.fields(12);
    w.bytes(run);
    w.text(r.entityType);
    w.text(r.entity);
    w.text(r.metric);
    w.int4(r.period);
    w.int4(day);
    w.float8(r.mean);
    w.float8(r.p05);
    w.float8(r.p25);
    w.float8(r.p50);
    w.float8(r.p75);
    w.float8(r.p95);
  });
}

/** Replaces the per-path values of `runId` (keepPaths), like replaceRunResults. */
export async function replaceRunPathValues(client: pg.ClientBase, runId: string, rows: readonly PathValueRow[]): Promise<number> {
  return replaceRows(client, 'run_path_values', 'run_id, path, entity_type, entity, metric, period, value', runId, rows, (w, run, r) => {
    w.fields(7);
    w.bytes(run);
    w.int4(r.path);
    w.text(r.entityType);
    w.text(r.entity);
    w.text(r.metric);
    w.int4(r.period);
    w.float8(r.value);
  });
}

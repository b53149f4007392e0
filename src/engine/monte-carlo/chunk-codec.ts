/**
 * A compact binary form of a ChunkResult, for workers passing chunk results through Redis or
 * Postgres (SERVICE.md "Jobs"). Little-endian; a sketch cell is written in its canonical form
 * (bucket counts from its lowest to its highest index), so a chunk that went through the codec
 * merges and finalizes to the same bytes as the original.
 *
 * Layout: "FMC2", u8 mode (0 exact, 1 sketch), f64 firstPath, f64 endPath, u32 periods,
 * u32 periodMonths, str startDate, u32 key count, str keys...; then either the exact values
 * column by column (exact-columns.ts: a u8 tag per key and period, then an 8-aligned f64 slab
 * holding only what the tags say varies) or, per key and period, u8 present + cell (sketch).
 * str = u32 UTF-8 byte length + bytes.
 */
import type { BucketStore } from './bucket-store.js';
import { Reader, Writer } from './byte-io.js';
import { readExactColumns, writeExactColumns } from './exact-columns.js';
import { CellSummary } from './log-sketch.js';
import type { ChunkResult } from './types.js';

const MAGIC = 'FMC2';

function writeStore(w: Writer, store: BucketStore): void {
  w.i32(store.lo);
  w.i32(store.hi);
  for (let i = store.lo; i <= store.hi; i++) w.f64(store.get(i));
}

function readStore(r: Reader, store: BucketStore): void {
  const lo = r.i32();
  const hi = r.i32();
  if (hi - lo > 1_000_000) throw new RangeError('chunk data is corrupt (bucket range)');
  for (let i = lo; i <= hi; i++) {
    const n = r.f64();
    if (n > 0) store.add(i, n);
  }
}

/** A sketch cell: u8 present, then (when present) its counts, exact sum and bucket stores. */
function writeCell(w: Writer, cell: CellSummary | undefined): void {
  if (!cell) {
    w.u8(0);
    return;
  }
  w.u8(1);
  w.f64(cell.count);
  w.f64(cell.min);
  w.f64(cell.max);
  w.f64(cell.zeros);
  w.f64(cell.posInf);
  w.f64(cell.negInf);
  w.u8(cell.sum.hasSpecial ? 1 : 0);
  w.f64(cell.sum.special);
  const partials = cell.sum.partials;
  w.u32(partials.length);
  w.f64s(partials);
  writeStore(w, cell.positive);
  writeStore(w, cell.negative);
}

function readCell(r: Reader): CellSummary | undefined {
  if (r.u8() === 0) return undefined;
  const cell = new CellSummary();
  cell.count = r.f64();
  cell.min = r.f64();
  cell.max = r.f64();
  cell.zeros = r.f64();
  cell.posInf = r.f64();
  cell.negInf = r.f64();
  const hasSpecial = r.u8() === 1;
  const special = r.f64();
  const partials = r.f64s(r.u32());
  for (const p of partials) cell.sum.add(p);
  if (hasSpecial) {
    cell.sum.hasSpecial = true;
    cell.sum.special = special;
  }
  readStore(r, cell.positive);
  readStore(r, cell.negative);
  return cell;
}

/** The chunk as bytes (MODEL.md section 8: the same chunk always gives the same bytes). */
export function serializeChunk(chunk: ChunkResult): Buffer {
  const w = new Writer();
  for (const ch of MAGIC) w.u8(ch.charCodeAt(0));
  w.u8(chunk.mode === 'exact' ? 0 : 1);
  w.f64(chunk.firstPath);
  w.f64(chunk.endPath);
  w.u32(chunk.periods);
  w.u32(chunk.periodMonths);
  w.str(chunk.startDate);
  w.u32(chunk.keys.length);
  for (const key of chunk.keys) w.str(key);
  if (chunk.mode === 'exact') {
    const blocks = chunk.keys.map((key) => chunk.values.get(key)!);
    writeExactColumns(w, blocks, chunk.endPath - chunk.firstPath, chunk.periods);
    return w.result();
  }
  for (const key of chunk.keys) for (const cell of chunk.cells.get(key)!) writeCell(w, cell);
  return w.result();
}

/** Reads bytes written by serializeChunk; throws RangeError on anything else. */
export function deserializeChunk(bytes: Uint8Array): ChunkResult {
  const r = new Reader(bytes);
  const magic = String.fromCharCode(r.u8(), r.u8(), r.u8(), r.u8());
  if (magic !== MAGIC) throw new RangeError('not a chunk result (bad magic)');
  const modeByte = r.u8();
  if (modeByte > 1) throw new RangeError('chunk data is corrupt (mode)');
  const mode = modeByte === 0 ? 'exact' : 'sketch';
  const firstPath = r.f64();
  const endPath = r.f64();
  const periods = r.u32();
  const periodMonths = r.u32();
  const startDate = r.str();
  const keyCount = r.u32();
  const keys: string[] = [];
  for (let k = 0; k < keyCount; k++) keys.push(r.str());
  const chunk: ChunkResult = { firstPath, endPath, periods, startDate, periodMonths, mode, keys, values: new Map(), cells: new Map() };
  if (mode === 'exact') {
    const blocks = readExactColumns(r, keys.length, endPath - firstPath, periods);
    keys.forEach((key, k) => chunk.values.set(key, blocks[k]!));
  } else {
    for (const key of keys) chunk.cells.set(key, Array.from({ length: periods }, () => readCell(r)));
  }
  if (!r.done) throw new RangeError('chunk data has trailing bytes');
  return chunk;
}

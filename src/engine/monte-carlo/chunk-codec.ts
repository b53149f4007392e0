/**
 * A compact binary form of a ChunkResult, for workers passing chunk results through Redis or
 * Postgres (SERVICE.md "Jobs"). Little-endian; a sketch cell is written in its canonical form
 * (bucket counts from its lowest to its highest index), so a chunk that went through the codec
 * merges and finalizes to the same bytes as the original.
 *
 * Layout: "FMC1", u8 mode (0 exact, 1 sketch), f64 firstPath, f64 endPath, u32 periods,
 * u32 periodMonths, str startDate, u32 key count, str keys...; then per key either
 * paths x periods f64 values (exact) or, per period, u8 present + cell (sketch).
 * str = u32 UTF-8 byte length + bytes.
 */
import type { BucketStore } from './bucket-store.js';
import { CellSummary } from './log-sketch.js';
import type { ChunkResult } from './types.js';

const MAGIC = 'FMC1';

class Writer {
  private bytes = new Uint8Array(1024);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }

  u8(x: number): void {
    this.ensure(1);
    this.view.setUint8(this.length, x);
    this.length += 1;
  }

  u32(x: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, x, true);
    this.length += 4;
  }

  i32(x: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, x, true);
    this.length += 4;
  }

  f64(x: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, x, true);
    this.length += 8;
  }

  f64s(xs: ArrayLike<number>): void {
    this.ensure(8 * xs.length);
    for (let i = 0; i < xs.length; i++) this.view.setFloat64(this.length + 8 * i, xs[i]!, true);
    this.length += 8 * xs.length;
  }

  str(s: string): void {
    const encoded = new TextEncoder().encode(s);
    this.u32(encoded.length);
    this.ensure(encoded.length);
    this.bytes.set(encoded, this.length);
    this.length += encoded.length;
  }

  result(): Buffer {
    return Buffer.from(this.bytes.buffer, 0, this.length);
  }
}

class Reader {
  private readonly view: DataView;
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): void {
    if (this.at + n > this.bytes.length) throw new RangeError('chunk data is truncated');
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.at++);
  }

  u32(): number {
    this.need(4);
    const x = this.view.getUint32(this.at, true);
    this.at += 4;
    return x;
  }

  i32(): number {
    this.need(4);
    const x = this.view.getInt32(this.at, true);
    this.at += 4;
    return x;
  }

  f64(): number {
    this.need(8);
    const x = this.view.getFloat64(this.at, true);
    this.at += 8;
    return x;
  }

  f64s(n: number): Float64Array {
    this.need(8 * n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.view.getFloat64(this.at + 8 * i, true);
    this.at += 8 * n;
    return out;
  }

  str(): string {
    const n = this.u32();
    this.need(n);
    const s = new TextDecoder().decode(this.bytes.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }
}

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
  for (const key of chunk.keys) {
    if (chunk.mode === 'exact') {
      w.f64s(chunk.values.get(key)!);
      continue;
    }
    for (const cell of chunk.cells.get(key)!) {
      if (!cell) {
        w.u8(0);
        continue;
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
  }
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
  const paths = endPath - firstPath;
  for (const key of keys) {
    if (mode === 'exact') {
      chunk.values.set(key, r.f64s(paths * periods));
      continue;
    }
    const cells: (CellSummary | undefined)[] = [];
    for (let t = 0; t < periods; t++) {
      if (r.u8() === 0) {
        cells.push(undefined);
        continue;
      }
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
      cells.push(cell);
    }
    chunk.cells.set(key, cells);
  }
  if (!r.done) throw new RangeError('chunk data has trailing bytes');
  return chunk;
}

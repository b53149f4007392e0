/**
 * A compact binary form of a ChunkResult, for workers passing chunk results through Redis or
 * Postgres (SERVICE.md "Jobs"). Little-endian; a sketch cell is written in its canonical form
 * (bucket counts from its lowest to its highest index), so a chunk that went through the codec
 * merges and finalizes to the same bytes as the original.
 *
 * Layout: "FMC3" (exact) or "FMC4" (sketch), u8 mode (0 exact, 1 sketch), f64 firstPath,
 * f64 endPath, u32 periods, u32 periodMonths, str startDate, u32 key count, str keys...; then
 * either the exact values column by column (exact-columns.ts: a u8 tag per key and period, then
 * an 8-aligned f64 slab holding only what the tags say varies) or, per key and period, a sketch
 * cell (writeCell).
 * str = u32 UTF-8 byte length + bytes. FMC3 sketch chunks differed in their bucket indices only
 * (gamma = 1.005/0.995 buckets from Math.log, where FMC4's are 128 an octave from the float's bits,
 * log-sketch.ts), FMC2 also in the counts (each an f64): bytes of FMC1, FMC2 or FMC3 sketch chunks
 * are refused with an error saying to retry the run (run_chunks is transient: a retry simulates
 * the chunks again). Exact chunks, unchanged since FMC3, keep its magic and are read.
 */
import { MAX_BUCKETS, type BucketStore } from './bucket-store.js';
import { Reader, Writer } from './byte-io.js';
import { readExactColumns, writeExactColumns } from './exact-columns.js';
import { CellSummary, HIGHEST_BUCKET, LOWEST_BUCKET } from './log-sketch.js';
import { sketchCellsOf, type ChunkResult } from './types.js';

/** Each mode's format: sketch cells changed in FMC4 (bucket indices), exact chunks are as in FMC3. */
const MAGIC = { exact: 'FMC3', sketch: 'FMC4' } as const;
/** Formats this codec no longer reads (nor FMC3 sketch chunks): the chunk was stored by an older worker. */
const OLD_MAGICS = ['FMC1', 'FMC2'];

// A sketch cell's flags byte (0: no cell).
const PRESENT = 1;
const SPECIAL = 2;
const ZEROS_OR_INFINITIES = 4;

function writeStore(w: Writer, store: BucketStore): void {
  if (store.empty) {
    w.uvarint(0);
    return;
  }
  w.uvarint(store.hi - store.lo + 1);
  w.svarint(store.lo);
  for (let i = store.lo; i <= store.hi; i++) w.uvarint(store.get(i));
}

/** Bucket counts of one store being read (at most MAX_BUCKETS are ever written). */
let storeCounts = new Float64Array(MAX_BUCKETS);

function readStore(r: Reader, store: BucketStore): void {
  const n = r.uvarint();
  if (n === 0) return;
  if (n > MAX_BUCKETS) throw new RangeError('chunk data is corrupt (bucket range)');
  const lo = r.svarint();
  // Indices of magnitudes in [ZERO_THRESHOLD, Number.MAX_VALUE] only: bucketValue means nothing beyond.
  if (lo < LOWEST_BUCKET || lo + n - 1 > HIGHEST_BUCKET) throw new RangeError('chunk data is corrupt (bucket index)');
  for (let k = 0; k < n; k++) {
    const count = r.uvarint();
    // Stores count in 32 bits (BucketStore); no run has that many paths.
    if (count > 0xffffffff) throw new RangeError('chunk data is corrupt (bucket count)');
    storeCounts[k] = count;
  }
  store.addCounts(lo, storeCounts, n);
}

/**
 * A sketch cell: u8 flags (0 when absent), count, min, max, [zeros, posInf, negInf], [special],
 * the exact sum's partials, then the positive and negative bucket stores (count of buckets, lowest
 * index as an svarint, bucket counts). Counts are uvarints, min/max/special/partials f64.
 */
function writeCell(w: Writer, cell: CellSummary | undefined): void {
  if (!cell) {
    w.u8(0);
    return;
  }
  const rare = cell.zeros > 0 || cell.posInf > 0 || cell.negInf > 0;
  w.u8(PRESENT | (cell.sum.hasSpecial ? SPECIAL : 0) | (rare ? ZEROS_OR_INFINITIES : 0));
  w.uvarint(cell.count);
  w.f64(cell.min);
  w.f64(cell.max);
  if (rare) {
    w.uvarint(cell.zeros);
    w.uvarint(cell.posInf);
    w.uvarint(cell.negInf);
  }
  if (cell.sum.hasSpecial) w.f64(cell.sum.special);
  const partials = cell.sum.partials;
  w.uvarint(partials.length);
  for (const p of partials) w.f64(p);
  writeStore(w, cell.positive);
  writeStore(w, cell.negative);
}

/**
 * Reads one cell and adds it into cells[t] (a new summary there when none): the state
 * CellSummary.merge of the decoded cell would leave, without building that cell.
 */
function foldCell(r: Reader, cells: (CellSummary | undefined)[], t: number): void {
  const flags = r.u8();
  if (flags === 0) return;
  if (flags > (PRESENT | SPECIAL | ZEROS_OR_INFINITIES) || !(flags & PRESENT)) throw new RangeError('chunk data is corrupt (cell flags)');
  const cell = (cells[t] ??= new CellSummary());
  cell.count += r.uvarint();
  const min = r.f64();
  cell.widen(min, r.f64());
  if (flags & ZEROS_OR_INFINITIES) {
    cell.zeros += r.uvarint();
    cell.posInf += r.uvarint();
    cell.negInf += r.uvarint();
  }
  if (flags & SPECIAL) {
    cell.sum.special += r.f64();
    cell.sum.hasSpecial = true;
  }
  for (let k = r.uvarint(); k > 0; k--) cell.sum.add(r.f64());
  readStore(r, cell.positive);
  readStore(r, cell.negative);
}

/** The chunk as bytes (MODEL.md section 8: the same chunk always gives the same bytes). */
export function serializeChunk(chunk: ChunkResult): Buffer {
  const w = new Writer();
  for (const ch of MAGIC[chunk.mode]) w.u8(ch.charCodeAt(0));
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

/** The header of serialized bytes, as a chunk with no keys, values or cells yet. */
function readHeader(r: Reader): ChunkResult {
  const magic = String.fromCharCode(r.u8(), r.u8(), r.u8(), r.u8());
  const older = () => new RangeError(`chunk data is in format ${magic}, written by an older worker and no longer read: retry the run (its chunks are simulated again)`);
  if (OLD_MAGICS.includes(magic)) throw older();
  if (magic !== MAGIC.exact && magic !== MAGIC.sketch) throw new RangeError('not a chunk result (bad magic)');
  const modeByte = r.u8();
  if (modeByte > 1) throw new RangeError('chunk data is corrupt (mode)');
  const mode = modeByte === 0 ? 'exact' : 'sketch';
  if (magic !== MAGIC[mode]) {
    if (mode === 'sketch') throw older(); // FMC3's sketch cells: buckets of gamma = 1.005/0.995
    throw new RangeError('chunk data is corrupt (mode)');
  }
  const firstPath = r.f64();
  const endPath = r.f64();
  const periods = r.u32();
  const periodMonths = r.u32();
  const startDate = r.str();
  const keyCount = r.u32();
  const keys: string[] = [];
  for (let k = 0; k < keyCount; k++) keys.push(r.str());
  return { firstPath, endPath, periods, startDate, periodMonths, mode, keys, values: new Map(), cells: new Map() };
}

/** Reads bytes written by serializeChunk; throws RangeError on anything else. */
export function deserializeChunk(bytes: Uint8Array): ChunkResult {
  const r = new Reader(bytes);
  const chunk = readHeader(r);
  const { keys, periods } = chunk;
  if (chunk.mode === 'exact') {
    const blocks = readExactColumns(r, keys.length, chunk.endPath - chunk.firstPath, periods);
    keys.forEach((key, k) => chunk.values.set(key, blocks[k]!));
  } else {
    for (const key of keys) {
      const cells = new Array<CellSummary | undefined>(periods).fill(undefined);
      for (let t = 0; t < periods; t++) foldCell(r, cells, t);
      chunk.cells.set(key, cells);
    }
  }
  if (!r.done) throw new RangeError('chunk data has trailing bytes');
  return chunk;
}

/**
 * Adds the sketch chunk that `bytes` hold into `into` (a sketch chunk it mutates), as
 * mergeChunks would, reading each cell straight into `into`'s: no cells of the chunk's own are
 * built. `check(header)` sees the chunk's header (keys included) before anything changes.
 */
export function foldSketchChunk(into: ChunkResult, bytes: Uint8Array, check: (header: ChunkResult) => void): void {
  const r = new Reader(bytes);
  const header = readHeader(r);
  check(header);
  for (const key of header.keys) {
    const cells = sketchCellsOf(into, key);
    for (let t = 0; t < into.periods; t++) foldCell(r, cells, t);
  }
  if (!r.done) throw new RangeError('chunk data has trailing bytes');
  into.endPath = header.endPath;
}

/** Whether serialized bytes hold an exact or a sketch chunk (throws RangeError as deserializeChunk does). */
export function serializedMode(bytes: Uint8Array): 'exact' | 'sketch' {
  return readHeader(new Reader(bytes)).mode;
}

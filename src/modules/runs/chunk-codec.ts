/**
 * Bytes for a chunk's result between a chunk job and the merge job (stored in run_chunks.data).
 * Lossless: every double round-trips exactly (raw float64 for exact-mode values, JSON's shortest
 * round-trip form for sketch cells), so merging decoded chunks gives the same bytes as merging
 * the originals. Layout: u32 header length, UTF-8 JSON header, zero padding to 8 bytes, then the
 * exact-mode values of each key in `keys` order (float64, little-endian).
 */
import type { BucketStore } from '../../engine/monte-carlo/bucket-store.js';
import { CellSummary } from '../../engine/monte-carlo/log-sketch.js';
import type { ChunkResult } from '../../engine/monte-carlo/types.js';

interface CellJson {
  count: number;
  min: number | string;
  max: number | string;
  zeros: number;
  posInf: number;
  negInf: number;
  partials: number[];
  special: number | string;
  hasSpecial: boolean;
  /** [lowest index, count at lowest, count at lowest + 1, ...]; empty for an empty store. */
  positive: number[];
  negative: number[];
}

function storeToJson(store: BucketStore): number[] {
  if (store.empty) return [];
  const out = [store.lo];
  for (let i = store.lo; i <= store.hi; i++) out.push(store.get(i));
  return out;
}

/** Adding the counts back index by index rebuilds the same store (its state depends on the multiset only). */
function storeFromJson(store: BucketStore, json: number[]): void {
  for (let k = 1; k < json.length; k++) if (json[k]! > 0) store.add(json[0]! + k - 1, json[k]!);
}

interface Header {
  firstPath: number;
  endPath: number;
  periods: number;
  startDate: string;
  periodMonths: number;
  mode: 'exact' | 'sketch';
  keys: string[];
  cells?: (CellJson | null)[][];
}

/** JSON has no Infinity or NaN: carry them as strings. */
const num = (x: number): number | string => (Number.isFinite(x) ? x : String(x));
const unnum = (x: number | string): number => (typeof x === 'number' ? x : Number(x));

function cellToJson(c: CellSummary): CellJson {
  return {
    count: c.count,
    min: num(c.min),
    max: num(c.max),
    zeros: c.zeros,
    posInf: c.posInf,
    negInf: c.negInf,
    partials: [...c.sum.partials],
    special: num(c.sum.special),
    hasSpecial: c.sum.hasSpecial,
    positive: storeToJson(c.positive),
    negative: storeToJson(c.negative),
  };
}

function cellFromJson(j: CellJson): CellSummary {
  const c = new CellSummary();
  c.count = j.count;
  c.min = unnum(j.min);
  c.max = unnum(j.max);
  c.zeros = j.zeros;
  c.posInf = j.posInf;
  c.negInf = j.negInf;
  // Adding the partials back keeps the exact total, which is all an ExactSum stands for.
  for (const x of j.partials) c.sum.add(x);
  c.sum.special = unnum(j.special);
  c.sum.hasSpecial = j.hasSpecial;
  storeFromJson(c.positive, j.positive);
  storeFromJson(c.negative, j.negative);
  return c;
}

/** Encodes a chunk result losslessly. */
export function encodeChunk(chunk: ChunkResult): Buffer {
  const { firstPath, endPath, periods, startDate, periodMonths, mode, keys } = chunk;
  const header: Header = { firstPath, endPath, periods, startDate, periodMonths, mode, keys };
  if (mode === 'sketch') header.cells = keys.map((k) => chunk.cells.get(k)!.map((c) => (c ? cellToJson(c) : null)));
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const offset = Math.ceil((4 + json.length) / 8) * 8;
  const perKey = (endPath - firstPath) * periods;
  const out = Buffer.alloc(offset + (mode === 'exact' ? keys.length * perKey * 8 : 0));
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  if (mode === 'exact') {
    keys.forEach((key, k) => {
      const values = chunk.values.get(key)!;
      Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(out, offset + k * perKey * 8);
    });
  }
  return out;
}

/** Decodes what encodeChunk wrote. */
export function decodeChunk(bytes: Uint8Array): ChunkResult {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = buf.readUInt32LE(0);
  const header = JSON.parse(buf.toString('utf8', 4, 4 + length)) as Header;
  const offset = Math.ceil((4 + length) / 8) * 8;
  const perKey = (header.endPath - header.firstPath) * header.periods;
  const { firstPath, endPath, periods, startDate, periodMonths, mode, keys } = header;
  const chunk: ChunkResult = { firstPath, endPath, periods, startDate, periodMonths, mode, keys, values: new Map(), cells: new Map() };
  header.keys.forEach((key, k) => {
    if (header.mode === 'exact') {
      const values = new Float64Array(perKey);
      // Copy (not view): the source buffer may not be 8-byte aligned.
      Buffer.from(values.buffer).set(buf.subarray(offset + k * perKey * 8, offset + (k + 1) * perKey * 8));
      chunk.values.set(key, values);
    } else {
      chunk.cells.set(key, header.cells![k]!.map((c) => (c ? cellFromJson(c) : undefined)));
    }
  });
  return chunk;
}

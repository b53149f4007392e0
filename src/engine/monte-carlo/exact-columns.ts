/**
 * Exact-mode chunk values in the codec, column by column: a column is one (series, period) cell
 * over the chunk's paths. Most columns are empty (a model not yet released) or the same in every
 * path, so each column is tagged and only varying ones carry one f64 per path:
 * - NONE: every path holds the NaN of "no row" (the bits Float64Array.fill(NaN) gives);
 * - SAME: every path holds the same bits: one f64;
 * - EACH: anything else: the paths' f64 in path order.
 * Values move as pairs of Uint32 words, so every bit survives (NaN payloads, -0, subnormals).
 */
import type { Reader, Writer } from './byte-io.js';

const NONE = 0;
const SAME = 1;
const EACH = 2;

const NAN_WORDS = new Uint32Array(Float64Array.of(NaN).buffer);

function wordsOf(values: Float64Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, 2 * values.length);
}

/** The tag of column t of a path-major (p * periods + t) block of `paths` paths. */
function tagOf(words: Uint32Array, paths: number, periods: number, t: number): number {
  const lo = words[2 * t]!;
  const hi = words[2 * t + 1]!;
  for (let p = 1; p < paths; p++) {
    const i = 2 * (p * periods + t);
    if (words[i] !== lo || words[i + 1] !== hi) return EACH;
  }
  return lo === NAN_WORDS[0] && hi === NAN_WORDS[1] ? NONE : SAME;
}

/** f64 a column takes in the slab. */
function slabValues(tag: number, paths: number): number {
  return tag === EACH ? paths : tag === SAME ? 1 : 0;
}

/** Writes the columns of `blocks` (one per key, paths x periods path-major): tags, then the f64 slab. */
export function writeExactColumns(w: Writer, blocks: readonly Float64Array[], paths: number, periods: number): void {
  const tags = new Uint8Array(blocks.length * periods);
  let count = 0;
  blocks.forEach((block, k) => {
    const words = wordsOf(block);
    for (let t = 0; t < periods; t++) {
      const tag = paths === 0 ? NONE : tagOf(words, paths, periods, t);
      tags[k * periods + t] = tag;
      count += slabValues(tag, paths);
    }
  });
  w.raw(tags);
  const slab = w.f64Words(count);
  let at = 0;
  blocks.forEach((block, k) => {
    const words = wordsOf(block);
    for (let t = 0; t < periods; t++) {
      const n = slabValues(tags[k * periods + t]!, paths);
      for (let p = 0, i = 2 * t; p < n; p++, i += 2 * periods, at += 2) {
        slab[at] = words[i]!;
        slab[at + 1] = words[i + 1]!;
      }
    }
  });
}

/** Reads what writeExactColumns wrote for `keys` keys: one paths x periods block per key. */
export function readExactColumns(r: Reader, keys: number, paths: number, periods: number): Float64Array[] {
  const tags = r.raw(keys * periods);
  let count = 0;
  for (const tag of tags) {
    if (tag > EACH) throw new RangeError('chunk data is corrupt (column tag)');
    count += slabValues(tag, paths);
  }
  const slab = r.f64Words(count);
  const blocks: Float64Array[] = [];
  let at = 0;
  for (let k = 0; k < keys; k++) {
    const block = new Float64Array(paths * periods).fill(NaN);
    const words = wordsOf(block);
    for (let t = 0; t < periods; t++) {
      const tag = tags[k * periods + t]!;
      if (tag === NONE) continue;
      const step = tag === EACH ? 2 : 0;
      for (let p = 0, i = 2 * t; p < paths; p++, i += 2 * periods) {
        words[i] = slab[at + step * p]!;
        words[i + 1] = slab[at + step * p + 1]!;
      }
      at += 2 * slabValues(tag, paths);
    }
    blocks.push(block);
  }
  return blocks;
}

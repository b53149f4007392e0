/**
 * Sketch-mode batch storage that the path recorder writes into directly. A BufferPool whose
 * keyed takes (the recorder names each buffer's series) hand out the current path's slot of
 * a slab per entity: slot s of a slab holds that path's buffer, metric m's T values at
 * s * stride + m * T. So a batch of paths needs no copy into per-key buffers, and the flush
 * reads one entity's slab (one batch of its metrics, ~1.2 MB at most) while it is in cache.
 *
 * Paths that did not go through the pool (another simulate function, or series not in place)
 * are copied in by admit(). Results equal the copying path's exactly: each cell gets its
 * values in path order, NaN (no row) skipped, and the same keys are listed in the same order.
 */
import { BufferPool } from '../simulation/buffer-pool.js';
import type { PathResult } from '../simulation/types.js';
import { CellSummary, float64Words, HIGH, sideBySide } from './log-sketch.js';
import { sketchCellsOf, type ChunkResult } from './types.js';

/**
 * Where the flush gathers a cell's values (as it reads them), for the adds that take them side by
 * side. Module-level, so optimised code folds its arrays in (log-sketch.ts sideBySide); a copy,
 * as under tsx an imported binding is read through a getter.
 */
const side = sideBySide;
/** Paths whose values the flush adds to a cell at once: the most `side` holds (SUM_BLOCK). */
const BLOCK = sideBySide.values.length;

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((key, i) => key === b[i]));
}

/**
 * Whether values[from], values[from + stride], ... below to, all zero, have one sign, given the
 * array's words: a zero's low word is 0 and its high word only its sign bit, so zeros of one sign
 * have equal high words.
 */
function sameZeros(words: Int32Array<ArrayBufferLike>, from: number, to: number, stride = 1): boolean {
  const high = words[2 * from + HIGH]!;
  for (let w = 2 * (from + stride) + HIGH, end = 2 * to; w < end; w += 2 * stride) if (words[w] !== high) return false;
  return true;
}

/** What Slab.clear copies. */
const NAN_BLOCK = new Float64Array(512).fill(NaN);

/**
 * One entity's (or one share series') storage for a batch of paths. Every slot not taken since
 * the last flush is all NaN (what take promises, BufferPool.take): the slab is made so, and the
 * flush sets the slots it read back to NaN (clear), a few calls a slab and batch while the values
 * are in cache, rather than a fill a slot as it is taken (a runtime call per entity and path, ~250
 * instructions, and ~2 a value, into memory the caches no longer held).
 */
class Slab {
  readonly data: Float64Array;
  /** data's 32-bit words (value i's high word at 2i + HIGH). */
  readonly words: Int32Array<ArrayBufferLike>;
  readonly stride: number;
  /** The buffer of each slot, made once. */
  readonly views: Float64Array[] = [];
  /** Slots taken in this batch, ascending (paths come in slot order). */
  readonly slots: Int32Array;
  taken = 0;
  /** The slot taken last in this batch (-1 when none): a field, not slots[taken - 1], as take asks every path. */
  last = -1;
  /** Per metric, the chunk's cells of its key (looked up at the first flush). */
  readonly cells: ((CellSummary | undefined)[] | undefined)[] = [];

  constructor(
    readonly keys: readonly string[],
    readonly periods: number,
    capacity: number,
  ) {
    this.stride = keys.length * periods;
    this.data = new Float64Array(capacity * this.stride).fill(NaN);
    this.words = float64Words(this.data);
    this.slots = new Int32Array(capacity);
    for (let s = 0; s < capacity; s++) this.views.push(this.data.subarray(s * this.stride, (s + 1) * this.stride));
  }

  /** Whether the slot is taken in this batch. */
  holds(slot: number): boolean {
    return this.last === slot;
  }

  /** The slot's buffer (all NaN, as not taken since the last clear), marked taken. */
  claim(slot: number): Float64Array {
    this.slots[this.taken++] = slot;
    this.last = slot;
    return this.views[slot]!;
  }

  /**
   * Sets the slots taken in this batch back to NaN and empties the batch. Slots ascend, so all lie
   * below the last one taken, and packSlots moves values only down: [0, last] holds every value
   * written since the last clear.
   */
  clear(): void {
    const data = this.data;
    const end = (this.last + 1) * this.stride;
    // Copies of NAN_BLOCK: a memcpy, ~0.7 instructions a value to fill's ~2. Blocks of 4 KB: copies
    // doubling up to the whole range (copyWithin) cost more instructions (glibc's large-copy path).
    let at = 0;
    for (; at + NAN_BLOCK.length <= end; at += NAN_BLOCK.length) data.set(NAN_BLOCK, at);
    data.fill(NaN, at, end);
    this.taken = 0;
    this.last = -1;
  }
}

/**
 * Moves the taken slots' buffers to the slab's first slots, in order (slots ascend, so each moves
 * down, if at all): the flush then reads slot i at i * stride. Only a batch in which an entity
 * missed a path has any to move.
 */
function packSlots(slab: Slab): void {
  const { data, stride, slots, taken } = slab;
  if (slots[taken - 1] === taken - 1) return;
  for (let i = 0; i < taken; i++) {
    const slot = slots[i]!;
    if (slot !== i) data.copyWithin(i * stride, slot * stride, (slot + 1) * stride);
    slots[i] = i;
  }
}

export class BatchPool extends BufferPool {
  private readonly slabs: Slab[] = [];
  private readonly byFirstKey = new Map<string, Slab>();
  /** Where each key's values go: its slab and metric. */
  private readonly places = new Map<string, { slab: Slab; metric: number }>();
  private slot = 0;
  /** Whether a path has been admitted (its keys listed in the chunk). */
  private listed = false;
  /** Keyed takes placed in slabs during the current path. */
  private placed = 0;
  /** The slab of each placed take of the last path that had one at that place, in order. */
  private readonly order: Slab[] = [];

  /** `capacity` paths a batch; the flush adds each cell's values in blocks of BLOCK paths. */
  constructor(
    readonly periods: number,
    readonly capacity: number,
  ) {
    super();
  }

  /** Starts the path that takes slot `slot` of the batch (slots ascend within a batch). */
  startPath(slot: number): void {
    this.slot = slot;
    this.placed = 0;
  }

  override take(length: number, keys?: readonly string[]): Float64Array {
    if (keys === undefined || keys.length === 0 || length !== keys.length * this.periods) return super.take(length);
    // Paths take the previous path's key lists (the recorder's cached ones) in the same order: the
    // slab at this place in `order` is then the one, found with no keyed lookup (~1.6% of a path).
    let slab = this.order[this.placed];
    if (slab === undefined || slab.keys !== keys) {
      slab = this.slabOf(keys);
      if (!sameKeys(slab.keys, keys)) return super.take(length);
    }
    // The same keys twice in one path cannot both be in place: the second buffer is a plain one.
    if (slab.holds(this.slot)) return super.take(length);
    this.order[this.placed++] = slab;
    return slab.claim(this.slot);
  }

  private slabOf(keys: readonly string[]): Slab {
    let slab = this.byFirstKey.get(keys[0]!);
    if (slab === undefined) {
      slab = new Slab(keys, this.periods, this.capacity);
      this.byFirstKey.set(keys[0]!, slab);
      this.slabs.push(slab);
      keys.forEach((key, metric) => this.places.set(key, { slab: slab!, metric }));
    }
    return slab;
  }

  /**
   * Whether the path's series are all in place with no new key to list: it has the keys of the
   * previous path (see PathResult), which was admitted or in place itself, and each buffer it
   * came with was placed by this pool during the path. Its series map is not read.
   */
  inPlace(result: PathResult): boolean {
    return result.keysAsBefore === true && this.listed && result.buffers !== undefined && result.buffers.length === this.placed;
  }

  /**
   * Lists the path's keys in the chunk (in order of first appearance) and copies in any series
   * not written in place.
   */
  admit(chunk: ChunkResult, result: PathResult): void {
    this.listed = true;
    const T = this.periods;
    for (const [key, series] of result.series) {
      if (series.length !== T) throw new Error(`series ${key} has ${series.length} values for ${T} periods`);
      sketchCellsOf(chunk, key);
      let place = this.places.get(key);
      if (place === undefined) {
        this.slabOf([key]);
        place = this.places.get(key)!;
      }
      const { slab, metric } = place;
      const at = this.slot * slab.stride + metric * T;
      if (series.buffer === slab.data.buffer && series.byteOffset === at * 8 && slab.holds(this.slot)) continue;
      if (!slab.holds(this.slot)) slab.claim(this.slot);
      slab.data.set(series, at);
    }
  }

  /** Adds the batch's values to the chunk's cells, slab by slab, and empties the batch. */
  flush(chunk: ChunkResult): void {
    for (const slab of this.slabs) {
      if (slab.taken === 0) continue;
      let any = false;
      slab.keys.forEach((key, m) => {
        // A key no path listed (admit) has no cells yet, and no values in place: nothing to add.
        slab.cells[m] ??= chunk.cells.get(key);
        if (slab.cells[m] !== undefined) any = true;
      });
      if (any) this.flushSlab(slab);
      slab.clear();
    }
  }

  /**
   * Adds a slab's cells (one per metric and period, over the taken slots), in metric and period
   * order, each in blocks of BLOCK slots from slot 0: the adds batches of BLOCK paths would make,
   * so the same partials and counts (and chunk bytes), with each cell's state (summary, sum,
   * stores: ~7 cache lines, tens of MB over all cells) fetched once for the blocks.
   */
  private flushSlab(slab: Slab): void {
    const { data, words, stride, periods, taken } = slab;
    packSlots(slab);
    for (let m = 0; m < slab.keys.length; m++) {
      const cells = slab.cells[m];
      if (cells === undefined) continue;
      for (let t = 0, at = m * periods; t < periods; t++, at++) {
        for (let b = 0; b < taken; b += BLOCK) this.flushCell(data, words, at + b * stride, Math.min(BLOCK, taken - b), stride, cells, t);
      }
    }
  }

  /**
   * Cell t of a metric, whose values are data[at + i * stride] for i below `taken`. They are most
   * often all NaN (an entity not there yet), one value in every slot (deterministic parts of a
   * model, zeros among them) or present in every slot: each is found as the values are read, with
   * the lowest and highest that addAll would find. A cell of several values is gathered side by
   * side on that pass (sideBySide), where CellSummary.addAllIn reads it with folded arrays.
   */
  private flushCell(data: Float64Array, words: Int32Array<ArrayBufferLike>, at: number, taken: number, stride: number, cells: (CellSummary | undefined)[], t: number): void {
    const end = at + taken * stride;
    const first = data[at]!;
    let k = at + stride;
    const step = 4 * stride;
    const last = end - 3 * stride;
    // Each loop reads four values a step, then the rest one at a time: 5.8% fewer instructions a
    // sketch path than one a step (fewer index updates, bounds and loop tests).
    if (first !== first) {
      for (; k < last; k += step) {
        const x0 = data[k]!;
        const x1 = data[k + stride]!;
        const x2 = data[k + 2 * stride]!;
        const x3 = data[k + 3 * stride]!;
        if (x0 === x0 || x1 === x1 || x2 === x2 || x3 === x3) break;
      }
      for (; k < end; k += stride) {
        const x = data[k]!;
        if (x === x) break;
      }
      if (k < end) this.addPresent(cells, t, this.gather(data, at, k, end, stride), taken);
      return;
    }
    for (; k < last; k += step) {
      if (data[k] !== first || data[k + stride] !== first || data[k + 2 * stride] !== first || data[k + 3 * stride] !== first) break;
    }
    for (; k < end; k += stride) if (data[k] !== first) break;
    if (k >= end) {
      // All === first: one value, as === means equal bits but for 0 and -0, which sameZeros tells
      // apart. Zeros of both signs are read again below as several values.
      if (first !== 0 || sameZeros(words, at, end, stride)) {
        (cells[t] ??= new CellSummary()).addRepeated(first, taken);
        return;
      }
      k = at + stride;
    }
    // Several values: the values before k equal first, so the lowest and highest are found from k
    // on; those are copied as they are (=== takes 0 and -0 for one another).
    const values = side.values;
    let i = 0;
    for (let j = at; j < k; j += stride) values[i++] = data[j]!;
    let lo = first;
    let hi = first;
    let nan = false;
    for (; k < last; k += step, i += 4) {
      const x0 = data[k]!;
      const x1 = data[k + stride]!;
      const x2 = data[k + 2 * stride]!;
      const x3 = data[k + 3 * stride]!;
      values[i] = x0;
      values[i + 1] = x1;
      values[i + 2] = x2;
      values[i + 3] = x3;
      if (x0 < lo) lo = x0;
      if (x0 > hi) hi = x0;
      if (x1 < lo) lo = x1;
      if (x1 > hi) hi = x1;
      if (x2 < lo) lo = x2;
      if (x2 > hi) hi = x2;
      if (x3 < lo) lo = x3;
      if (x3 > hi) hi = x3;
      if (x0 !== x0 || x1 !== x1 || x2 !== x2 || x3 !== x3) nan = true;
    }
    for (; k < end; k += stride) {
      const x = data[k]!;
      values[i++] = x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      if (x !== x) nan = true;
    }
    if (nan) this.addPresent(cells, t, 0, taken);
    else (cells[t] ??= new CellSummary()).addAllIn(values, 0, taken, lo, hi);
  }

  /** Copies a cell's values data[k], data[k + stride], ... below end side by side from k's slot on; returns that slot. */
  private gather(data: Float64Array, at: number, k: number, end: number, stride: number): number {
    const values = side.values;
    const from = (k - at) / stride;
    for (let i = from; k < end; k += stride) values[i++] = data[k]!;
    return from;
  }

  /** Adds the values side by side in [from, to) that are not NaN, in order, to cell t (made if none). */
  private addPresent(cells: (CellSummary | undefined)[], t: number, from: number, to: number): void {
    const scratch = side.values;
    let count = 0;
    let first = NaN;
    let same = true;
    // In place: a value moves to a position no later than its own.
    for (let i = from; i < to; i++) {
      const x = scratch[i]!;
      if (x === x) {
        if (count === 0) first = x;
        else if (x !== first) same = false;
        scratch[count++] = x;
      }
    }
    if (count === 0) return;
    const cell = (cells[t] ??= new CellSummary());
    if (same && (first !== 0 || sameZeros(side.words, 0, count))) cell.addRepeated(first, count);
    else cell.addAll(scratch, 0, count);
  }
}

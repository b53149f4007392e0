/**
 * Sketch-mode batch storage that the path recorder writes into directly. A BufferPool whose
 * keyed takes (the recorder names each buffer's series) hand out the current path's slot of
 * a slab per entity: slot s of a slab holds that path's buffer, metric m's T values at
 * s * stride + m * T. So a batch of paths needs no copy into per-key buffers, and the flush
 * reads one entity's slab (one batch of its metrics, ~0.3 MB at most) while it is in cache.
 *
 * Paths that did not go through the pool (another simulate function, or series not in place)
 * are copied in by admit(). Results equal the copying path's exactly: each cell gets its
 * values in path order, NaN (no row) skipped, and the same keys are listed in the same order.
 */
import { BufferPool } from '../simulation/buffer-pool.js';
import type { PathResult } from '../simulation/types.js';
import { CellSummary, float64Words, HIGH } from './log-sketch.js';
import { sketchCellsOf, type ChunkResult } from './types.js';

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((key, i) => key === b[i]));
}

/**
 * Whether values[from, to), all zero, have one sign, given the array's words: a zero's low word
 * is 0 and its high word only its sign bit, so zeros of one sign have equal high words.
 */
function sameZeros(words: Int32Array<ArrayBufferLike>, from: number, to: number): boolean {
  const high = words[2 * from + HIGH]!;
  for (let w = 2 * (from + 1) + HIGH, end = 2 * to; w < end; w += 2) if (words[w] !== high) return false;
  return true;
}

/** Whether values[from, to) holds no NaN. */
function noNaN(values: Float64Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    if (x !== x) return false;
  }
  return true;
}

/** One entity's (or one share series') storage for a batch of paths. */
class Slab {
  readonly data: Float64Array;
  readonly stride: number;
  /** The buffer of each slot, made once. */
  readonly views: Float64Array[] = [];
  /** Slots taken in this batch, ascending (paths come in slot order). */
  readonly slots: Int32Array;
  taken = 0;
  /** Per metric, the chunk's cells of its key (looked up at the first flush). */
  readonly cells: ((CellSummary | undefined)[] | undefined)[] = [];

  constructor(
    readonly keys: readonly string[],
    readonly periods: number,
    capacity: number,
  ) {
    this.stride = keys.length * periods;
    this.data = new Float64Array(capacity * this.stride);
    this.slots = new Int32Array(capacity);
    for (let s = 0; s < capacity; s++) this.views.push(this.data.subarray(s * this.stride, (s + 1) * this.stride));
  }

  /** Whether the slot is taken in this batch. */
  holds(slot: number): boolean {
    return this.taken > 0 && this.slots[this.taken - 1] === slot;
  }

  /** The slot's buffer, all NaN, marked taken. */
  claim(slot: number): Float64Array {
    this.slots[this.taken++] = slot;
    return this.views[slot]!.fill(NaN);
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
  private scratch = new Float64Array(0);
  private scratchWords: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** A slab's values by position, the taken slots side by side (see transpose), and their words. */
  private columns = new Float64Array(0);
  private columnWords: Int32Array<ArrayBufferLike> = new Int32Array(0);

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
    const slab = this.slabOf(keys);
    // The same keys twice in one path cannot both be in place: the second buffer is a plain one.
    if (!sameKeys(slab.keys, keys)) return super.take(length);
    if (slab.holds(this.slot)) return super.take(length);
    this.placed++;
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
    if (this.scratch.length < this.capacity) {
      this.scratch = new Float64Array(this.capacity);
      this.scratchWords = float64Words(this.scratch);
    }
    for (const slab of this.slabs) {
      if (slab.taken === 0) continue;
      let any = false;
      slab.keys.forEach((key, m) => {
        // A key no path listed (admit) has no cells yet, and no values in place: nothing to add.
        slab.cells[m] ??= chunk.cells.get(key);
        if (slab.cells[m] !== undefined) any = true;
      });
      if (any) {
        this.transpose(slab);
        for (let m = 0; m < slab.keys.length; m++) if (slab.cells[m] !== undefined) this.flushSeries(slab, m);
      }
      slab.taken = 0;
    }
  }

  /**
   * Copies the taken slots' values into `columns`, position j of every slot side by side at
   * j * taken: the slab is read in order, 8 slots at a time (a cache line of columns per
   * position), instead of one value per slot and period at a stride of a slot.
   */
  private transpose(slab: Slab): void {
    const { data, stride, slots, taken } = slab;
    if (this.columns.length < stride * taken) {
      this.columns = new Float64Array(stride * taken);
      this.columnWords = float64Words(this.columns);
    }
    const columns = this.columns;
    let i = 0;
    for (; i + 8 <= taken; i += 8) {
      const a0 = slots[i]! * stride;
      const a1 = slots[i + 1]! * stride;
      const a2 = slots[i + 2]! * stride;
      const a3 = slots[i + 3]! * stride;
      const a4 = slots[i + 4]! * stride;
      const a5 = slots[i + 5]! * stride;
      const a6 = slots[i + 6]! * stride;
      const a7 = slots[i + 7]! * stride;
      for (let j = 0, at = i; j < stride; j++, at += taken) {
        columns[at] = data[a0 + j]!;
        columns[at + 1] = data[a1 + j]!;
        columns[at + 2] = data[a2 + j]!;
        columns[at + 3] = data[a3 + j]!;
        columns[at + 4] = data[a4 + j]!;
        columns[at + 5] = data[a5 + j]!;
        columns[at + 6] = data[a6 + j]!;
        columns[at + 7] = data[a7 + j]!;
      }
    }
    for (; i < taken; i++) {
      const a = slots[i]! * stride;
      for (let j = 0, at = i; j < stride; j++, at += taken) columns[at] = data[a + j]!;
    }
  }

  /**
   * Metric m of a slab (transposed): one cell per period over the taken slots. A cell's values
   * are most often all NaN (an entity not there yet), one value in every path (deterministic
   * parts of a model) or present in every path: each is found with a scan that stops early, and
   * the last two go to the cell from `columns` as they are. Others are gathered first (addPresent).
   */
  private flushSeries(slab: Slab, m: number): void {
    const { taken, periods } = slab;
    const cells = slab.cells[m]!;
    const columns = this.columns;
    for (let t = 0, at = m * periods * taken; t < periods; t++, at += taken) {
      const end = at + taken;
      const first = columns[at]!;
      let i = at + 1;
      if (first !== first) {
        while (i < end && columns[i] !== columns[i]) i++;
        if (i < end) this.addPresent(cells, t, i, end);
        continue;
      }
      while (i < end && columns[i] === first) i++;
      const cell = (cells[t] ??= new CellSummary());
      // One value in every path (0 and -0 differ in bits, so zeros are compared by sign too).
      if (i === end && (first !== 0 || sameZeros(this.columnWords, at, end))) cell.addRepeated(first, taken);
      else if (i === end || noNaN(columns, i, end)) cell.addAll(columns, at, end);
      else this.addPresent(cells, t, at, end);
    }
  }

  /** Adds the values of columns[from, to) that are not NaN, in order, to cell t (made if none). */
  private addPresent(cells: (CellSummary | undefined)[], t: number, from: number, to: number): void {
    const columns = this.columns;
    const scratch = this.scratch;
    let count = 0;
    let first = NaN;
    let same = true;
    for (let i = from; i < to; i++) {
      const x = columns[i]!;
      if (x === x) {
        if (count === 0) first = x;
        else if (x !== first) same = false;
        scratch[count++] = x;
      }
    }
    if (count === 0) return;
    const cell = (cells[t] ??= new CellSummary());
    if (same && (first !== 0 || sameZeros(this.scratchWords, 0, count))) cell.addRepeated(first, count);
    else cell.addAll(scratch, 0, count);
  }
}

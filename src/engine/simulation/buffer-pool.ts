/**
 * Series buffers handed back once a path's series have been copied out, by length, so a chunk of
 * paths reuses one path's worth of memory instead of allocating (and collecting) it every path.
 */
export class BufferPool {
  private readonly free = new Map<number, Float64Array[]>();
  /** The series map of the last PathResult built with this pool, refilled by the next one with the same keys. */
  series: Map<string, Float64Array> | undefined;
  /** That map's keys in order. */
  readonly seriesKeys: string[] = [];
  /** The entities of the last path recorded with this pool (PathRecorder's, to compare the next path's). */
  entityLayout: readonly (string | number)[] | undefined;

  /**
   * An all-NaN buffer of the given length: a returned one when there is one, else a new one.
   * `keys` names the series the buffer will hold, T values each in that order (the recorder's
   * cached lists): a pool may use them to place the buffer (the Monte Carlo batch pool does).
   */
  take(length: number, _keys?: readonly string[]): Float64Array {
    const buffer = this.free.get(length)?.pop();
    return (buffer ?? new Float64Array(length)).fill(NaN);
  }

  /** Returns buffers for reuse; the caller must hold no view of them any more. */
  give(buffers: readonly Float64Array[]): void {
    for (const buffer of buffers) {
      let list = this.free.get(buffer.length);
      if (list === undefined) this.free.set(buffer.length, (list = []));
      list.push(buffer);
    }
  }
}

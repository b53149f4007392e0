/**
 * Typed arrays carved out of one ArrayBuffer. The engine's per-frame workspaces hold dozens of small
 * arrays; each `new Float64Array(n)` is its own backing-store allocation (~0.5 us), while one buffer
 * for all of them is one allocation and keeps them next to each other in memory. The caller sizes
 * the slab up front; every array comes zero-filled, as from its own constructor.
 */
export class TypedSlab {
  private readonly buffer: ArrayBuffer;
  /** Next free byte and end of each region: Float64 entries, then Int32, then Uint8. */
  private float64At = 0;
  private readonly float64End: number;
  private int32At: number;
  private readonly int32End: number;
  private uint8At: number;

  constructor(float64Count: number, int32Count: number, uint8Count = 0) {
    this.float64End = 8 * float64Count;
    this.int32At = this.float64End;
    this.int32End = this.int32At + 4 * int32Count;
    this.uint8At = this.int32End;
    this.buffer = new ArrayBuffer(this.uint8At + uint8Count);
  }

  /** Every byte of the slab (to zero it for reuse). */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer);
  }

  /**
   * Carves from the start again, for a slab reused with the same sequence of arrays: the caller
   * zeroes the bytes first and holds no array carved before.
   */
  reset(): void {
    this.float64At = 0;
    this.int32At = this.float64End;
    this.uint8At = this.int32End;
  }

  float64(length: number): Float64Array {
    const at = this.float64At;
    this.float64At = checkedEnd(at, 8 * length, this.float64End);
    return new Float64Array(this.buffer, at, length);
  }

  int32(length: number): Int32Array {
    const at = this.int32At;
    this.int32At = checkedEnd(at, 4 * length, this.int32End);
    return new Int32Array(this.buffer, at, length);
  }

  uint8(length: number): Uint8Array {
    const at = this.uint8At;
    this.uint8At = checkedEnd(at, length, this.buffer.byteLength);
    return new Uint8Array(this.buffer, at, length);
  }
}

function checkedEnd(at: number, bytes: number, regionEnd: number): number {
  if (at + bytes > regionEnd) throw new RangeError('TypedSlab: region exhausted (sized too small)');
  return at + bytes;
}

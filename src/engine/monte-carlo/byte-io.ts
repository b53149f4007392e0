/**
 * Little-endian byte writing and reading for the chunk codec. Blocks of f64 go as Uint32 word
 * views on 8-byte aligned offsets, so a slab of values moves with no per-value DataView call
 * and keeps its exact bits (NaN payloads, -0, subnormals).
 */

/** Typed-array views are host-endian; the codec writes little-endian bytes. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

export class Writer {
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

  /** A non-negative safe integer in 7-bit groups, low first (LEB128): 1 byte below 128. */
  uvarint(x: number): void {
    this.ensure(8);
    while (x >= 0x80) {
      this.bytes[this.length++] = (x % 0x80) | 0x80;
      x = Math.floor(x / 0x80);
    }
    this.bytes[this.length++] = x;
  }

  /** An integer of magnitude below 2^52, zigzag-folded (0, -1, 1, -2, ... -> 0, 1, 2, 3, ...) then as uvarint. */
  svarint(x: number): void {
    this.uvarint(x < 0 ? -2 * x - 1 : 2 * x);
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  str(s: string): void {
    const encoded = new TextEncoder().encode(s);
    this.u32(encoded.length);
    this.raw(encoded);
  }

  /**
   * Zero padding to the next multiple of 8, then room for `count` f64, returned as 2 x count
   * Uint32 words (low word first) to fill before anything else is written.
   */
  f64Words(count: number): Uint32Array {
    if (!LITTLE_ENDIAN) throw new Error('the chunk codec needs a little-endian host');
    const pad = (8 - (this.length % 8)) % 8;
    this.ensure(pad + 8 * count);
    this.length += pad;
    const words = new Uint32Array(this.bytes.buffer, this.length, 2 * count);
    this.length += 8 * count;
    return words;
  }

  result(): Buffer {
    return Buffer.from(this.bytes.buffer, 0, this.length);
  }
}

export class Reader {
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

  /** Reads what Writer.uvarint wrote; refuses more than 8 groups (past 2^53). */
  uvarint(): number {
    const bytes = this.bytes;
    let x = 0;
    let scale = 1;
    for (let group = 0; group < 8; group++) {
      if (this.at >= bytes.length) throw new RangeError('chunk data is truncated');
      const b = bytes[this.at++]!;
      x += (b & 0x7f) * scale;
      if (b < 0x80) return x;
      scale *= 0x80;
    }
    throw new RangeError('chunk data is corrupt (varint)');
  }

  svarint(): number {
    const z = this.uvarint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  raw(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  str(): string {
    return new TextDecoder().decode(this.raw(this.u32()));
  }

  /** Reads what Writer.f64Words wrote: a view when the bytes lie 8-aligned in memory, else a copy. */
  f64Words(count: number): Uint32Array {
    if (!LITTLE_ENDIAN) throw new Error('the chunk codec needs a little-endian host');
    this.raw((8 - (this.at % 8)) % 8);
    const bytes = this.raw(8 * count);
    return bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, 2 * count) : new Uint32Array(bytes.slice().buffer);
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }
}

/**
 * Sketch buckets read from a double's bits (see log-sketch.ts): a magnitude's bucket is its
 * exponent and the top MANTISSA_BITS (7) bits of its significand, 128 buckets an octave.
 */

/** Significand bits in a bucket index: 2^7 buckets an octave. */
const MANTISSA_BITS = 7;
export const SHIFT = 20 - MANTISSA_BITS;
export const PER_OCTAVE = 1 << MANTISSA_BITS;
/** Index bits of 1.0, so bucket 0 holds [1, 1 + 2^-7). */
export const BIAS = 1023 << MANTISSA_BITS;
/** Magnitudes below this count as zero (far below any price, volume or share the model emits). */
export const ZERO_THRESHOLD = 1e-300;

/** A double and its two 32-bit words; HIGH is the sign-exponent word's slot on this platform. */
const float = new Float64Array(1);
const words = new Int32Array(float.buffer);
export const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;

/** The 32-bit words of a Float64Array: value i's high word at 2i + HIGH. */
export function float64Words(values: Float64Array): Int32Array<ArrayBufferLike> {
  return new Int32Array(values.buffer, values.byteOffset, 2 * values.length);
}

/**
 * Bucket of |x| for |x| in [ZERO_THRESHOLD, Number.MAX_VALUE]: its high word without the sign
 * (IEEE 754 orders those like the magnitudes), shifted to the exponent and 7 significand bits.
 * Monotone; bucketOf(ZERO_THRESHOLD) = LOWEST_BUCKET, bucketOf(Number.MAX_VALUE) = HIGHEST_BUCKET.
 */
export function bucketOf(x: number): number {
  float[0] = x;
  return ((words[HIGH]! & 0x7fffffff) >> SHIFT) - BIAS;
}

export const LOWEST_BUCKET = bucketOf(ZERO_THRESHOLD);
export const HIGHEST_BUCKET = bucketOf(Number.MAX_VALUE);

/**
 * The value standing for bucket i, [l, u) with u = l (1 + 1/N): 2lu/(l + u) = l (2N + 2)/(2N + 1),
 * finite up to HIGHEST_BUCKET (whose u would be 2^1024). l is exact (i's bits with a zero low word).
 */
export function bucketValue(index: number): number {
  const bits = index + BIAS;
  words[HIGH] = bits << SHIFT;
  words[1 - HIGH] = 0;
  const n = PER_OCTAVE + (bits & (PER_OCTAVE - 1));
  return float[0]! * ((2 * n + 2) / (2 * n + 1));
}

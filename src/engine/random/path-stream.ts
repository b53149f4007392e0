/**
 * Seeded, splittable random streams (MODEL.md section 8): path i of a run draws from a stream
 * derived from (seed, i) alone, so results do not depend on how paths are split into chunks.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export type { RandomGenerator };

const TWO_POW_32 = 4294967296;
/** Outputs dropped after seeding, so that streams of neighbouring paths decorrelate fully. */
const WARM_UP = 16;

/** murmur3's 32-bit finaliser: a bijection on 32-bit words with full avalanche. */
function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

function splitWords(x: number): [lo: number, hi: number] {
  return [x % TWO_POW_32 | 0, Math.floor(x / TWO_POW_32) | 0];
}

/**
 * The generator of path `path` under `seed` (MODEL.md section 8). Both must be integers in
 * [0, 2^53). The xoroshiro128+ state is an injective function of (seed, path): words 0-1 are a
 * bijection of the path index keyed by the seed, words 2-3 a bijection of the seed, so no two
 * paths of any run share a stream.
 */
export function pathStream(seed: number, path: number): RandomGenerator {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer in [0, 2^53): ${seed}`);
  if (!Number.isSafeInteger(path) || path < 0) throw new RangeError(`path must be an integer in [0, 2^53): ${path}`);
  const [seedLo, seedHi] = splitWords(seed);
  const [pathLo, pathHi] = splitWords(path);
  const keyA = fmix32(seedLo ^ fmix32(seedHi ^ 0x243f6a88));
  const keyB = fmix32(seedHi ^ fmix32(seedLo ^ 0x13198a2e));
  let s0 = fmix32(pathLo ^ keyA);
  const s1 = fmix32(pathHi ^ keyB);
  const s2 = fmix32(seedLo ^ 0x03707344);
  const s3 = fmix32(seedHi ^ 0xa4093822);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is xoroshiro's fixed point
  const rng = xoroshiro128plusFromState([s0, s1, s2, s3]);
  for (let i = 0; i < WARM_UP; i++) rng.next();
  return rng;
}

/** A uniform draw in [0, 1) with 53 random bits; consumes two outputs of the generator. */
export function uniform01(rng: RandomGenerator): number {
  return uniformFloat64(rng);
}

import { describe, expect, it } from '@jest/globals';
import { finalize, mergeChunks, runChunk } from '../../engine/monte-carlo/chunk.js';
import type { RunOptions } from '../../engine/monte-carlo/types.js';
import { loadPreset } from '../../engine/presets/presets.js';
import { validateScenario } from '../../engine/scenario/validate-scenario.js';
import { decodeChunk, encodeChunk } from './chunk-codec.js';

const valid = validateScenario(loadPreset('three-labs'));
if (!valid.ok) throw new Error('three-labs preset must validate');
const doc = valid.doc;

/** Chunks [0,3), [3,5), [5,9) of a 9-path run; 3 periods keep it quick. */
function chunksOf(opts: RunOptions) {
  return [
    [0, 3],
    [3, 5],
    [5, 9],
  ].map(([a, b]) => runChunk(doc, opts, a!, b!));
}

describe('chunk codec', () => {
  it.each([
    ['exact', { paths: 9, seed: 11, periods: 3 }],
    ['sketch', { paths: 9, seed: 11, periods: 3, exactPathLimit: 4 }],
  ] as const)('round-trips %s-mode chunks: merged and finalized, decoded chunks give the rows of one chunk of all paths', (mode, opts) => {
    const chunks = chunksOf(opts);
    expect(chunks[0]!.mode).toBe(mode);
    const decoded = chunks.map((c) => decodeChunk(new Uint8Array(encodeChunk(c))));
    const direct = finalize(runChunk(doc, opts, 0, 9));
    const viaBytes = finalize(mergeChunks(decoded));
    expect(viaBytes.length).toBeGreaterThan(0);
    // Same doubles, bit for bit (toEqual would also accept -0 for 0; Object.is does not).
    expect(viaBytes.length).toBe(direct.length);
    viaBytes.forEach((row, i) => {
      const want = direct[i]!;
      expect({ ...row }).toEqual({ ...want });
      for (const k of ['mean', 'p05', 'p25', 'p50', 'p75', 'p95'] as const) expect(Object.is(row[k], want[k])).toBe(true);
    });
  });

  it('decodes from an unaligned view of a larger buffer (as a database driver may hand it over)', () => {
    const chunk = runChunk(doc, { paths: 2, seed: 3, periods: 2 }, 0, 2);
    const bytes = encodeChunk(chunk);
    const padded = Buffer.alloc(bytes.length + 3);
    bytes.copy(padded, 3);
    const back = decodeChunk(padded.subarray(3));
    expect(back.keys).toEqual(chunk.keys);
    for (const key of chunk.keys) expect(Array.from(back.values.get(key)!)).toEqual(Array.from(chunk.values.get(key)!));
  });
});

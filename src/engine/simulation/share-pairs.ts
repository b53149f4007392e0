/**
 * The share series a frame records: one per (model, segment) pair where the model is eligible,
 * worked out once per layout rather than per path (buildFrame).
 */
import { IdentityCache } from './identity-cache.js';
import { shareKeysOf } from './path-recorder.js';
import type { PreparedScenario } from './prepare-scenario.js';

/**
 * The (model, segment) pairs where the model reaches the tier the segment needs, as Frame lists
 * them (shareStart, shareSegment; read-only, shared by the frames of a layout), with each pair's
 * share series keys. They depend on the model layout (p.tier, shared by its paths), the segment
 * names and the segments' tiers, the same in every path of a document.
 */
export interface SharePairs {
  segmentNames: readonly string[];
  segmentTier: Int32Array;
  start: Int32Array;
  segment: Int32Array;
  keys: string[][];
}

/** The pairs last worked out per model layout (keyed by its `tier` array). */
const sharePairs = new IdentityCache<Int32Array, SharePairs>(16);

export function sharePairsOf(p: PreparedScenario): SharePairs {
  const hit = sharePairs.get(p.tier);
  if (hit !== undefined && hit.segmentNames === p.segmentNames && sameInts(hit.segmentTier, p.segmentTier)) return hit;
  const start = new Int32Array(p.modelCount + 1);
  const segments: number[] = [];
  const keys: string[][] = [];
  for (let j = 0; j < p.modelCount; j++) {
    start[j] = segments.length;
    for (let s = 0; s < p.segmentCount; s++) {
      const needs = p.segmentTier[s]!;
      if (needs < 0 || p.tier[j]! < needs) continue;
      segments.push(s);
      keys.push(shareKeysOf(p.modelNames[j]!, p.segmentNames[s]!));
    }
  }
  start[p.modelCount] = segments.length;
  const pairs = { segmentNames: p.segmentNames, segmentTier: p.segmentTier.slice(), start, segment: Int32Array.from(segments), keys };
  sharePairs.set(p.tier, pairs);
  return pairs;
}

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

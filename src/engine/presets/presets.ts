/**
 * The built-in scenario documents (MODEL.md section 10), by name. Pure: the documents are compiled
 * in, so the engine, the API's seed and the CLI read the same bytes without touching the disk.
 */
import type { ScenarioDoc } from '../scenario/types.js';
import { deepseekDebates2025 } from './deepseek-debates-2025.js';
import threeLabsJson from './three-labs.json' with { type: 'json' };

/** A preset's name and one-line description, for listings. */
export interface PresetInfo {
  name: string;
  description: string;
}

// The JSON import is typed by inference (strategy: string, not the literal union), so it goes
// through unknown; the preset tests validate both documents with validateScenario.
const PRESETS: readonly ScenarioDoc[] = [deepseekDebates2025, threeLabsJson as unknown as ScenarioDoc];

/** Names and descriptions of the built-in presets, in a fixed order. */
export function listPresets(): PresetInfo[] {
  return PRESETS.map((doc) => ({ name: doc.name, description: doc.description ?? '' }));
}

/** A fresh copy of the named preset (callers may edit it), or undefined for an unknown name. */
export function loadPreset(name: string): ScenarioDoc | undefined {
  const doc = PRESETS.find((p) => p.name === name);
  return doc === undefined ? undefined : structuredClone(doc);
}

import { presetScenariosSeed } from '../modules/scenarios/preset.seed.js';
import type { Seed } from './seed-runner.js';

/**
 * Every seed `npm run seed` applies, in order. The scenarios module adds the preset scenarios here
 * (src/engine/presets) so `npm run demo` can list and run them.
 */
export const SEEDS: readonly Seed[] = [presetScenariosSeed];

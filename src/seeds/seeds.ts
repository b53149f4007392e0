import type { AppConfig } from '../config/app-config.js';
import { biReadonlyRoleSeed } from '../modules/reporting/bi-role.seed.js';
import { presetScenariosSeed } from '../modules/scenarios/preset.seed.js';
import type { Seed } from './seed-runner.js';

/**
 * Every seed `npm run seed` applies, in order (with BI_READONLY_PASSWORD set, also the BI role's login). The scenarios module adds the preset scenarios here
 * (src/engine/presets) so `npm run demo` can list and run them.
 */
export function seedsFor(config: AppConfig): readonly Seed[] {
  // Without a password the seed leaves the BI role as the migration made it (no login), so a seed
  // run without the variable never locks out a BI tool that an operator configured by hand.
  const bi = config.biReadonlyPassword ? [biReadonlyRoleSeed(config.biReadonlyPassword)] : [];
  return [presetScenariosSeed, ...bi];
}

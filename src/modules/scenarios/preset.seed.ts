import { listPresets, loadPreset } from '../../engine/presets/presets.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { Seed } from '../../seeds/seed-runner.js';
import { contentHash } from './canonical-json.js';
import { ScenariosRepository } from './scenarios.repository.js';
import { ScenariosService } from './scenarios.service.js';

/**
 * The built-in presets (MODEL.md section 10) as preset scenarios. Its version is the hash of every
 * preset document, so a preset changed in code seeds again (as a new version); the service's own
 * upsert makes a rerun harmless either way.
 */
export const presetScenariosSeed: Seed = {
  name: 'preset-scenarios',
  version: contentHash(listPresets().map((p) => loadPreset(p.name))),
  async run(prisma: PrismaService): Promise<string> {
    const outcomes = await new ScenariosService(new ScenariosRepository(prisma)).seedPresets();
    return outcomes.map((o) => `${o.name} ${o.action}${o.version !== null ? ` v${o.version}` : ''}`).join(', ');
  },
};

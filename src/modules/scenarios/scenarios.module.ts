import { Module } from '@nestjs/common';
import { ScenarioLoaders } from './scenario-loaders.js';
import { ScenarioVersionResolver } from './scenario-version.resolver.js';
import { ScenariosRepository } from './scenarios.repository.js';
import { ScenariosResolver } from './scenarios.resolver.js';
import { ScenariosService } from './scenarios.service.js';

/** Scenarios: create, list, version, clone, archive, delete, export; presets seeded by prisma/seed.ts. */
@Module({
  providers: [ScenariosRepository, ScenariosService, ScenarioLoaders, ScenariosResolver, ScenarioVersionResolver],
  exports: [ScenariosService],
})
export class ScenariosModule {}

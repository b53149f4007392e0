import type { PrismaService } from '../modules/database/prisma.service.js';
import { AppMetaRepository } from '../modules/database/app-meta.repository.js';

/**
 * A unit of reference data (e.g. the preset scenarios). `run` gets the Prisma client to build the
 * repositories it needs (`new ScenariosRepository(prisma)`) and must itself be idempotent; the
 * runner also skips a seed whose `version` already ran against this database.
 */
export interface Seed {
  name: string;
  /** Change it (e.g. to a content hash) to make the seed run again. */
  version: string;
  /** Returns a one-line summary of what it did. */
  run(prisma: PrismaService): Promise<string>;
}

export interface SeedOutcome {
  name: string;
  status: 'ran' | 'up to date';
  summary?: string;
}

/** Runs each seed whose recorded version (app_meta `seed:<name>`) differs from its current one. */
export async function runSeeds(prisma: PrismaService, seeds: readonly Seed[]): Promise<SeedOutcome[]> {
  const meta = new AppMetaRepository(prisma);
  const outcomes: SeedOutcome[] = [];
  for (const seed of seeds) {
    const key = `seed:${seed.name}`;
    if ((await meta.get(key)) === seed.version) {
      outcomes.push({ name: seed.name, status: 'up to date' });
      continue;
    }
    const summary = await seed.run(prisma);
    await meta.set(key, seed.version);
    outcomes.push({ name: seed.name, status: 'ran', summary });
  }
  return outcomes;
}

// Seed entrypoint (npm run seed; also `prisma db seed` via prisma.config.ts): applies src/seeds/seeds.ts.
// Runs with tsx; repositories are constructed by hand, no Nest container needed.
import { loadConfigOrExit } from '../src/config/load-config.js';
import { PrismaService } from '../src/modules/database/prisma.service.js';
import { runSeeds } from '../src/seeds/seed-runner.js';
import { seedsFor } from '../src/seeds/seeds.js';

const config = loadConfigOrExit('seed');
const prisma = new PrismaService(config);
try {
  const outcomes = await runSeeds(prisma, seedsFor(config));
  if (outcomes.length === 0) process.stdout.write('seed: no seeds registered yet (src/seeds/seeds.ts)\n');
  for (const o of outcomes) process.stdout.write(`seed: ${o.name}: ${o.status}${o.summary ? ` (${o.summary})` : ''}\n`);
} catch (err) {
  process.stderr.write(`seed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}

import { rm } from 'node:fs/promises';

/** Removes this run's compiled sources (see build-sources.ts). */
export default async function globalTeardown() {
  const dir = process.env.FRONTIER_TEST_BUILD;
  if (dir) await rm(dir, { recursive: true, force: true });
}

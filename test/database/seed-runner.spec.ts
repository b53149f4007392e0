import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PrismaService } from '../../src/modules/database/prisma.service.js';
import { runSeeds, type Seed } from '../../src/seeds/seed-runner.js';
import { useTestContext } from '../helpers/test-context.js';

const ctx = useTestContext();

describe(runSeeds.name, () => {
  let prisma: PrismaService;
  beforeAll(() => {
    prisma = new PrismaService(ctx.config);
  });
  afterAll(() => prisma?.$disconnect());

  it('runs a seed once per version, recording the version in app_meta', async () => {
    const calls: string[] = [];
    const seed = (version: string): Seed => ({
      name: 'counter',
      version,
      run: async () => {
        calls.push(version);
        return `did ${version}`;
      },
    });

    expect(await runSeeds(prisma, [seed('v1')])).toEqual([{ name: 'counter', status: 'ran', summary: 'did v1' }]);
    expect(await runSeeds(prisma, [seed('v1')])).toEqual([{ name: 'counter', status: 'up to date' }]);
    expect(await runSeeds(prisma, [seed('v2')])).toEqual([{ name: 'counter', status: 'ran', summary: 'did v2' }]);
    expect(calls).toEqual(['v1', 'v2']);
    expect(await prisma.appMeta.findUnique({ where: { key: 'seed:counter' } })).toMatchObject({ value: 'v2' });
  });

  it('does not record a seed that failed, so the next run retries it', async () => {
    const failing: Seed = { name: 'broken', version: 'v1', run: () => Promise.reject(new Error('boom')) };
    await expect(runSeeds(prisma, [failing])).rejects.toThrow('boom');
    expect(await prisma.appMeta.findUnique({ where: { key: 'seed:broken' } })).toBeNull();
  });
});

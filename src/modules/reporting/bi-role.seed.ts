import { scryptSync } from 'node:crypto';
import type { PrismaService } from '../database/prisma.service.js';
import type { Seed } from '../../seeds/seed-runner.js';
import { BI_ROLE, ReportingRepository } from './reporting.repository.js';

/**
 * The BI role's LOGIN and password as a seed, so `npm run seed` (the deploy's seed path) sets or
 * rotates it. The version is derived from the password through scrypt (app_meta must not hold a
 * cheap hash of a secret), so a new password reruns the seed.
 */
export function biReadonlyRoleSeed(password: string | undefined): Seed {
  const version = password ? `login:${scryptSync(password, `${BI_ROLE}-seed`, 16).toString('hex')}` : 'nologin';
  return {
    name: 'bi-readonly-role',
    version,
    async run(prisma: PrismaService): Promise<string> {
      const state = await new ReportingRepository(prisma).setBiLogin(password);
      return state === 'login' ? `${BI_ROLE}: login enabled` : `${BI_ROLE}: no BI_READONLY_PASSWORD, left without login`;
    },
  };
}

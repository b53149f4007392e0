import pg from 'pg';
import type { PrismaService } from '../database/prisma.service.js';

/** The role the reporting migration creates (NOLOGIN, SELECT on the `reporting` views only). */
export const BI_ROLE = 'frontier_bi';

/**
 * The BI tools' database login. The migration holds no secret, so LOGIN and the password are set
 * here from BI_READONLY_PASSWORD by the seed path; idempotent, so every deploy may rotate it.
 */
export class ReportingRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Gives the BI role LOGIN with `password`, or takes LOGIN away when it is empty or absent. */
  async setBiLogin(password: string | undefined): Promise<'login' | 'nologin'> {
    const role = pg.escapeIdentifier(BI_ROLE);
    if (!password) {
      await this.prisma.$executeRawUnsafe(`ALTER ROLE ${role} NOLOGIN PASSWORD NULL`);
      return 'nologin';
    }
    // ALTER ROLE takes no bind parameters: escapeLiteral quotes the password.
    await this.prisma.$executeRawUnsafe(`ALTER ROLE ${role} LOGIN PASSWORD ${pg.escapeLiteral(password)}`);
    return 'login';
  }
}

import { Injectable } from '@nestjs/common';
import { RunStatus } from '../../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';

/** The few SQL counts /metrics reports, read at scrape time. */
@Injectable()
export class MetricsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Runs per status, every status present (0 when none), so the series never disappear. */
  async runsByStatus(): Promise<Record<RunStatus, number>> {
    const rows = await this.prisma.run.groupBy({ by: ['status'], _count: { _all: true } });
    const counts = Object.fromEntries(Object.values(RunStatus).map((s) => [s, 0])) as Record<RunStatus, number>;
    for (const row of rows) counts[row.status] = row._count._all;
    return counts;
  }
}

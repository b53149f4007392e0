import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';

export interface PingRecord {
  id: string;
  message: string;
  reply: string;
  workerPid: number;
  enqueuedAt: Date;
  processedAt: Date;
}

/** Stored outcomes of ping jobs, keyed by job id. */
@Injectable()
export class PingRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Keyed by job id, so a redelivered job replaces its own row instead of adding one. */
  async save(record: PingRecord): Promise<void> {
    const { id, ...rest } = record;
    await this.prisma.pingResult.upsert({ where: { id }, create: record, update: rest });
  }

  async find(id: string): Promise<PingRecord | null> {
    return this.prisma.pingResult.findUnique({ where: { id } });
  }
}

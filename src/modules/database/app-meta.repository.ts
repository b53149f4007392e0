import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service.js';

/** Small facts about the database itself (e.g. which seed version last ran), in `app_meta`. */
@Injectable()
export class AppMetaRepository {
  constructor(private readonly prisma: PrismaService) {}

  async get(key: string): Promise<string | null> {
    return (await this.prisma.appMeta.findUnique({ where: { key } }))?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    await this.prisma.appMeta.upsert({
      where: { key },
      create: { key, value },
      update: { value, updatedAt: new Date() },
    });
  }
}

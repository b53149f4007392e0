import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { InvalidScheduleInputError, type ScheduleRecord } from './schedule.types.js';

@Injectable()
export class SchedulesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async scenarioExists(id: string): Promise<boolean> {
    return (await this.prisma.scenario.count({ where: { id } })) === 1;
  }

  /** Inserts; a taken name is refused as the `name` field's error (unique index). */
  async create(schedule: ScheduleRecord): Promise<ScheduleRecord> {
    try {
      return await this.prisma.schedule.create({ data: schedule });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        throw new InvalidScheduleInputError('name', `a schedule named "${schedule.name}" already exists`);
      }
      throw err;
    }
  }

  async find(id: string): Promise<ScheduleRecord | null> {
    return this.prisma.schedule.findUnique({ where: { id } });
  }

  async list(): Promise<ScheduleRecord[]> {
    return this.prisma.schedule.findMany({ orderBy: [{ name: 'asc' }] });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.prisma.schedule.deleteMany({ where: { id } });
    return count === 1;
  }
}

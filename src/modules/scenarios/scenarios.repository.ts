import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';

/** A scenario row, without its versions. */
export interface ScenarioRecord {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  isPreset: boolean;
  archived: boolean;
  latestVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One immutable version: the exact document the engine reads. */
export interface ScenarioVersionRecord {
  id: string;
  scenarioId: string;
  version: number;
  document: unknown;
  contentHash: string;
  createdAt: Date;
}

/** What a new version writes besides the document: the scenario's listed fields follow the document. */
export interface VersionWrite {
  name: string;
  description: string | null;
  tags: string[];
  document: unknown;
  contentHash: string;
}

export interface ScenarioFilter {
  nameContains?: string;
  tag?: string;
  archived?: boolean;
  isPreset?: boolean;
}

/** What references a scenario: runs (and how many may still write: QUEUED, RUNNING), schedules. */
export interface RunCounts {
  total: number;
  active: number;
  schedules: number;
}

/** The state of a scenario changed between reading and writing it. */
export class StaleScenarioError extends Error {}
/** A scenario with this name already exists. */
export class DuplicateNameError extends Error {}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

/** Scenarios and their versions in PostgreSQL. The only place this module touches Prisma. */
@Injectable()
export class ScenariosRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findById(id: string): Promise<ScenarioRecord | null> {
    return this.prisma.scenario.findUnique({ where: { id } });
  }

  async findByName(name: string): Promise<ScenarioRecord | null> {
    return this.prisma.scenario.findUnique({ where: { name } });
  }

  private where(filter: ScenarioFilter): Prisma.ScenarioWhereInput {
    return {
      archived: filter.archived ?? false,
      ...(filter.isPreset !== undefined ? { isPreset: filter.isPreset } : {}),
      ...(filter.tag !== undefined ? { tags: { has: filter.tag } } : {}),
      // Prisma's `contains` passes LIKE wildcards through; a user's "%" or "_" means itself.
      ...(filter.nameContains !== undefined ? { name: { contains: filter.nameContains.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' as const } } : {}),
    };
  }

  /** A page ordered by name (unique, so the cursor is exact), starting after `afterName`; one extra row tells whether more follow. */
  async list(filter: ScenarioFilter, first: number, afterName?: string): Promise<{ rows: ScenarioRecord[]; hasNextPage: boolean; totalCount: number }> {
    const where = this.where(filter);
    const [rows, totalCount] = await this.prisma.$transaction([
      this.prisma.scenario.findMany({
        where: afterName === undefined ? where : { AND: [where, { name: { gt: afterName } }] },
        orderBy: { name: 'asc' },
        take: first + 1,
      }),
      this.prisma.scenario.count({ where }),
    ]);
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }

  /** Every version of each scenario, oldest first (one query for a whole page of scenarios). */
  async versionsOf(scenarioIds: readonly string[]): Promise<ScenarioVersionRecord[]> {
    return this.prisma.scenarioVersion.findMany({ where: { scenarioId: { in: [...scenarioIds] } }, orderBy: [{ scenarioId: 'asc' }, { version: 'asc' }] });
  }

  /** The given (scenario, version) pairs in one query. */
  async versionsByNumber(keys: readonly { scenarioId: string; version: number }[]): Promise<ScenarioVersionRecord[]> {
    if (keys.length === 0) return [];
    return this.prisma.scenarioVersion.findMany({ where: { OR: keys.map((k) => ({ scenarioId: k.scenarioId, version: k.version })) } });
  }

  async versionsByIds(ids: readonly string[]): Promise<ScenarioVersionRecord[]> {
    return this.prisma.scenarioVersion.findMany({ where: { id: { in: [...ids] } } });
  }

  /** A new scenario and its version 1 in one transaction. */
  async create(write: VersionWrite, isPreset = false): Promise<ScenarioRecord> {
    const id = randomUUID();
    try {
      return await this.prisma.$transaction(async (tx) => {
        const scenario = await tx.scenario.create({
          data: { id, name: write.name, description: write.description, tags: write.tags, isPreset, latestVersion: 1 },
        });
        await tx.scenarioVersion.create({
          data: { id: randomUUID(), scenarioId: id, version: 1, document: write.document as Prisma.InputJsonValue, contentHash: write.contentHash },
        });
        return scenario;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateNameError(write.name);
      throw err;
    }
  }

  /**
   * Appends version latest+1, provided the latest is still `expectedLatest` (a concurrent update
   * in between makes this one stale rather than silently building on a version it never read).
   */
  async addVersion(scenarioId: string, expectedLatest: number, write: VersionWrite): Promise<ScenarioRecord> {
    const next = expectedLatest + 1;
    try {
      return await this.prisma.$transaction(async (tx) => {
        const moved = await tx.scenario.updateMany({
          where: { id: scenarioId, latestVersion: expectedLatest },
          data: { latestVersion: next, name: write.name, description: write.description, tags: write.tags, updatedAt: new Date() },
        });
        if (moved.count !== 1) throw new StaleScenarioError(`scenario ${scenarioId} changed while it was being updated`);
        await tx.scenarioVersion.create({
          data: { id: randomUUID(), scenarioId, version: next, document: write.document as Prisma.InputJsonValue, contentHash: write.contentHash },
        });
        return tx.scenario.findUniqueOrThrow({ where: { id: scenarioId } });
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        const holder = await this.findByName(write.name);
        if (holder && holder.id !== scenarioId) throw new DuplicateNameError(write.name);
        throw new StaleScenarioError(`scenario ${scenarioId} changed while it was being updated`);
      }
      throw err;
    }
  }

  async setArchived(id: string, archived: boolean): Promise<ScenarioRecord | null> {
    const moved = await this.prisma.scenario.updateMany({ where: { id }, data: { archived, updatedAt: new Date() } });
    return moved.count === 1 ? this.findById(id) : null;
  }

  /**
   * Deletes a scenario with its versions, in one transaction that locks the row, re-checks the
   * rule and deletes the runs it allows (their results cascade). `decide` sees the locked state
   * and throws to refuse.
   */
  async delete(id: string, decide: (scenario: ScenarioRecord, runs: RunCounts) => void): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM scenarios WHERE id = ${id}::uuid FOR UPDATE`;
      if (locked.length === 0) return false;
      const scenario = await tx.scenario.findUniqueOrThrow({ where: { id } });
      const total = await tx.run.count({ where: { scenarioId: id } });
      const active = await tx.run.count({ where: { scenarioId: id, status: { in: ['QUEUED', 'RUNNING'] } } });
      const schedules = await tx.schedule.count({ where: { scenarioId: id } });
      decide(scenario, { total, active, schedules });
      if (total > 0) await tx.run.deleteMany({ where: { scenarioId: id } });
      await tx.scenario.delete({ where: { id } });
      return true;
    });
  }
}

import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { ACTIVE_STATUSES, type RunJobContext, type RunRecord, type RunStatus } from './run.types.js';

export interface ScenarioHead {
  scenarioId: string;
  versionId: string;
  version: number;
  contentHash: string;
  document: unknown;
}

export interface NewRun {
  id: string;
  scenarioId: string;
  scenarioVersionId: string;
  paths: number;
  seed: number;
  periods: number;
  chunkSize: number;
  chunksTotal: number;
  priority: number;
  label: string | null;
  idempotencyKey: string | null;
  engineVersion: string;
  contentHash: string;
  scheduleId: string | null;
  keepPaths: boolean;
  queuedAt: Date;
}

export interface RunFilter {
  scenarioId?: string;
  status?: RunStatus;
  scheduleId?: string;
  label?: string;
}

const WITH_VERSION = { scenarioVersion: { select: { version: true } } } as const;
type RunRow = Prisma.RunGetPayload<{ include: typeof WITH_VERSION }>;

function toRecord(row: RunRow): RunRecord {
  const { scenarioVersion, overrides: _overrides, sweepId: _sweepId, ...rest } = row;
  return { ...rest, scenarioVersion: scenarioVersion.version, status: row.status as RunStatus, kpis: row.kpis ?? null };
}

const active = { in: [...ACTIVE_STATUSES] as RunStatus[] };

/** Runs (Prisma). Chunk bytes go through RunChunksRepository, the results COPY through RunFinalizer. */
@Injectable()
export class RunsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The scenario's latest version, or null for an unknown scenario. */
  async scenarioHead(scenarioId: string): Promise<ScenarioHead | null> {
    const scenario = await this.prisma.scenario.findUnique({ where: { id: scenarioId }, select: { id: true, latestVersion: true } });
    if (!scenario) return null;
    const version = await this.prisma.scenarioVersion.findUnique({
      where: { scenarioId_version: { scenarioId, version: scenario.latestVersion } },
    });
    if (!version) return null;
    return { scenarioId, versionId: version.id, version: version.version, contentHash: version.contentHash, document: version.document };
  }

  /**
   * Inserts the run; when another call already took the idempotency key (unique index), returns
   * that run instead with `created: false`. The index decides, so concurrent callers agree.
   */
  async createOrFind(run: NewRun): Promise<{ run: RunRecord; created: boolean }> {
    try {
      const row = await this.prisma.run.create({ data: { ...run, status: 'QUEUED' }, include: WITH_VERSION });
      return { run: toRecord(row), created: true };
    } catch (err) {
      if (run.idempotencyKey !== null && err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
        const existing = await this.findByIdempotencyKey(run.idempotencyKey);
        if (existing) return { run: existing, created: false };
      }
      throw err;
    }
  }

  async findByIdempotencyKey(key: string): Promise<RunRecord | null> {
    const row = await this.prisma.run.findUnique({ where: { idempotencyKey: key }, include: WITH_VERSION });
    return row ? toRecord(row) : null;
  }

  async find(id: string): Promise<RunRecord | null> {
    const row = await this.prisma.run.findUnique({ where: { id }, include: WITH_VERSION });
    return row ? toRecord(row) : null;
  }

  /** Newest first (queuedAt, then id); `after` is the id of the last run of the previous page. */
  async list(filter: RunFilter, first: number, after?: string): Promise<RunRecord[]> {
    const rows = await this.prisma.run.findMany({
      where: {
        scenarioId: filter.scenarioId,
        status: filter.status,
        scheduleId: filter.scheduleId,
        label: filter.label,
      },
      orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
      take: first,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
      include: WITH_VERSION,
    });
    return rows.map(toRecord);
  }

  /**
   * Active standalone runs queued before `before`: candidates whose jobs may have been lost.
   * Runs of a sweep are left out: their merge jobs are children of the sweep's flow, and adding
   * them again as standalone flows would detach them from it (the sweeps module owns those).
   */
  async activeQueuedBefore(before: Date, limit: number): Promise<RunRecord[]> {
    const rows = await this.prisma.run.findMany({
      where: { status: active, queuedAt: { lt: before }, sweepId: null },
      orderBy: { queuedAt: 'asc' },
      take: limit,
      include: WITH_VERSION,
    });
    return rows.map(toRecord);
  }

  async jobContext(id: string): Promise<RunJobContext | null> {
    const row = await this.prisma.run.findUnique({
      where: { id },
      include: { scenarioVersion: { select: { document: true } } },
    });
    if (!row) return null;
    return {
      id: row.id,
      status: row.status as RunStatus,
      generation: row.generation,
      scenarioVersionId: row.scenarioVersionId,
      document: row.scenarioVersion.document,
      overrides: row.overrides,
      paths: row.paths,
      seed: row.seed,
      periods: row.periods,
      chunksTotal: row.chunksTotal,
      keepPaths: row.keepPaths,
    };
  }

  /** Status and generation only: what a chunk checks between its blocks. */
  async state(id: string): Promise<{ status: RunStatus; generation: number } | null> {
    const row = await this.prisma.run.findUnique({ where: { id }, select: { status: true, generation: true } });
    return row ? { status: row.status as RunStatus, generation: row.generation } : null;
  }

  async markRunning(id: string, generation: number, now: Date): Promise<void> {
    await this.prisma.run.updateMany({ where: { id, generation, status: 'QUEUED' }, data: { status: 'RUNNING', startedAt: now } });
  }

  /** Moves an active run of this generation to FAILED; false when it was no longer active. */
  async markFailed(id: string, generation: number, error: string, now: Date): Promise<boolean> {
    const { count } = await this.prisma.run.updateMany({
      where: { id, generation, status: active },
      data: { status: 'FAILED', error: error.slice(0, 2000), finishedAt: now },
    });
    return count === 1;
  }

  /** Moves an active run to CANCELLED and drops its chunk rows; null when it was not active. */
  async markCancelled(id: string, now: Date): Promise<RunRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({ where: { id, status: active }, data: { status: 'CANCELLED', finishedAt: now } });
      if (count === 0) return null;
      await tx.runChunk.deleteMany({ where: { runId: id } });
      return toRecord(await tx.run.findUniqueOrThrow({ where: { id }, include: WITH_VERSION }));
    });
  }

  /** FAILED or CANCELLED -> QUEUED with the next generation and no chunks; null otherwise. */
  async prepareRetry(id: string, now: Date): Promise<RunRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({
        where: { id, status: { in: ['FAILED', 'CANCELLED'] } },
        data: {
          status: 'QUEUED',
          generation: { increment: 1 },
          error: null,
          kpis: Prisma.DbNull,
          chunksDone: 0,
          queuedAt: now,
          startedAt: null,
          finishedAt: null,
        },
      });
      if (count === 0) return null;
      await tx.runChunk.deleteMany({ where: { runId: id } });
      return toRecord(await tx.run.findUniqueOrThrow({ where: { id }, include: WITH_VERSION }));
    });
  }

  /** True when chunk `chunkIndex` of this generation is already stored (a rerun may skip it). */
  async hasChunk(runId: string, generation: number, chunkIndex: number): Promise<boolean> {
    const row = await this.prisma.runChunk.findUnique({ where: { runId_chunkIndex: { runId, chunkIndex } }, select: { generation: true } });
    return row?.generation === generation;
  }

  /** Indexes of the chunks stored for this generation, in chunk order. */
  async chunkIndexes(runId: string, generation: number): Promise<number[]> {
    const rows = await this.prisma.runChunk.findMany({ where: { runId, generation }, orderBy: { chunkIndex: 'asc' }, select: { chunkIndex: true } });
    return rows.map((r) => r.chunkIndex);
  }
}

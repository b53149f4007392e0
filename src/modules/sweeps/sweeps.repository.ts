import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { ACTIVE_STATUSES, type RunStatus } from '../runs/run.types.js';
import type { SweepKind, SweepKpis, SweepOverride, SweepProgress, SweepRecord, SweepSpec, SweepVariantRecord, VariantRole } from './sweep.types.js';

export interface ScenarioHead {
  versionId: string;
  contentHash: string;
  document: unknown;
}

/** The run-row fields every variant shares (the run options, checked by the runs module's rules). */
export interface VariantRunFields {
  scenarioId: string;
  scenarioVersionId: string;
  paths: number;
  seed: number;
  periods: number;
  chunkSize: number;
  chunksTotal: number;
  priority: number;
  label: string | null;
  engineVersion: string;
  contentHash: string;
  queuedAt: Date;
}

export interface NewVariant {
  index: number;
  runId: string;
  role: VariantRole;
  parameter: string | null;
  overrides: SweepOverride[];
}

export interface NewSweep {
  id: string;
  kind: SweepKind;
  spec: SweepSpec;
  label: string | null;
  run: VariantRunFields;
  variants: NewVariant[];
}

export interface SweepFilter {
  scenarioId?: string;
  status?: RunStatus;
  label?: string;
}

/** What the summary needs of each variant's run. */
export interface VariantOutcome {
  index: number;
  runId: string;
  status: RunStatus;
  kpis: unknown;
  /** Sum over periods of the mean market totalTokens; null without rows. */
  cumulativeTokens: number | null;
}

export interface VariantJobs {
  runId: string;
  generation: number;
  chunksTotal: number;
  paths: number;
  chunkSize: number;
  priority: number;
}

type SweepRow = Prisma.SweepGetPayload<object>;

function toRecord(row: SweepRow): SweepRecord {
  return { ...row, kind: row.kind as SweepKind, status: row.status as RunStatus, spec: row.spec as SweepSpec };
}

const active = { in: [...ACTIVE_STATUSES] as RunStatus[] };
/** Rows per INSERT: 10,000 variants x 20 columns stays far below PostgreSQL's 65,535 parameters. */
const INSERT_BATCH = 1_000;

/** Sweeps, their variants, and the sweep-wide reads and writes over the variants' runs. */
@Injectable()
export class SweepsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async scenarioHead(scenarioId: string): Promise<ScenarioHead | null> {
    const scenario = await this.prisma.scenario.findUnique({ where: { id: scenarioId }, select: { latestVersion: true } });
    if (!scenario) return null;
    const version = await this.prisma.scenarioVersion.findUnique({ where: { scenarioId_version: { scenarioId, version: scenario.latestVersion } } });
    return version ? { versionId: version.id, contentHash: version.contentHash, document: version.document } : null;
  }

  /** The sweep, every variant's run (QUEUED, with its overrides) and the variant rows, in one transaction. */
  async create(sweep: NewSweep): Promise<SweepRecord> {
    const { run } = sweep;
    return this.prisma.$transaction(
      async (tx) => {
        const row = await tx.sweep.create({
          data: {
            id: sweep.id,
            scenarioId: run.scenarioId,
            scenarioVersionId: run.scenarioVersionId,
            kind: sweep.kind,
            spec: sweep.spec as Prisma.InputJsonValue,
            status: 'QUEUED',
            paths: run.paths,
            seed: run.seed,
            periods: run.periods,
            priority: run.priority,
            label: sweep.label,
            variantsTotal: sweep.variants.length,
            queuedAt: run.queuedAt,
          },
        });
        for (let i = 0; i < sweep.variants.length; i += INSERT_BATCH) {
          const batch = sweep.variants.slice(i, i + INSERT_BATCH);
          await tx.run.createMany({
            data: batch.map((v) => ({ ...run, id: v.runId, status: 'QUEUED' as const, sweepId: sweep.id, overrides: v.overrides as unknown as Prisma.InputJsonValue })),
          });
          await tx.sweepVariant.createMany({
            data: batch.map((v) => ({
              sweepId: sweep.id,
              variantIndex: v.index,
              runId: v.runId,
              role: v.role,
              parameter: v.parameter,
              overrides: v.overrides as unknown as Prisma.InputJsonValue,
            })),
          });
        }
        return toRecord(row);
      },
      { timeout: 60_000 },
    );
  }

  async find(id: string): Promise<SweepRecord | null> {
    const row = await this.prisma.sweep.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  /** Newest first; `after` is the id of the last sweep of the previous page. */
  async list(filter: SweepFilter, first: number, after?: string): Promise<SweepRecord[]> {
    const rows = await this.prisma.sweep.findMany({
      // QUEUED is the stored state of every unfinished sweep (RUNNING is derived on read), so
      // either filter means "still active".
      where: {
        scenarioId: filter.scenarioId,
        status: filter.status === 'QUEUED' || filter.status === 'RUNNING' ? active : filter.status,
        label: filter.label,
      },
      orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
      take: first,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    });
    return rows.map(toRecord);
  }

  /** Counts by status and chunks over every variant, in one aggregate. */
  async progress(sweepId: string): Promise<SweepProgress> {
    const rows = await this.prisma.$queryRaw<{ status: RunStatus; n: bigint; done: bigint; total: bigint }[]>`
      SELECT status::text AS status, count(*) AS n,
             sum(CASE WHEN status = 'SUCCEEDED' THEN chunks_total ELSE chunks_done END) AS done,
             sum(chunks_total) AS total
      FROM runs WHERE sweep_id = ${sweepId}::uuid GROUP BY status`;
    const p: SweepProgress = { chunksDone: 0, chunksTotal: 0, queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const r of rows) {
      p.chunksDone += Number(r.done);
      p.chunksTotal += Number(r.total);
      const key = r.status.toLowerCase() as keyof SweepProgress;
      p[key] += Number(r.n);
    }
    return p;
  }

  /** Variants in index order from `afterIndex` (exclusive), with their runs' status. */
  async variants(sweepId: string, first: number, afterIndex = -1): Promise<SweepVariantRecord[]> {
    const rows = await this.prisma.sweepVariant.findMany({
      where: { sweepId, variantIndex: { gt: afterIndex } },
      orderBy: { variantIndex: 'asc' },
      take: first,
    });
    const runs = await this.prisma.run.findMany({ where: { id: { in: rows.map((r) => r.runId) } }, select: { id: true, status: true, error: true } });
    const byId = new Map(runs.map((r) => [r.id, r]));
    return rows.map((r) => ({
      sweepId: r.sweepId,
      index: r.variantIndex,
      runId: r.runId,
      role: r.role as VariantRole,
      parameter: r.parameter,
      overrides: r.overrides as unknown as SweepOverride[],
      kpis: (r.kpis as SweepKpis | null) ?? null,
      runStatus: (byId.get(r.runId)?.status ?? 'FAILED') as RunStatus,
      runError: byId.get(r.runId)?.error ?? null,
    }));
  }

  /** Distinct KPI names over the sweep's variants, sorted (the KPI table's columns). */
  async kpiNames(sweepId: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ name: string }[]>`
      SELECT DISTINCT jsonb_object_keys(kpis) AS name FROM sweep_variants
      WHERE sweep_id = ${sweepId}::uuid AND kpis IS NOT NULL ORDER BY name`;
    return rows.map((r) => r.name);
  }

  /** The jobs of every variant (what the flow is rebuilt from and what cancel removes). */
  async variantJobs(sweepId: string): Promise<VariantJobs[]> {
    const rows = await this.prisma.$queryRaw<VariantJobs[]>`
      SELECT r.id AS "runId", r.generation, r.chunks_total AS "chunksTotal", r.paths, r.chunk_size AS "chunkSize", r.priority
      FROM sweep_variants v JOIN runs r ON r.id = v.run_id
      WHERE v.sweep_id = ${sweepId}::uuid ORDER BY v.variant_index`;
    return rows;
  }

  /**
   * Moves an active sweep to CANCELLED, and in the same transaction every active variant run
   * (dropping their chunk rows); null when the sweep was not active.
   */
  async markCancelled(id: string, now: Date): Promise<SweepRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.sweep.updateMany({ where: { id, status: active }, data: { status: 'CANCELLED', finishedAt: now } });
      if (count === 0) return null;
      // Lock order as the run module's own writes: the run rows, then their chunks.
      await tx.$executeRaw`SELECT id FROM runs WHERE sweep_id = ${id}::uuid AND status IN ('QUEUED', 'RUNNING') ORDER BY id FOR UPDATE`;
      await tx.$executeRaw`DELETE FROM run_chunks WHERE run_id IN (SELECT id FROM runs WHERE sweep_id = ${id}::uuid AND status IN ('QUEUED', 'RUNNING'))`;
      await tx.run.updateMany({ where: { sweepId: id, status: active }, data: { status: 'CANCELLED', finishedAt: now } });
      return toRecord(await tx.sweep.findUniqueOrThrow({ where: { id } }));
    });
  }

  /** Marks an active sweep and its active variants FAILED (e.g. the flow could not be queued). */
  async markFailed(id: string, error: string, now: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.run.updateMany({ where: { sweepId: id, status: active }, data: { status: 'FAILED', error: error.slice(0, 2000), finishedAt: now } }),
      this.prisma.sweep.updateMany({ where: { id, status: active }, data: { status: 'FAILED', error: error.slice(0, 2000), finishedAt: now } }),
    ]);
  }

  /** Each variant's run status, stored KPIs and cumulative tokens (one query for the sweep). */
  async outcomes(sweepId: string): Promise<VariantOutcome[]> {
    const rows = await this.prisma.$queryRaw<{ index: number; runId: string; status: RunStatus; kpis: unknown; tokens: number | null }[]>`
      SELECT v.variant_index AS index, r.id AS "runId", r.status::text AS status, r.kpis,
             (SELECT sum(rr.mean) FROM run_results rr
               WHERE rr.run_id = r.id AND rr.entity_type = 'market' AND rr.entity = 'market' AND rr.metric = 'totalTokens') AS tokens
      FROM sweep_variants v JOIN runs r ON r.id = v.run_id
      WHERE v.sweep_id = ${sweepId}::uuid ORDER BY v.variant_index`;
    return rows.map((r) => ({ index: r.index, runId: r.runId, status: r.status, kpis: r.kpis, cumulativeTokens: r.tokens === null ? null : Number(r.tokens) }));
  }

  /**
   * Writes every variant's KPIs and the sweep's final status in one transaction, only if the
   * sweep is still active (a cancel that came first wins); false when it was not.
   */
  async finish(sweepId: string, kpis: { index: number; kpis: SweepKpis }[], status: 'SUCCEEDED' | 'FAILED', error: string | null, now: Date): Promise<boolean> {
    return this.prisma.$transaction(
      async (tx) => {
        const locked = await tx.$queryRaw<{ status: string }[]>`SELECT status::text AS status FROM sweeps WHERE id = ${sweepId}::uuid FOR UPDATE`;
        if (!locked[0] || !(ACTIVE_STATUSES as readonly string[]).includes(locked[0].status)) return false;
        const indexes = kpis.map((k) => k.index);
        const json = kpis.map((k) => JSON.stringify(k.kpis));
        await tx.$executeRaw`
          UPDATE sweep_variants v SET kpis = x.kpis::jsonb
          FROM (SELECT unnest(${indexes}::int[]) AS i, unnest(${json}::text[]) AS kpis) x
          WHERE v.sweep_id = ${sweepId}::uuid AND v.variant_index = x.i`;
        await tx.sweep.update({ where: { id: sweepId }, data: { status, error, finishedAt: now } });
        return true;
      },
      { timeout: 60_000 },
    );
  }

  /** Active sweeps queued before `before` none of whose variants is still active: ready to summarize. */
  async settledActiveSweeps(before: Date, limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT w.id FROM sweeps w
      WHERE w.status IN ('QUEUED', 'RUNNING') AND w.queued_at < ${before}
        AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.sweep_id = w.id AND r.status IN ('QUEUED', 'RUNNING'))
      ORDER BY w.queued_at LIMIT ${limit}`;
    return rows.map((r) => r.id);
  }
}

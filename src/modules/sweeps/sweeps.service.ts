import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ENGINE_VERSION } from '../../engine/version.js';
import { SweepFlows } from '../../jobs/sweep-flows.js';
import { InvalidRunInputError, ScenarioNotFoundError, type RunStatus } from '../runs/run.types.js';
import { checkStartRunInput } from '../runs/runs.service.js';
import { checkVariantDocuments } from './sweep-documents.js';
import { tornadoBars, type TornadoBar } from './sweep-kpis.js';
import { planVariants } from './sweep-plan.js';
import {
  InvalidSweepInputError,
  SweepNotFoundError,
  SweepStateError,
  type SweepProgress,
  type SweepRecord,
  type SweepSpec,
  type SweepVariantRecord,
} from './sweep.types.js';
import { SweepsRepository, type SweepFilter } from './sweeps.repository.js';

const log = new Logger('SweepsService');

export const SWEEP_LIMITS = {
  maxPageSize: 100,
  maxVariantPage: 1_000,
  /** Jobs in one flow (variants x chunks): keeps one FlowProducer.add to a sane size. */
  maxJobs: 200_000,
} as const;

export interface StartSweepOptions {
  paths: number;
  seed: number;
  periods?: number | null;
  priority?: number | null;
  label?: string | null;
  chunkSize?: number | null;
}

/** The API side of sweeps: start (everything checked before anything is stored), read, cancel. */
@Injectable()
export class SweepsService {
  constructor(
    private readonly repository: SweepsRepository,
    private readonly flows: SweepFlows,
  ) {}

  /**
   * Checks the spec, the options and every variant's document, then stores the sweep with one
   * QUEUED run per variant (all with the sweep's seed: common random numbers) and adds the one
   * flow. A refused request stores and queues nothing.
   */
  async start(scenarioId: string, spec: SweepSpec, options: StartSweepOptions, now: Date): Promise<SweepRecord> {
    const plans = planVariants(spec);
    const head = await this.repository.scenarioHead(scenarioId);
    if (!head) throw new ScenarioNotFoundError(`scenario ${scenarioId} does not exist`);
    const docPeriods = (head.document as { periods?: unknown } | null)?.periods;
    let run;
    try {
      // One chunk per variant by default: the variants are the parallelism, and a one-chunk run
      // is a single job (no chunk row stored and read back).
      run = checkStartRunInput(
        { paths: options.paths, seed: options.seed, periods: options.periods, priority: options.priority, label: options.label, chunkSize: options.chunkSize ?? options.paths },
        typeof docPeriods === 'number' && Number.isInteger(docPeriods) ? docPeriods : 1,
      );
    } catch (err) {
      if (err instanceof InvalidRunInputError) throw new InvalidSweepInputError(`options.${err.field}`, err.message.slice(err.field.length + 2));
      throw err;
    }
    const jobs = plans.length * (run.chunksTotal + 1) + 1;
    if (jobs > SWEEP_LIMITS.maxJobs) {
      throw new InvalidSweepInputError('options.chunkSize', `${plans.length} variants of ${run.chunksTotal} chunks make ${jobs} jobs; at most ${SWEEP_LIMITS.maxJobs} (raise chunkSize)`);
    }
    await checkVariantDocuments(head.document, spec, plans);
    const sweepId = randomUUID();
    const variants = plans.map((p) => ({ ...p, runId: randomUUID() }));
    const sweep = await this.repository.create({
      id: sweepId,
      kind: spec.grid ? 'GRID' : 'TORNADO',
      spec: spec.grid ? { grid: spec.grid } : { tornado: spec.tornado },
      label: run.label,
      run: {
        scenarioId,
        scenarioVersionId: head.versionId,
        paths: run.paths,
        seed: run.seed,
        periods: run.periods,
        chunkSize: run.chunkSize,
        chunksTotal: run.chunksTotal,
        priority: run.priority,
        label: run.label,
        engineVersion: ENGINE_VERSION,
        contentHash: head.contentHash,
        queuedAt: now,
      },
      variants,
    });
    try {
      await this.flows.add(
        sweepId,
        run.priority,
        variants.map((v) => ({ runId: v.runId, generation: 0, paths: run.paths, chunkSize: run.chunkSize, chunksTotal: run.chunksTotal, priority: run.priority })),
      );
    } catch (err) {
      const message = `could not queue the sweep (${(err as Error).message})`;
      log.warn(`sweep ${sweepId}: ${message}`);
      await this.repository.markFailed(sweepId, message, now);
      return (await this.repository.find(sweepId)) ?? sweep;
    }
    return sweep;
  }

  async get(id: string): Promise<SweepRecord | null> {
    return this.repository.find(id);
  }

  async list(filter: SweepFilter, first: number, after?: string): Promise<SweepRecord[]> {
    if (!Number.isInteger(first) || first < 1 || first > SWEEP_LIMITS.maxPageSize) {
      throw new InvalidSweepInputError('first', `must be a whole number from 1 to ${SWEEP_LIMITS.maxPageSize}`);
    }
    return this.repository.list(filter, first, after);
  }

  async progress(id: string): Promise<SweepProgress> {
    return this.repository.progress(id);
  }

  /** The status to show: a stored QUEUED sweep with a variant started or finished reads RUNNING. */
  static displayStatus(sweep: SweepRecord, progress: SweepProgress): RunStatus {
    if (sweep.status !== 'QUEUED') return sweep.status;
    return progress.running + progress.succeeded + progress.failed + progress.cancelled > 0 || progress.chunksDone > 0 ? 'RUNNING' : 'QUEUED';
  }

  async variants(sweepId: string, first: number, afterIndex?: number | null): Promise<SweepVariantRecord[]> {
    if (!Number.isInteger(first) || first < 1 || first > SWEEP_LIMITS.maxVariantPage) {
      throw new InvalidSweepInputError('first', `must be a whole number from 1 to ${SWEEP_LIMITS.maxVariantPage}`);
    }
    return this.repository.variants(sweepId, first, afterIndex ?? -1);
  }

  /** Names of the KPIs the summary stored (the KPI table's columns). */
  async kpiNames(sweepId: string): Promise<string[]> {
    return this.repository.kpiNames(sweepId);
  }

  /** A tornado's bars for one KPI, sorted by swing; empty for a grid. */
  async tornado(sweep: SweepRecord, kpi: string): Promise<TornadoBar[]> {
    if (sweep.kind !== 'TORNADO' || !sweep.spec.tornado) return [];
    const variants = await this.repository.variants(sweep.id, sweep.variantsTotal);
    return tornadoBars(sweep.spec.tornado, variants, kpi);
  }

  /** QUEUED or RUNNING -> CANCELLED, with every active variant run; their waiting jobs are removed. */
  async cancel(id: string, now: Date): Promise<SweepRecord> {
    const cancelled = await this.repository.markCancelled(id, now);
    if (!cancelled) {
      const sweep = await this.repository.find(id);
      if (!sweep) throw new SweepNotFoundError(`sweep ${id} does not exist`);
      throw new SweepStateError(`sweep ${id} is ${sweep.status}; only QUEUED or RUNNING sweeps can be cancelled`);
    }
    const jobs = await this.repository.variantJobs(id);
    await this.flows.cancel(id, jobs).catch((err: Error) => log.warn(`cancel of sweep ${id}: ${err.message}`));
    return cancelled;
  }
}


import { Injectable, Logger } from '@nestjs/common';
import { flattenKpis } from './sweep-kpis.js';
import { SweepsRepository } from './sweeps.repository.js';

const log = new Logger('SweepSummary');

/** Sweeps younger than this are left to their summary job by the recovery pass. */
export const SWEEP_RECOVERY_GRACE_MS = 10_000;

export type SummaryResult = 'written' | 'skipped' | 'pending';

/**
 * The worker side of sweeps: once every variant's run has finished, flatten each variant's KPIs
 * into the KPI table and set the sweep's final status. Idempotent (a rerun rewrites the same
 * values; a sweep no longer active is left alone), so the summary job and the recovery pass may
 * both do it.
 */
@Injectable()
export class SweepSummary {
  constructor(private readonly repository: SweepsRepository) {}

  async summarize(sweepId: string, now: Date): Promise<SummaryResult> {
    const sweep = await this.repository.find(sweepId);
    if (!sweep || (sweep.status !== 'QUEUED' && sweep.status !== 'RUNNING')) return 'skipped';
    const outcomes = await this.repository.outcomes(sweepId);
    // A variant still active (e.g. a Redis restart re-added its run on its own): not yet.
    if (outcomes.some((o) => o.status === 'QUEUED' || o.status === 'RUNNING')) return 'pending';
    const kpis = outcomes.map((o) => ({
      index: o.index,
      kpis: o.status === 'SUCCEEDED' ? flattenKpis(o.kpis, { cumulativeTokens: o.cumulativeTokens }) : {},
    }));
    const bad = outcomes.filter((o) => o.status !== 'SUCCEEDED');
    const error = bad.length === 0 ? null : `${bad.length} of ${outcomes.length} variants did not succeed (first: variant ${bad[0]!.index}, run ${bad[0]!.runId}, ${bad[0]!.status})`;
    const written = await this.repository.finish(sweepId, kpis, bad.length === 0 ? 'SUCCEEDED' : 'FAILED', error, now);
    return written ? 'written' : 'skipped';
  }

  /** Summarizes settled sweeps whose summary job never came (lost with Redis, failed for good). */
  async recover(now: Date): Promise<number> {
    const ids = await this.repository.settledActiveSweeps(new Date(now.getTime() - SWEEP_RECOVERY_GRACE_MS), 20);
    let done = 0;
    for (const id of ids) {
      if ((await this.summarize(id, now)) === 'written') {
        log.warn(`sweep ${id}: summarized by the recovery pass`);
        done++;
      }
    }
    return done;
  }
}

import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/app-config.js';
import type { ResultRow } from '../../engine/monte-carlo/types.js';
import { replaceRunPathValues, replaceRunResults, type PathValueRow } from '../results/results-writer.repository.js';

const log = new Logger('RunFinalizer');

/**
 * The one transaction that makes a run's results visible: claim the run (it must still be active
 * in this generation), replace its result rows with COPY, set SUCCEEDED with its KPIs, drop its
 * chunk rows. Raw pg (COPY needs a client of its own), so it holds a small pool.
 */
@Injectable()
export class RunFinalizer implements OnModuleDestroy {
  private readonly pool: pg.Pool;

  constructor(config: AppConfig) {
    this.pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4, connectionTimeoutMillis: 5_000 });
    this.pool.on('error', (err) => log.warn(`idle database connection lost: ${err.message}`));
  }

  /**
   * Writes everything or nothing; false (and nothing written) when the run was cancelled, retried
   * or already finished meanwhile. The run row is locked first, so a concurrent cancel either
   * happens before (and this writes nothing) or waits and finds the run SUCCEEDED.
   */
  async succeed(
    runId: string,
    generation: number,
    rows: readonly ResultRow[],
    pathValues: readonly PathValueRow[],
    kpis: unknown,
    now: Date,
  ): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const claimed = await client.query(
        `UPDATE runs SET status = 'SUCCEEDED', kpis = $3::jsonb, finished_at = $4, chunks_done = chunks_total, error = NULL
         WHERE id = $1 AND generation = $2 AND status IN ('QUEUED', 'RUNNING')`,
        [runId, generation, JSON.stringify(kpis), now],
      );
      if (claimed.rowCount !== 1) {
        await client.query('ROLLBACK');
        return false;
      }
      await replaceRunResults(client, runId, rows);
      await replaceRunPathValues(client, runId, pathValues);
      await client.query('DELETE FROM run_chunks WHERE run_id = $1', [runId]);
      await client.query('COMMIT');
      return true;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}

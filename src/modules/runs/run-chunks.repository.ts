import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/app-config.js';
import { ACTIVE_STATUSES, progressOf, type RunProgressEvent, type RunStatus } from './run.types.js';

const log = new Logger('RunChunksRepository');

/**
 * Chunk bytes in and out of run_chunks over raw pg: exact-mode chunks are tens of MB, which
 * Prisma's query layer moves slowly (a 40 MB upsert took ~10 s and ~500 MB of memory; raw pg
 * sends the Buffer as one bytea parameter).
 */
@Injectable()
export class RunChunksRepository implements OnModuleDestroy {
  private readonly pool: pg.Pool;

  constructor(config: AppConfig) {
    this.pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4, connectionTimeoutMillis: 5_000 });
    this.pool.on('error', (err) => log.warn(`idle database connection lost: ${err.message}`));
  }

  /**
   * Stores a chunk's result keyed (run, chunk), replacing a row of an earlier attempt, and sets
   * chunks_done to the number of stored chunks of this generation (a count, so a rerun never
   * counts twice). The run row is locked first, so a concurrent cancel or retry cannot interleave;
   * nothing is written when the run is no longer active in this generation (returns null).
   */
  async save(
    runId: string,
    generation: number,
    chunk: { chunkIndex: number; firstPath: number; endPath: number; data: Uint8Array },
  ): Promise<RunProgressEvent | null> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const locked = await client.query<{ status: RunStatus; generation: number }>(
        'SELECT status::text AS status, generation FROM runs WHERE id = $1 FOR UPDATE',
        [runId],
      );
      const state = locked.rows[0];
      if (!state || state.generation !== generation || !ACTIVE_STATUSES.includes(state.status)) {
        await client.query('ROLLBACK');
        return null;
      }
      await client.query(
        `INSERT INTO run_chunks (run_id, chunk_index, generation, first_path, end_path, data)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (run_id, chunk_index) DO UPDATE
         SET generation = EXCLUDED.generation, first_path = EXCLUDED.first_path, end_path = EXCLUDED.end_path,
             data = EXCLUDED.data, created_at = CURRENT_TIMESTAMP`,
        [runId, chunk.chunkIndex, generation, chunk.firstPath, chunk.endPath, Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength)],
      );
      const updated = await client.query<{ status: RunStatus; chunks_done: number; chunks_total: number; error: string | null }>(
        `UPDATE runs SET chunks_done = (SELECT count(*) FROM run_chunks WHERE run_id = $1 AND generation = $2)
         WHERE id = $1 RETURNING status::text AS status, chunks_done, chunks_total, error`,
        [runId, generation],
      );
      await client.query('COMMIT');
      const r = updated.rows[0]!;
      const run = { status: r.status, chunksDone: r.chunks_done, chunksTotal: r.chunks_total };
      return { runId, ...run, progress: progressOf(run), error: r.error };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** One stored chunk's bytes (read one at a time: exact-mode chunks can be tens of MB). */
  async data(runId: string, chunkIndex: number): Promise<Uint8Array> {
    // Text format on purpose: pg's binary result mode does not parse bytea back into the same bytes.
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM run_chunks WHERE run_id = $1 AND chunk_index = $2', [runId, chunkIndex]);
    if (!rows[0]) throw new Error(`chunk ${chunkIndex} of run ${runId} is not stored`);
    return rows[0].data;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}

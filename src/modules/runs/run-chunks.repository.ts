import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
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

  /**
   * One stored chunk's bytes (read one at a time: exact-mode chunks can be tens of MB), through
   * COPY in binary format: the raw bytes, where a plain SELECT sends bytea as hex text (twice the
   * size, decoded on both sides; pg's binary result mode does not return bytea as bytes).
   */
  async data(runId: string, chunkIndex: number): Promise<Uint8Array> {
    const client = await this.pool.connect();
    try {
      const sql = `COPY (SELECT data FROM run_chunks WHERE run_id = ${client.escapeLiteral(runId)} AND chunk_index = ${Number(chunkIndex)}) TO STDOUT (FORMAT binary)`;
      const parts: Buffer[] = [];
      for await (const part of client.query(copyStreams.to(sql))) parts.push(part as Buffer);
      const bytes = firstBinaryCopyField(Buffer.concat(parts));
      if (!bytes) throw new Error(`chunk ${chunkIndex} of run ${runId} is not stored`);
      return bytes;
    } finally {
      client.release();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}

/** PGCOPY signature, then int32 flags and int32 header-extension length (PostgreSQL's COPY docs). */
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The first field of the first tuple of a binary COPY, or null when there is no tuple. Copied to
 * a buffer of its own: the chunk codec views it through typed arrays, which need aligned offsets.
 */
export function firstBinaryCopyField(copy: Buffer): Uint8Array | null {
  if (copy.length < COPY_SIGNATURE.length + 8 || !copy.subarray(0, COPY_SIGNATURE.length).equals(COPY_SIGNATURE)) {
    throw new Error('not a binary COPY stream');
  }
  let at = COPY_SIGNATURE.length + 4;
  at += 4 + copy.readInt32BE(at);
  const fields = copy.readInt16BE(at);
  if (fields === -1) return null;
  const length = copy.readInt32BE(at + 2);
  if (fields < 1 || length < 0) throw new Error('unexpected binary COPY tuple');
  return Uint8Array.prototype.slice.call(copy, at + 6, at + 6 + length);
}

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Prisma } from '../../src/generated/prisma/client.js';
import { PrismaService } from '../../src/modules/database/prisma.service.js';
import { PingRepository } from '../../src/modules/ping/ping.repository.js';
import { readMigrations } from '../../scripts/lib/migrations.js';
import { MIGRATIONS_DIR } from '../helpers/test-env.js';
import { useTestContext } from '../helpers/test-context.js';

/** The client's own picture of the schema (generated from schema.prisma). Internal, test-only. */
interface RuntimeField {
  name: string;
  kind: 'scalar' | 'enum' | 'object';
  dbName?: string;
}
interface RuntimeModel {
  dbName: string | null;
  fields: RuntimeField[];
}

const ctx = useTestContext();

describe('the migrated database agrees with schema.prisma', () => {
  let prisma: PrismaService;
  let db: pg.Client;

  beforeAll(async () => {
    prisma = new PrismaService(ctx.config);
    db = new pg.Client({ connectionString: ctx.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await prisma?.$disconnect();
  });

  const models = (): [string, RuntimeModel][] => {
    const dataModel = (prisma as unknown as { _runtimeDataModel?: { models: Record<string, RuntimeModel> } })._runtimeDataModel;
    if (!dataModel) throw new Error('Prisma client no longer exposes _runtimeDataModel: update this test');
    return Object.values(Prisma.ModelName).map((name) => [name, dataModel.models[name]!]);
  };

  it('has applied every migration folder, recorded with its file checksum', async () => {
    const files = await readMigrations(MIGRATIONS_DIR);
    const { rows } = await db.query('SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows).toEqual(files.map((f) => ({ migration_name: f.name, checksum: f.checksum })));
  });

  it('answers a query through every model (each table and mapped column exists)', async () => {
    for (const [name] of models()) {
      const delegate = (prisma as unknown as Record<string, { findMany(args: object): Promise<unknown[]> }>)[
        name[0]!.toLowerCase() + name.slice(1)
      ]!;
      await expect(delegate.findMany({ take: 1 })).resolves.toBeInstanceOf(Array);
    }
  });

  it('has no column the client does not know about (which would break its inserts)', async () => {
    for (const [name, model] of models()) {
      const table = model.dbName ?? name;
      const { rows } = await db.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        [table],
      );
      const expected = model.fields.filter((f) => f.kind !== 'object').map((f) => f.dbName ?? f.name);
      expect({ table, columns: rows.map((r) => r.column_name).sort() }).toEqual({ table, columns: [...expected].sort() });
    }
  });

  it('stores a ping result keyed by job id, so a redelivered job replaces its row', async () => {
    const repository = new PingRepository(prisma);
    const first = {
      id: 'job-1',
      message: 'm',
      reply: 'pong: m',
      workerPid: 11,
      enqueuedAt: new Date('2026-01-01T00:00:00.000Z'),
      processedAt: new Date('2026-01-01T00:00:01.000Z'),
    };
    await repository.save(first);
    await repository.save({ ...first, workerPid: 22, processedAt: new Date('2026-01-01T00:00:05.000Z') });
    expect(await repository.find('job-1')).toEqual({ ...first, workerPid: 22, processedAt: new Date('2026-01-01T00:00:05.000Z') });
    const { rows } = await db.query('SELECT count(*)::int AS n FROM ping_results');
    expect(rows[0].n).toBe(1);
  });
});

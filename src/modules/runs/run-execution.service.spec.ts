import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '../../config/app-config.js';
import { deserializeChunk, serializeChunk } from '../../engine/monte-carlo/chunk-codec.js';
import { aggregationMode, finalize, mergeChunks, runChunk } from '../../engine/monte-carlo/chunk.js';
import type { ResultRow, RunOptions } from '../../engine/monte-carlo/types.js';
import { loadPreset } from '../../engine/presets/presets.js';
import { validateScenario } from '../../engine/scenario/validate-scenario.js';
import type { PathValueRow } from '../results/results-writer.repository.js';
import type { RunChunksRepository } from './run-chunks.repository.js';
import type { RunFinalizer } from './run-finalizer.repository.js';
import type { RunProgressBus } from './run-progress.bus.js';
import { RunExecution } from './run-execution.service.js';
import { RunThreads } from './run-threads.js';
import type { RunJobContext } from './run.types.js';
import type { RunsRepository } from './runs.repository.js';

const document = loadPreset('three-labs')!;
const valid = validateScenario(document);
if (!valid.ok) throw new Error('three-labs must validate');
const doc = valid.doc;
/** From the .ts sources there is no thread entry: jobs simulate on their own thread (test/runs covers threads). */
const threads = new RunThreads({ workerThreads: 2, workerConcurrency: 1 } as AppConfig);

/** Stored chunks [0,2), [2,5), [5,7) of a 7-path, 3-period run, as the chunk jobs leave them. */
function setup(opts: RunOptions) {
  const bounds = [
    [0, 2],
    [2, 5],
    [5, 7],
  ];
  const stored = bounds.map(([a, b]) => serializeChunk(runChunk(doc, opts, a!, b!)));
  const ctx: RunJobContext = {
    id: 'run-1',
    status: 'RUNNING',
    generation: 0,
    scenarioVersionId: 'v1',
    document,
    overrides: null,
    paths: opts.paths,
    seed: opts.seed,
    periods: opts.periods!,
    chunksTotal: 3,
    keepPaths: true,
  };
  const written: { rows?: readonly ResultRow[]; pathValues?: readonly PathValueRow[] } = {};
  const repository = {
    jobContext: async () => ctx,
    chunkIndexes: async () => (ctx.chunksTotal === 1 ? [] : [0, 1, 2]),
    markRunning: async () => undefined,
    state: async () => ctx,
    find: async () => null,
  } as unknown as RunsRepository;
  const chunkStore = { data: async (_run: string, i: number) => stored[i]! } as unknown as RunChunksRepository;
  const finalizer = {
    succeed: async (_id: string, _g: number, rows: readonly ResultRow[], pathValues: readonly PathValueRow[]) => {
      written.rows = rows;
      written.pathValues = pathValues;
      return true;
    },
  } as unknown as RunFinalizer;
  const bus = { publish: async () => undefined } as unknown as RunProgressBus;
  return { sut: new RunExecution(repository, chunkStore, finalizer, bus, threads), written, ctx };
}

describe(RunExecution.name, () => {
  it.each([
    ['exact', { paths: 7, seed: 4, periods: 3 }],
    ['sketch', { paths: 7, seed: 4, periods: 3, exactPathLimit: 3 }],
  ] as const)('merges %s-mode stored chunks in order into the rows of one chunk of all paths', async (_mode, opts) => {
    const { sut, written } = setup(opts);
    const done = await sut.merge('run-1', 0, 3, () => new Date(0));
    const expected = finalize(runChunk(doc, opts, 0, 7));
    expect(done).toEqual({ rows: expected.length, threads: 0 });
    expect(written.rows).toEqual(expected);
  });

  it('keeps every path\'s values for keepPaths runs (exact mode), each aggregate\'s median among them', async () => {
    const { sut, written } = setup({ paths: 7, seed: 4, periods: 3 });
    await sut.merge('run-1', 0, 3, () => new Date(0));
    const price = written.pathValues!.filter((v) => v.entityType === 'model' && v.entity === 'frontier-4o' && v.metric === 'price' && v.period === 0);
    expect(price.map((v) => v.path)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const row = written.rows!.find((r) => r.entityType === 'model' && r.entity === 'frontier-4o' && r.metric === 'price' && r.period === 0)!;
    // 7 values: the median is the 4th smallest.
    expect(row.p50).toBe(price.map((v) => v.value).sort((a, b) => a - b)[3]);
  });

  it.each([
    ['exact', { paths: 25, seed: 4, periods: 3 }],
    ['sketch', { paths: 25, seed: 4, periods: 3, exactPathLimit: 3 }],
  ] as const)('runs a one-chunk %s run in its merge job alone, with the rows of the same run in chunks', async (_mode, opts) => {
    const { sut, written, ctx } = setup(opts);
    ctx.chunksTotal = 1;
    await sut.merge('run-1', 0, 1, () => new Date(0));
    const chunks = [runChunk(doc, opts, 0, 9), runChunk(doc, opts, 9, 18), runChunk(doc, opts, 18, 25)];
    expect(written.rows).toEqual(finalize(mergeChunks(chunks)));
  });

  it('refuses to merge when a chunk is missing (a transient state: the job retries)', async () => {
    const { sut } = setup({ paths: 7, seed: 4, periods: 3 });
    await expect(sut.merge('run-1', 0, 4, () => new Date(0))).rejects.toThrow(/3 of 4 chunks/);
  });

  it.each([
    ['a sketch chunk that is not the run\'s last', 2100, 0, 1500, 'sketch'],
    ['the last sketch chunk', 2100, 1500, 2100, 'sketch'],
    ['an exact chunk that is not the run\'s last', 60, 10, 35, 'exact'],
  ])('stores %s (grown in place) as the engine summarises those paths', async (_what, paths, firstPath, endPath, mode) => {
    const opts = { paths, seed: 9, periods: 2 };
    expect(aggregationMode(opts)).toBe(mode);
    const { ctx } = setup({ paths: 7, seed: 4, periods: 3 });
    Object.assign(ctx, opts, { chunksTotal: 2, keepPaths: false });
    let data: Buffer | undefined;
    const repository = { jobContext: async () => ctx, hasChunk: async () => false, markRunning: async () => undefined, state: async () => ctx } as unknown as RunsRepository;
    const chunkStore = { save: async (_r: string, _g: number, chunk: { data: Buffer }) => ((data = chunk.data), { runId: 'run-1' }) } as unknown as RunChunksRepository;
    const bus = { publish: async () => undefined } as unknown as RunProgressBus;
    const sut = new RunExecution(repository, chunkStore, {} as RunFinalizer, bus, threads);
    expect(await sut.runChunk('run-1', 0, 0, firstPath, endPath, () => new Date(0))).toEqual({ result: 'stored', threads: 1 });
    const stored = deserializeChunk(data!);
    expect([stored.firstPath, stored.endPath]).toEqual([firstPath, endPath]);
    expect(finalize(stored)).toEqual(finalize(runChunk(doc, opts, firstPath, endPath)));
  });
});

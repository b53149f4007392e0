/**
 * Monte Carlo aggregation benchmark (not a test): the engine's cost beside simulation, for the
 * deepseek preset. Simulation is replaced by 200 precomputed paths handed back in turn, so what
 * is timed is timelines, storing values, sketch cells and finalize (runMonteCarlo), and the job
 * pipeline's engine side for 4 chunks: encode, decode and merge (as the merge job: sketch chunks
 * folded from their bytes), finalize, with the chunk's bytes.
 *
 *   npx tsx bench/aggregation.bench.ts --paths 1000                      # exact mode
 *   npx tsx bench/aggregation.bench.ts --paths 1000 --exact-limit 100    # sketch mode
 *   npx tsx bench/aggregation.bench.ts --paths 10000                     # sketch, 4 chunks of 2,500 as a 10,000-path run
 *
 * Prints one JSON line; CPU seconds of this process (process.cpuUsage).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { deserializeChunk, serializeChunk } from '../src/engine/monte-carlo/chunk-codec.js';
import { finalize, mergeChunks, runChunk, SketchAccumulator, type SimulateFn } from '../src/engine/monte-carlo/chunk.js';
import { runMonteCarlo } from '../src/engine/monte-carlo/run-monte-carlo.js';
import { loadPreset } from '../src/engine/presets/presets.js';
import { pathStream } from '../src/engine/random/path-stream.js';
import { buildTimeline } from '../src/engine/scenario/build-timeline.js';
import { simulatePath } from '../src/engine/simulation/simulate-path.js';
import type { ChunkResult } from '../src/engine/monte-carlo/types.js';

const { values } = parseArgs({ options: { paths: { type: 'string' }, 'exact-limit': { type: 'string' } } });
const paths = Number(values.paths ?? '1000');
const exactPathLimit = values['exact-limit'] === undefined ? undefined : Number(values['exact-limit']);
const doc = loadPreset('deepseek-debates-2025')!;
const results = Array.from({ length: 200 }, (_, i) => simulatePath(buildTimeline(doc, pathStream(1, i))));
let next = 0;
const simulate: SimulateFn = () => results[next++ % results.length]!;
const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const seconds = (t0: number): number => +(cpu() - t0).toFixed(3);
const opts = { paths, seed: 1, exactPathLimit };

let t0 = cpu();
const rows = runMonteCarlo(doc, opts, { simulate });
const runMonteCarloCpuSeconds = seconds(t0);

const size = Math.ceil(paths / 4);
const chunks = [0, 1, 2, 3].map((k) => runChunk(doc, opts, Math.min(paths, k * size), Math.min(paths, (k + 1) * size), simulate));
t0 = cpu();
const bytes = chunks.map((c) => serializeChunk(c));
const encode = seconds(t0);
// As the merge job does it: sketch chunks folded from their bytes, exact ones decoded and merged once.
t0 = cpu();
let merged: ChunkResult;
if (chunks[0]!.mode === 'sketch') {
  const sketch = new SketchAccumulator();
  for (const b of bytes) sketch.addBytes(b);
  merged = sketch.result();
} else {
  merged = mergeChunks(bytes.map((b) => deserializeChunk(b)));
}
const decodeMerge = seconds(t0);
t0 = cpu();
finalize(merged);
const finalizeCpu = seconds(t0);

process.stdout.write(
  `${JSON.stringify({
    paths,
    mode: merged.mode,
    rows: rows.length,
    runMonteCarloCpuSeconds,
    pipeline: { chunkPaths: size, bytesPerChunk: bytes[0]!.length, encode, decodeMerge, finalize: finalizeCpu },
    loadAverage: loadavg()[0]!.toFixed(2),
  })}\n`,
);

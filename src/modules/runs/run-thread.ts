/**
 * A helper thread of a worker process (started by RunThreads): simulates the path ranges it is
 * sent exactly as a job's main thread does (growChunk into one chunk sized for the range) and
 * sends the chunk back; between blocks of paths it looks at the cancel flag its job may set.
 * Or it finalizes the share of a merged exact chunk's keys it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LruMap } from '../../core/lru-map.js';
import { serializeChunk } from '../../engine/monte-carlo/chunk-codec.js';
import { finalize, growChunk, runChunk, SKETCH_BATCH_PATHS } from '../../engine/monte-carlo/chunk.js';
import type { ScenarioDoc } from '../../engine/scenario/types.js';
import { simulatePath } from '../../engine/simulation/simulate-path.js';
import { buffersOf, PATHS_PER_BLOCK, type SimulateTask, type ThreadData, type ThreadReply, type ThreadTask } from './run-thread-protocol.js';

/** Documents kept by key, so the engine's per-document plans (WeakMaps) outlive one task. */
const DOC_CACHE_SIZE = 4;

const port = parentPort!;
const cancel = new Int32Array((workerData as ThreadData).cancel);
const docs = new LruMap<string, ScenarioDoc>(DOC_CACHE_SIZE);

function documentOf(task: SimulateTask): ScenarioDoc {
  const cached = docs.get(task.docKey);
  if (cached) return cached;
  docs.set(task.docKey, task.doc);
  return task.doc;
}

function simulateRange(task: SimulateTask): ThreadReply {
  const doc = documentOf(task);
  const { opts, firstPath, endPath } = task;
  const chunk = runChunk(doc, opts, firstPath, firstPath);
  const blockPaths = chunk.mode === 'sketch' ? SKETCH_BATCH_PATHS : PATHS_PER_BLOCK;
  for (let first = firstPath; first < endPath; first += blockPaths) {
    if (Atomics.load(cancel, 0) !== 0) return { kind: 'cancelled' };
    growChunk(chunk, doc, opts, Math.min(endPath, first + blockPaths), simulatePath, endPath);
  }
  return chunk.mode === 'exact' ? { kind: 'exact', chunk } : { kind: 'sketch', bytes: serializeChunk(chunk) };
}

function transferList(reply: ThreadReply): ArrayBuffer[] {
  if (reply.kind === 'exact') return buffersOf(reply.chunk.values);
  if (reply.kind === 'rows') return buffersOf(reply.values);
  return reply.kind === 'sketch' ? [reply.bytes.buffer as ArrayBuffer] : [];
}

port.on('message', (task: ThreadTask) => {
  let reply: ThreadReply;
  try {
    reply = task.kind === 'simulate' ? simulateRange(task) : { kind: 'rows', rows: finalize(task.chunk), values: task.chunk.values };
  } catch (err) {
    reply = { kind: 'failed', message: (err as Error).stack ?? String(err) };
  }
  port.postMessage(reply, transferList(reply));
});

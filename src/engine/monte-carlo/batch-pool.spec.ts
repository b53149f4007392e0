import { describe, expect, it } from '@jest/globals';
import { growChunk, runChunk, type SimulateFn } from './chunk.js';
import { serializeChunk } from './chunk-codec.js';
import type { RunOptions } from './types.js';
import { validateScenario } from '../scenario/validate-scenario.js';
import type { ScenarioDoc } from '../scenario/types.js';
import { simulatePath } from '../simulation/simulate-path.js';

// a dynamic import keeps the JSON import attribute through @swc/jest
const threeLabs = (await import('../scenario/fixtures/three-labs.json', { with: { type: 'json' } })).default;

/* eslint-disable @typescript-eslint/no-explicit-any */
function docWithDraws(): ScenarioDoc {
  const d: any = structuredClone(threeLabs);
  d.periods = 7;
  d.labs[0].brand = { dist: 'normal', mean: 0.5, sd: 0.3 };
  d.labs[1].brand = { dist: 'uniform', min: -1, max: 1, perPeriod: true };
  const r = validateScenario(d);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.doc;
}

/** The series of a path as copies, in a map of their own (nothing in place in the batch). */
const copying =
  (change: (key: string, values: Float64Array) => Float64Array = (_, v) => v): SimulateFn =>
  (timeline) => {
    const r = simulatePath(timeline);
    return { series: new Map([...r.series].map(([k, v]) => [k, change(k, v.slice())])) };
  };

function sketchBytes(doc: ScenarioDoc, opts: RunOptions, simulate: SimulateFn, block: number): Buffer {
  const chunk = runChunk(doc, opts, 3, 3, simulate);
  for (let end = 3; end < opts.paths; ) growChunk(chunk, doc, opts, (end = Math.min(opts.paths, end + block)), simulate);
  expect(chunk.mode).toBe('sketch');
  return serializeChunk(chunk);
}

describe('sketch batches written in place', () => {
  const doc = docWithDraws();
  const opts: RunOptions = { paths: 100, seed: 4, exactPathLimit: 10 };

  it('give the chunk of copied series (the same batches)', () => {
    for (const block of [1, 37, 200]) expect(sketchBytes(doc, opts, simulatePath, block).equals(sketchBytes(doc, opts, copying(), block))).toBe(true);
  });

  it('copy in the series a simulate function moved out of place', () => {
    const doubleMarket = (key: string, v: Float64Array) => (key.startsWith('market|') ? v.map((x) => 2 * x) : v);
    const moved: SimulateFn = (timeline, pool) => {
      const r = simulatePath(timeline, pool);
      return { series: new Map([...r.series].map(([k, v]) => [k, doubleMarket(k, v)])), buffers: r.buffers };
    };
    expect(sketchBytes(doc, opts, moved, 37).equals(sketchBytes(doc, opts, copying(doubleMarket), 37))).toBe(true);
  });
});

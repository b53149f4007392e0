/** The real engine behind the simulate command: the one validator and the in-process Monte Carlo. */
import { runMonteCarlo } from '../engine/monte-carlo/run-monte-carlo.js';
import { validateScenario } from '../engine/scenario/validate-scenario.js';
import type { EngineDeps } from './simulate.js';

export const engineDeps: EngineDeps = {
  validate: validateScenario,
  run: (doc, opts, chunkSize, onChunk) => runMonteCarlo(doc, opts, { chunkPaths: chunkSize, onChunk }),
};

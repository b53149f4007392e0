/** The real engine behind the simulate command. (Wired to E2's Monte Carlo once it lands.) */
import { validateScenario } from '../engine/scenario/validate-scenario.js';
import type { EngineDeps } from './simulate.js';

export const engineDeps: EngineDeps = {
  validate: validateScenario,
  run() {
    throw new Error('Monte Carlo is not wired into the CLI yet');
  },
};

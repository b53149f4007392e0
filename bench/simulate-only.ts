/**
 * Simulation alone, no aggregation (not a test): CPU microseconds a path for the timeline and
 * simulatePath, after 300 warm-up paths, to split the engine benchmark's time between the
 * simulation and the Monte Carlo aggregation.
 *
 *   npx tsx bench/simulate-only.ts [preset | synthetic] [paths = 2000]
 */
import { loadPreset } from '../src/engine/presets/presets.js';
import { pathStream } from '../src/engine/random/path-stream.js';
import { buildTimeline } from '../src/engine/scenario/build-timeline.js';
import { simulatePath } from '../src/engine/simulation/simulate-path.js';
import { syntheticScenario } from './synthetic-scenario.js';

const which = process.argv[2] ?? 'preset';
const paths = Number(process.argv[3] ?? 2000);
const doc = which === 'synthetic' ? syntheticScenario() : loadPreset('deepseek-debates-2025')!;
for (let i = 0; i < 300; i++) simulatePath(buildTimeline(doc, pathStream(2, i)));
const start = process.cpuUsage();
for (let i = 0; i < paths; i++) simulatePath(buildTimeline(doc, pathStream(1, i)));
const used = process.cpuUsage(start);
console.log(`${which}: ${((used.user + used.system) / paths).toFixed(0)} CPU us a path (${paths} paths)`);

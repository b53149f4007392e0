/**
 * The period loop's per-model arrays, one set per thread: the frame in use holds these arrays as
 * its own (one frame is in use at a time in a thread: simulatePath builds a frame only after it
 * has released the previous one), and buildFrame sets them up for its scenario.
 *
 * Why module-level: as with the capacity scratch (capacity/capacity-scratch.ts), optimised code
 * checks a typed array again after each loop head (its map, then a load of its length and data
 * pointer, ~10 instructions) unless the array is a field of a module-level constant that keeps its
 * first value: V8 then folds the array, its length and its data pointer into the code. stepPeriod's
 * loops over the available models touch about twenty arrays each. `growPeriodScratch` replaces
 * arrays that are too small; the code that folded them is then deoptimised once and afterwards
 * reads the fields like any others (correct, only slower).
 */
import { TypedSlab } from '../typed-slab.js';
import type { Frame } from './period-frame.js';
import type { PreparedScenario } from './prepare-scenario.js';

/** Models, (model, segment) pairs and labs the first set covers. */
const MODELS = 256;
const PAIRS = 4096;
const LABS = 256;

/**
 * The frame's arrays the scratch holds, Frame's own fields: its state (hours, costs, previous and
 * history prices, model and available-model indexes), its (model, segment) pairs and the per-lab
 * sums of a period (stepPeriod zeroes them each period).
 */
type FrameArrays = Pick<
  Frame,
  | 'hours'
  | 'effHours'
  | 'cost'
  | 'prevPrice'
  | 'prevCost'
  | 'historyPrice'
  | 'globalModel'
  | 'availableModels'
  | 'shareStart'
  | 'sharePosition'
  | 'revenue'
  | 'servingCost'
  | 'trainingCost'
  | 'rented'
>;

export interface PeriodScratch extends FrameArrays {
  /** Models, pairs and labs the arrays cover. */
  models: number;
  pairs: number;
  labs: number;
  // The frame's prepared scenario, per model (copied by claimPeriodScratch; never changes while the frame is in use).
  lab: Int32Array;
  tier: Int32Array;
  capability: Float64Array;
  /** 1 when the model's lab rents its serving GPUs (cloud burst), else 0. */
  burst: Uint8Array;
  /** TCO per GPU-hour of the model's GPU type. */
  gpuTco: Float64Array;
  /** 1 when the model has a price history (prepared historyPrice), else 0. */
  hasHistory: Uint8Array;
}

function scratchOf(models: number, pairs: number, labs: number): PeriodScratch {
  const slab = new TypedSlab(8 * models + 4 * labs, 5 * models + 1 + pairs, 2 * models);
  return {
    models,
    pairs,
    labs,
    hours: slab.float64(models),
    effHours: slab.float64(models),
    cost: slab.float64(models),
    prevPrice: slab.float64(models),
    prevCost: slab.float64(models),
    historyPrice: slab.float64(models),
    globalModel: slab.int32(models),
    availableModels: slab.int32(models),
    lab: slab.int32(models),
    tier: slab.int32(models),
    capability: slab.float64(models),
    burst: slab.uint8(models),
    gpuTco: slab.float64(models),
    hasHistory: slab.uint8(models),
    shareStart: slab.int32(models + 1),
    sharePosition: slab.int32(pairs),
    revenue: slab.float64(labs),
    servingCost: slab.float64(labs),
    trainingCost: slab.float64(labs),
    rented: slab.float64(labs),
  };
}

export const periodScratch: PeriodScratch = scratchOf(MODELS, PAIRS, LABS);

/** Makes the scratch cover a frame's sizes: a no-op unless one exceeds what it covers. */
function growPeriodScratch(models: number, pairs: number, labs: number): void {
  const s = periodScratch;
  if (models <= s.models && pairs <= s.pairs && labs <= s.labs) return;
  Object.assign(s, scratchOf(Math.max(models, s.models), Math.max(pairs, s.pairs), Math.max(labs, s.labs)));
}

/**
 * The scratch for a new frame of `p` with `pairs` eligible (model, segment) pairs: the state
 * arrays' first modelCount (labCount) entries as a new frame's (zero, and the prepared h_j in `hours`), the
 * per-model facts copied from `p`. The pairs' lists are the caller's to fill.
 */
export function claimPeriodScratch(p: PreparedScenario, pairs: number): PeriodScratch {
  const m = p.modelCount;
  growPeriodScratch(m, pairs, p.labCount);
  const s = periodScratch;
  s.revenue.fill(0, 0, p.labCount);
  s.servingCost.fill(0, 0, p.labCount);
  s.trainingCost.fill(0, 0, p.labCount);
  s.rented.fill(0, 0, p.labCount);
  s.effHours.fill(0, 0, m);
  s.cost.fill(0, 0, m);
  s.prevPrice.fill(0, 0, m);
  s.prevCost.fill(0, 0, m);
  s.historyPrice.fill(0, 0, m);
  s.availableModels.fill(0, 0, m);
  s.hours.set(p.rawHours);
  s.lab.set(p.lab);
  s.tier.set(p.tier);
  s.capability.set(p.capability);
  for (let j = 0; j < m; j++) {
    s.burst[j] = p.cloudBurst[p.lab[j]!]!;
    s.gpuTco[j] = p.tcoPerHour[p.gpu[j]!]!;
    s.hasHistory[j] = p.historyPrice[j] !== undefined ? 1 : 0;
  }
  return s;
}

/**
 * Types, constants and preallocated buffers of the NASH solver (MODEL.md section 4, NASH).
 */
import { createDemandPlan, type DemandPlan } from '../demand/demand-plan.js';
import { createDemandOutput, type DemandOutput, type SegmentArrays } from '../demand/types.js';

/** |FOC_j| / x_j below this is converged (MODEL.md section 4). */
export const NASH_TOLERANCE = 1e-9;
/**
 * Iterations (Newton steps and sweeps) before the last iterate stands and the period reports
 * nashConverged = 0. Most markets converge in a few; some that need sweeps took over 100 in random
 * searches (docs/model-notes.md, NASH).
 */
export const NASH_MAX_ITERATIONS = 200;
/**
 * Without maxChangePerPeriod a NASH price has no upper bound, and where demand is inelastic
 * (eta <= 1) profit rises without limit; the solver then stops at 1e6 x the largest cost in the
 * market (the model's own, or a sibling's whose losses its price may be raised to curb) and
 * reports nashConverged = 0 (docs/model-notes.md, "NASH").
 */
export const NASH_PRICE_CAP_MULTIPLE = 1e6;
/** Merits remembered by the non-monotone line search. */
export const MERIT_MEMORY = 8;
/** Largest Newton step in log price (a factor e). */
export const MAX_LOG_STEP = 1;

/** The market the NASH labs price into: every available model, all segments. */
export interface NashMarket {
  modelCount: number;
  labCount: number;
  available: Uint8Array;
  cost: Float64Array;
  tier: Int32Array;
  capability: Float64Array;
  lab: Int32Array;
  brand: Float64Array;
  segments: SegmentArrays;
}

/** The NASH prices to solve: model indices and their bounds [lo, hi] (hi may be the artificial cap). */
export interface NashProblem {
  count: number;
  model: Int32Array;
  lo: Float64Array;
  hi: Float64Array;
  /** 1 when hi is the artificial cap (NASH_PRICE_CAP_MULTIPLE x the largest cost) rather than a real bound. */
  hiIsCap: Uint8Array;
  /** Starting price (inside [lo, hi]). */
  start: Float64Array;
}

/** Preallocated buffers of the solver. */
export interface NashWorkspace {
  demand: DemandOutput;
  /** Demand at the start prices, for repricing the NASH models only. */
  plan: DemandPlan;
  /** Per NASH model: residual R_n = FOC_j / x_j, and scratch. */
  residual: Float64Array;
  trialResidual: Float64Array;
  logPrice: Float64Array;
  trialLogPrice: Float64Array;
  step: Float64Array;
  /** Per NASH price: its price before a sweep's lab-wide shift. */
  shiftBase: Float64Array;
  free: Int32Array;
  /** Per NASH price: its model's lab. */
  labOf: Int32Array;
  /** Per (lab, segment): M_fk = sum over the lab's models of (p_i - c_i) s_ik. */
  labMargin: Float64Array;
  /** Per segment: ln Q_k (filled only when some NASH model's demand underflows). */
  logVolume: Float64Array;
  /** Per (NASH model, segment): weight of segment k in x_j, and h_jk. */
  weight: Float64Array;
  h: Float64Array;
  /** Jacobian factors per (free model, segment), and its diagonal part per free model. */
  rowA: Float64Array;
  rowB: Float64Array;
  colS: Float64Array;
  colE: Float64Array;
  diag: Float64Array;
  /** Per NASH price: log bounds and the full Newton step; reduced system and its right side. */
  logLo: Float64Array;
  logHi: Float64Array;
  fullStep: Float64Array;
  reduced: Float64Array;
  rhs: Float64Array;
  meritHistory: Float64Array;
  /** Structured solve: free rows grouped by lab, per-lab LU blocks, and the K x K coupling system. */
  labStart: Int32Array;
  labCursor: Int32Array;
  order: Int32Array;
  /** Per column of the lab block being assembled: its offset in colE. */
  blockColumns: Int32Array;
  blocks: Float64Array;
  pivots: Int32Array;
  solved: Float64Array;
  coupling: Float64Array;
  couplingRhs: Float64Array;
  couplingPivots: Int32Array;
  /** Per segment / per (lab, segment): column sums of moves (active moves, then the check). */
  moveS: Float64Array;
  moveE: Float64Array;
  problem: NashProblem;
}

/** Allocates a solver workspace for up to the given numbers of models, segments and labs. */
export function createNashWorkspace(maxModels: number, maxSegments: number, maxLabs: number): NashWorkspace {
  const m = Math.max(1, maxModels);
  const k = Math.max(1, maxSegments);
  return {
    demand: createDemandOutput(m, k),
    plan: createDemandPlan(m, k),
    residual: new Float64Array(m),
    trialResidual: new Float64Array(m),
    logPrice: new Float64Array(m),
    trialLogPrice: new Float64Array(m),
    step: new Float64Array(m),
    shiftBase: new Float64Array(m),
    free: new Int32Array(m),
    labOf: new Int32Array(m),
    labMargin: new Float64Array(Math.max(1, maxLabs) * k),
    logVolume: new Float64Array(k),
    weight: new Float64Array(m * k),
    h: new Float64Array(m * k),
    rowA: new Float64Array(m * k),
    rowB: new Float64Array(m * k),
    colS: new Float64Array(m * k),
    colE: new Float64Array(m * k),
    diag: new Float64Array(m),
    logLo: new Float64Array(m),
    logHi: new Float64Array(m),
    fullStep: new Float64Array(m),
    reduced: new Float64Array(m * m),
    rhs: new Float64Array(m),
    meritHistory: new Float64Array(MERIT_MEMORY),
    labStart: new Int32Array(Math.max(1, maxLabs) + 1),
    labCursor: new Int32Array(Math.max(1, maxLabs) + 1),
    order: new Int32Array(m),
    blockColumns: new Int32Array(m),
    blocks: new Float64Array(m * m),
    pivots: new Int32Array(m),
    solved: new Float64Array(m * (k + 1)),
    coupling: new Float64Array(k * k),
    couplingRhs: new Float64Array(k),
    couplingPivots: new Int32Array(k),
    moveS: new Float64Array(k),
    moveE: new Float64Array(Math.max(1, maxLabs) * k),
    problem: {
      count: 0,
      model: new Int32Array(m),
      lo: new Float64Array(m),
      hi: new Float64Array(m),
      hiIsCap: new Uint8Array(m),
      start: new Float64Array(m),
    },
  };
}

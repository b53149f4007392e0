import { planDemand } from '../demand/demand-plan.js';
import type { DemandInput } from '../demand/types.js';
import { newtonStep } from './nash-newton-step.js';
import { applyLogPrices, evaluate, residuals } from './nash-residuals.js';
import { bestResponseSweep } from './nash-sweep.js';
import {
  MAX_LOG_STEP,
  MERIT_MEMORY,
  NASH_MAX_ITERATIONS,
  NASH_TOLERANCE,
  type NashMarket,
  type NashProblem,
  type NashWorkspace,
} from './nash-workspace.js';

export { createNashWorkspace, NASH_PRICE_CAP_MULTIPLE, NASH_TOLERANCE, NASH_MAX_ITERATIONS } from './nash-workspace.js';
export type { NashMarket, NashProblem, NashWorkspace } from './nash-workspace.js';

/** Newton iterations without convergence before sweeps of best responses. */
const SWEEP_AFTER = 12;
/** Cap on the sweeps a phase of sweeps runs at least (2^(phases before)). */
const MOST_LEAST_SWEEPS = 32;

// Module-level copies: under tsx (the CLI, the benchmark) every read of an imported binding is a
// getter call, and these are read in the solver's innermost loops.
const TOLERANCE = NASH_TOLERANCE;
const MAX_ITERATIONS = NASH_MAX_ITERATIONS;
const MEMORY = MERIT_MEMORY;
const MAX_STEP = MAX_LOG_STEP;
const plan = planDemand;
const apply = applyLogPrices;
const evaluateAt = evaluate;
const residualsAt = residuals;
const sweep = bestResponseSweep;
const newton = newtonStep;

export interface NashOutcome {
  converged: boolean;
  iterations: number;
  /** Largest |FOC_j| / x_j over prices not held at a bound against their FOC. */
  residual: number;
}

/**
 * Bertrand-Nash prices of all NASH models (MODEL.md section 4): each lab maximises
 * sum_j (p_j - c_j) x_j over all its available models, the FOC
 * x_j + sum_{i in f} (p_i - c_i) dx_i/dp_j = 0 solved jointly for every NASH model. Method: a
 * semismooth Newton on the natural residual y - clamp(y + R, ln lo, ln hi) in log prices y (so a
 * price whose FOC pushes against its bound goes to that bound, and one whose FOC has no root at
 * all does not chase it), with the analytic Jacobian and a backtracking line search. `prices` holds
 * every other model's price and receives the NASH prices.
 */
export function solveNash(market: NashMarket, problem: NashProblem, prices: Float64Array, ws: NashWorkspace): NashOutcome {
  const n = problem.count;
  if (n === 0) return { converged: true, iterations: 0, residual: 0 };
  const input: DemandInput = {
    modelCount: market.modelCount,
    price: prices,
    capability: market.capability,
    brand: market.brand,
    tier: market.tier,
    available: market.available,
    segments: market.segments,
  };
  const { logPrice, trialLogPrice, residual, trialResidual, free, logLo, logHi, fullStep, labOf } = ws;
  for (let a = 0; a < n; a++) {
    logLo[a] = Math.log(problem.lo[a]);
    // The artificial cap is the same for every model it bounds: one logarithm.
    logHi[a] = a > 0 && problem.hi[a] === problem.hi[a - 1] ? logHi[a - 1] : Math.log(problem.hi[a]);
    logPrice[a] = Math.log(problem.start[a]);
    prices[problem.model[a]] = problem.start[a];
    labOf[a] = market.lab[problem.model[a]];
  }

  plan(input, ws.demand, ws.plan);
  let merit = residualsAt(market, problem, prices, ws, residual);
  const meritHistory = ws.meritHistory.fill(0);
  let iterations = 0;
  let sinceSweep = 0;
  let sweepPhases = 0;
  let stalled = false;
  while (true) {
    const status = convergence(problem, prices, residual);
    if (status.converged || iterations >= MAX_ITERATIONS) {
      return { converged: status.converged, iterations, residual: status.worst };
    }
    iterations++;
    if (stalled || sinceSweep >= SWEEP_AFTER) {
      // Newton can chase a FOC that has no root (profit falling in the own price everywhere) or
      // stall in a local minimum of the merit; sweeps of best responses put every price on its own
      // FOC or bound. They repeat while they keep reducing the merit markedly, and at least
      // 2^(phases before) times: the way from where Newton failed to the equilibrium may first
      // raise the merit, so each time Newton fails again the sweeps go twice as far.
      const least = Math.min(MOST_LEAST_SWEEPS, 2 ** sweepPhases++);
      let previous = Infinity;
      merit = sweep(market, problem, prices, input, ws);
      for (let sweeps = 1; sweeps < least || merit < 0.5 * previous; sweeps++) {
        if (iterations >= MAX_ITERATIONS || convergence(problem, prices, residual).converged) break;
        previous = merit;
        iterations++;
        merit = sweep(market, problem, prices, input, ws);
      }
      sinceSweep = 0;
      stalled = false;
      continue;
    }
    sinceSweep++;

    // Active set of the natural residual: prices the projected gradient step sends to a bound.
    let nf = 0;
    for (let a = 0; a < n; a++) {
      const z = logPrice[a] + residual[a];
      if (z <= logLo[a]) fullStep[a] = logLo[a] - logPrice[a];
      else if (z >= logHi[a]) fullStep[a] = logHi[a] - logPrice[a];
      else {
        fullStep[a] = 0;
        free[nf++] = a;
      }
    }
    if (nf > 0) newton(market, problem, prices, ws, nf);

    let largest = 0;
    for (let a = 0; a < n; a++) largest = Math.max(largest, Math.abs(fullStep[a]));
    if (largest === 0) {
      // Every price sits where its natural residual sends it, in log terms. A price an ulp or two
      // off its bound reads as on it in ln (ln cannot tell them apart near the bound): put it on
      // the bound exactly, as a step would, so that convergence sees it held there.
      apply(problem, prices, logPrice, ws);
      evaluateAt(market, problem, prices, input, ws, residual);
      break;
    }
    let t = largest > MAX_STEP ? MAX_STEP / largest : 1;
    // Non-monotone line search: a step may raise the merit above the current one as long as it
    // stays below the largest of the last few, which lets Newton leave shallow merit valleys.
    let reference = merit;
    for (let i = 0; i < MEMORY; i++) if (meritHistory[i] > reference) reference = meritHistory[i];
    for (let tries = 0; tries < 30; tries++) {
      for (let a = 0; a < n; a++) trialLogPrice[a] = Math.min(logHi[a], Math.max(logLo[a], logPrice[a] + t * fullStep[a]));
      apply(problem, prices, trialLogPrice, ws);
      const trialMerit = evaluateAt(market, problem, prices, input, ws, trialResidual);
      // Past 30 halvings the step is negligible: take it and let the iteration limit decide.
      if (trialMerit < reference || tries === 29) {
        stalled = !(trialMerit < reference);
        merit = trialMerit;
        break;
      }
      t *= 0.5;
    }
    meritHistory[iterations % MEMORY] = merit;
    for (let a = 0; a < n; a++) {
      logPrice[a] = trialLogPrice[a];
      residual[a] = trialResidual[a];
    }
  }
  const status = convergence(problem, prices, residual);
  return { converged: status.converged, iterations, residual: status.worst };
}

function convergence(problem: NashProblem, prices: Float64Array, residual: Float64Array): { converged: boolean; worst: number } {
  const { model, lo, hi, hiIsCap } = problem;
  let converged = true;
  let worst = 0;
  for (let a = 0; a < problem.count; a++) {
    const p = prices[model[a]];
    // Held at a bound its FOC pushes against.
    if ((p <= lo[a] && residual[a] <= 0) || (p >= hi[a] && residual[a] >= 0)) {
      // Held at the artificial cap is not an equilibrium: profit still rises with price.
      if (hiIsCap[a] && p >= hi[a]) converged = false;
      continue;
    }
    const r = Math.abs(residual[a]);
    if (!(r < TOLERANCE)) converged = false;
    if (r > worst || Number.isNaN(r)) worst = r;
  }
  return { converged, worst };
}

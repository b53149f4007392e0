import { planDemand, repriceDemand } from '../demand/demand-plan.js';
import type { DemandInput } from '../demand/types.js';
import { newtonStep } from './nash-newton-step.js';
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
const reprice = repriceDemand;
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
  let merit = residuals(market, problem, prices, ws, residual);
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
      merit = bestResponseSweep(market, problem, prices, input, ws);
      for (let sweeps = 1; sweeps < least || merit < 0.5 * previous; sweeps++) {
        if (iterations >= MAX_ITERATIONS || convergence(problem, prices, residual).converged) break;
        previous = merit;
        iterations++;
        merit = bestResponseSweep(market, problem, prices, input, ws);
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
      applyLogPrices(problem, prices, logPrice, ws);
      evaluate(market, problem, prices, input, ws, residual);
      break;
    }
    let t = largest > MAX_STEP ? MAX_STEP / largest : 1;
    // Non-monotone line search: a step may raise the merit above the current one as long as it
    // stays below the largest of the last few, which lets Newton leave shallow merit valleys.
    let reference = merit;
    for (let i = 0; i < MEMORY; i++) if (meritHistory[i] > reference) reference = meritHistory[i];
    for (let tries = 0; tries < 30; tries++) {
      for (let a = 0; a < n; a++) trialLogPrice[a] = Math.min(logHi[a], Math.max(logLo[a], logPrice[a] + t * fullStep[a]));
      applyLogPrices(problem, prices, trialLogPrice, ws);
      const trialMerit = evaluate(market, problem, prices, input, ws, trialResidual);
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

/**
 * Gauss-Seidel sweep. First each lab whose NASH prices share one segment moves them all by one
 * common amount in price, to where the lab's profit along that line peaks (see `labShift`). Then
 * each NASH price in turn moves to a root of its own FOC (others fixed), or to the bound its FOC
 * keeps pushing against. Returns the merit and leaves `ws.residual` at the new prices.
 */
function bestResponseSweep(market: NashMarket, problem: NashProblem, prices: Float64Array, input: DemandInput, ws: NashWorkspace): number {
  const { logPrice, logLo, logHi, trialResidual } = ws;
  for (let f = 0; f < market.labCount; f++) labShift(market, problem, prices, input, ws, f);
  for (let a = 0; a < problem.count; a++) {
    const ownResidual = (y: number): number => {
      logPrice[a] = y;
      applyLogPrices(problem, prices, logPrice, ws);
      evaluate(market, problem, prices, input, ws, trialResidual);
      return trialResidual[a];
    };
    findRoot(ownResidual, logPrice[a], 0.25, logLo[a], logHi[a], 1);
  }
  return evaluate(market, problem, prices, input, ws, ws.residual);
}

/**
 * When lab f has several NASH prices and one segment serves them all, and no other segment serves
 * any, moves them all by one amount d in price (each clamped into its bounds) to a root of
 * dProfit_f/dd = sum_j FOC_j: the lab's profit peak along that line. There a lab's FOCs read
 * p_j (alpha - 1) - alpha c_j = (alpha - eps) M_f for each of its NASH models j, so prices at which
 * the left side is the same for all (where own-price moves lead) differ from the equilibrium's by
 * one common amount. When the lab's joint markup (alpha - eps) M_f is nearly a fixed point of
 * itself, own-price moves and Newton both stall far from it (docs/model-notes.md, NASH). With
 * several segments the equilibrium is not on such a line, and the shift, tried there, kept some
 * markets from converging that converge without it.
 */
function labShift(market: NashMarket, problem: NashProblem, prices: Float64Array, input: DemandInput, ws: NashWorkspace, f: number): void {
  const { logPrice, labOf, shiftBase, trialResidual } = ws;
  const { model, lo, hi } = problem;
  const x = ws.demand.demand;
  let members = 0;
  let smallest = Infinity;
  let below = Infinity; // how far the common move can go down before every price holds at lo
  let above = -Infinity;
  for (let a = 0; a < problem.count; a++) {
    if (labOf[a] !== f) continue;
    const p = prices[model[a]];
    shiftBase[a] = p;
    members++;
    smallest = Math.min(smallest, p);
    below = Math.min(below, lo[a] - p);
    above = Math.max(above, hi[a] - p);
  }
  if (members < 2 || !oneSegmentServes(market, problem, ws, f)) return;
  const slope = (d: number): number => {
    for (let a = 0; a < problem.count; a++) {
      if (labOf[a] === f) logPrice[a] = Math.log(Math.min(hi[a], Math.max(lo[a], shiftBase[a] + d)));
    }
    applyLogPrices(problem, prices, logPrice, ws);
    evaluate(market, problem, prices, input, ws, trialResidual);
    let sum = 0;
    for (let a = 0; a < problem.count; a++) {
      const p = prices[model[a]];
      // A price held at a bound no longer moves with d.
      if (labOf[a] === f && p > lo[a] && p < hi[a]) sum += x[model[a]] * trialResidual[a];
    }
    return sum;
  };
  findRoot(slope, 0, 0.25 * smallest, Math.min(0, below), Math.max(0, above), smallest);
}

/** Whether one segment serves every NASH model of lab f and no other segment serves any of them. */
function oneSegmentServes(market: NashMarket, problem: NashProblem, ws: NashWorkspace, f: number): boolean {
  const { tier: needs, count } = market.segments;
  let only = -1;
  for (let a = 0; a < problem.count; a++) {
    if (ws.labOf[a] !== f) continue;
    const tier = market.tier[problem.model[a]];
    let serving = -1;
    // As computeDemand: segment k serves a model in a tier at or above max(0, its tier).
    for (let k = 0; k < count; k++) {
      if (tier < 0 || tier < Math.max(0, needs[k])) continue;
      if (serving >= 0) return false;
      serving = k;
    }
    if (serving < 0 || (only >= 0 && serving !== only)) return false;
    only = serving;
  }
  return true;
}

/**
 * A root of g in [lower, upper] near `from`: bracketed by doubling steps (the first `width`) in
 * the direction g's sign points (up where g > 0), then refined by the Illinois method until g's
 * root is found to `scale` x 1e-15. Returns the bound g keeps pointing at when there is no sign
 * change before it, and `from` when g(from) is 0 or NaN. g's last call is always at the value
 * returned, so the state g leaves behind is the root's.
 */
function findRoot(g: (v: number) => number, from: number, width: number, lower: number, upper: number, scale: number): number {
  let va = from;
  let ga = g(va);
  if (ga === 0 || Number.isNaN(ga)) return from;
  const up = ga > 0;
  const bound = up ? upper : lower;
  let vb = NaN;
  let gb = NaN;
  for (let i = 0; i < 60; i++) {
    let v = up ? va + width : va - width;
    if (up ? v >= bound : v <= bound) v = bound;
    const gv = g(v);
    if (gv === 0 || gv > 0 !== ga > 0) {
      vb = v;
      gb = gv;
      break;
    }
    va = v;
    ga = gv;
    if (v === bound) return v; // held at the bound it pushes against
    width *= 2;
  }
  if (Number.isNaN(vb)) return va; // no bracket found
  if (gb === 0) return vb;
  for (let i = 0; i < 100; i++) {
    const v = (va * gb - vb * ga) / (gb - ga);
    const gv = g(v);
    if (gv === 0 || Math.abs(gv) < TOLERANCE * 1e-3 || Math.abs(vb - va) < 1e-15 * Math.abs(scale)) return v;
    if (gv > 0 !== gb > 0) {
      va = vb;
      ga = gb;
    } else {
      ga /= 2;
    }
    vb = v;
    gb = gv;
  }
  return vb;
}

function applyLogPrices(problem: NashProblem, prices: Float64Array, logPrice: Float64Array, ws: NashWorkspace): void {
  const { logLo, logHi } = ws;
  const { model, lo: loOf, hi: hiOf } = problem;
  for (let a = 0; a < problem.count; a++) {
    const j = model[a];
    // Exact bounds (exp(log(b)) may differ from b), so that "held at a bound" compares equal.
    const y = logPrice[a];
    const lo = loOf[a];
    const hi = hiOf[a];
    const p = Math.exp(y);
    prices[j] = y <= logLo[a] || p <= lo ? lo : y >= logHi[a] || p >= hi ? hi : p;
  }
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

/** Demand at the current prices (only NASH prices move after `planDemand`), then `residuals`. */
function evaluate(
  market: NashMarket,
  problem: NashProblem,
  prices: Float64Array,
  input: DemandInput,
  ws: NashWorkspace,
  out: Float64Array,
): number {
  reprice(input, ws.plan, problem.model, problem.count, ws.demand);
  return residuals(market, problem, prices, ws, out);
}

/**
 * From the demand at the current prices, R_a = FOC_j / x_j for each NASH model j = model[a]:
 * FOC_j = (1/p_j) sum_k s_jk Q_k h_jk with h_jk = p_j - alpha_k m_j + (alpha_k - eps_k) M_fk,
 * which is the section 4 FOC with dx_i/dp_j substituted. Returns the merit: the sum of squared
 * natural residuals.
 */
function residuals(market: NashMarket, problem: NashProblem, prices: Float64Array, ws: NashWorkspace, out: Float64Array): number {
  const seg = market.segments;
  const kCount = seg.count;
  const m = market.modelCount;
  const { share, logShare, volume, demand, logPrice } = ws.demand;
  const { labMargin, logVolume, weight, h, labOf, logLo, logHi } = ws;
  // Arrays in locals: property loads inside the loops would be repeated every iteration.
  const { alpha: alphaOf, elasticity } = seg;
  const { cost, lab } = market;
  const model = problem.model;
  // A loop rather than fill(), a runtime call that costs more than these few entries.
  for (let i = market.labCount * kCount - 1; i >= 0; i--) labMargin[i] = 0;
  const { served, servedCount } = ws.plan;
  for (let i = 0; i < servedCount; i++) {
    const j = served[i];
    const margin = prices[j] - cost[j];
    const row = lab[j] * kCount;
    for (let k = 0; k < kCount; k++) labMargin[row + k] += margin * share[k * m + j];
  }

  let merit = 0;
  let logVolumeReady = false;
  for (let a = 0; a < problem.count; a++) {
    const j = model[a];
    const p = prices[j];
    const margin = p - cost[j];
    const row = labOf[a] * kCount;
    // Segment weights s_jk Q_k / x_j: directly while x_j is a normal number, else in log space
    // so that underflowing shares or volumes still weigh the segments exactly.
    const direct = demand[j] > 1e-290;
    let maxLog = -Infinity;
    let useVolume = true;
    if (!direct) {
      if (!logVolumeReady) {
        for (let k = 0; k < kCount; k++) logVolume[k] = volume[k] > 0 ? Math.log(volume[k]) : -Infinity;
        logVolumeReady = true;
      }
      for (let k = 0; k < kCount; k++) {
        const lw = logShare[k * m + j] + logVolume[k];
        if (lw > maxLog) maxLog = lw;
      }
      useVolume = maxLog !== -Infinity;
      if (!useVolume) for (let k = 0; k < kCount; k++) maxLog = Math.max(maxLog, logShare[k * m + j]);
    }
    let total = 0;
    let sum = 0;
    for (let k = 0; k < kCount; k++) {
      let w: number;
      if (direct) {
        w = share[k * m + j] * volume[k];
      } else {
        const ls = logShare[k * m + j];
        const lw = useVolume ? ls + logVolume[k] : ls;
        w = lw === -Infinity ? 0 : Math.exp(lw - maxLog);
      }
      const alpha = alphaOf[k];
      const hk = p - alpha * margin + (alpha - elasticity[k]) * labMargin[row + k];
      weight[a * kCount + k] = w;
      h[a * kCount + k] = hk;
      total += w;
      sum += w * hk;
    }
    // No segment serves it (no segments at all): its price moves no profit, so it rests at its
    // lower bound, as a NASH model below every tier does.
    const r = total > 0 ? sum / total / p : -1;
    if (total > 0) for (let k = 0; k < kCount; k++) weight[a * kCount + k] /= total;
    out[a] = r;
    // Natural residual y - clamp(y + R, ln lo, ln hi): zero exactly when this price is converged.
    const y = p > 0 ? logPrice[j] : Math.log(p); // computeDemand's ln p_j
    const z = y + r;
    const nat = y - (z < logLo[a] ? logLo[a] : z > logHi[a] ? logHi[a] : z);
    merit += nat * nat;
  }
  return Number.isNaN(merit) ? Infinity : merit;
}

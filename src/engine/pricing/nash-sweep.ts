/**
 * Gauss-Seidel sweeps of best responses, the NASH solver's fallback when Newton fails (MODEL.md
 * section 4; docs/model-notes.md, NASH).
 */
import type { DemandInput } from '../demand/types.js';
import { applyLogPrices, evaluate } from './nash-residuals.js';
import { NASH_TOLERANCE, type NashMarket, type NashProblem, type NashWorkspace } from './nash-workspace.js';

// Module-level copies: under tsx every read of an imported binding is a getter call.
const TOLERANCE = NASH_TOLERANCE;
const apply = applyLogPrices;
const evaluateAt = evaluate;

/**
 * Gauss-Seidel sweep. First each lab whose NASH prices share one segment moves them all by one
 * common amount in price, to where the lab's profit along that line peaks (see `labShift`). Then
 * each NASH price in turn moves to a root of its own FOC (others fixed), or to the bound its FOC
 * keeps pushing against. Returns the merit and leaves `ws.residual` at the new prices.
 */
export function bestResponseSweep(market: NashMarket, problem: NashProblem, prices: Float64Array, input: DemandInput, ws: NashWorkspace): number {
  const { logPrice, logLo, logHi, trialResidual } = ws;
  for (let f = 0; f < market.labCount; f++) labShift(market, problem, prices, input, ws, f);
  for (let a = 0; a < problem.count; a++) {
    const ownResidual = (y: number): number => {
      logPrice[a] = y;
      apply(problem, prices, logPrice, ws);
      evaluateAt(market, problem, prices, input, ws, trialResidual);
      return trialResidual[a];
    };
    findRoot(ownResidual, logPrice[a], 0.25, logLo[a], logHi[a], 1);
  }
  return evaluateAt(market, problem, prices, input, ws, ws.residual);
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
  if (members < 2 || !oneSegmentServes(market, problem, ws, f, members)) return;
  const slope = (d: number): number => {
    for (let a = 0; a < problem.count; a++) {
      if (labOf[a] === f) logPrice[a] = Math.log(Math.min(hi[a], Math.max(lo[a], shiftBase[a] + d)));
    }
    apply(problem, prices, logPrice, ws);
    evaluateAt(market, problem, prices, input, ws, trialResidual);
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

/**
 * Whether one segment serves all `members` NASH models of lab f and no other segment serves any of
 * them, by the demand plan's lists of each segment's eligible models.
 */
function oneSegmentServes(market: NashMarket, problem: NashProblem, ws: NashWorkspace, f: number, members: number): boolean {
  const { start, model: eligible } = ws.plan;
  let only = -1;
  for (let k = 0; k < market.segments.count; k++) {
    let served = 0;
    for (let i = start[k]; i < start[k + 1]; i++) if (nashModelOf(problem, ws, eligible[i], f)) served++;
    if (served === 0) continue;
    if (only >= 0 || served < members) return false;
    only = k;
  }
  return only >= 0;
}

/** Whether model j is one of lab f's NASH models. */
function nashModelOf(problem: NashProblem, ws: NashWorkspace, j: number, f: number): boolean {
  for (let a = 0; a < problem.count; a++) if (problem.model[a] === j) return ws.labOf[a] === f;
  return false;
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


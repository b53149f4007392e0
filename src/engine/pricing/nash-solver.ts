import { computeDemand } from '../demand/logit-demand.js';
import { createDemandOutput, type DemandInput, type DemandOutput, type SegmentArrays } from '../demand/types.js';

/** |FOC_j| / x_j below this is converged (MODEL.md section 4). */
export const NASH_TOLERANCE = 1e-9;
/** Newton iterations before the last iterate stands and the period reports nashConverged = 0. */
export const NASH_MAX_ITERATIONS = 100;
/**
 * Without maxChangePerPeriod a NASH price has no upper bound, and where demand is inelastic
 * (eta <= 1) profit rises without limit; the solver then stops at cost x 1e6 and reports
 * nashConverged = 0 (docs/model-notes.md, "Pricing").
 */
export const NASH_PRICE_CAP_MULTIPLE = 1e6;
/** Newton iterations without convergence before a sweep of own-price best responses. */
const SWEEP_AFTER = 12;
/** Merits remembered by the non-monotone line search. */
const MERIT_MEMORY = 8;
/** Largest Newton step in log price (a factor e). */
const MAX_LOG_STEP = 1;

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
  /** 1 when hi is NASH_PRICE_CAP_MULTIPLE x cost rather than a real bound. */
  hiIsCap: Uint8Array;
  /** Starting price (inside [lo, hi]). */
  start: Float64Array;
}

/** Preallocated buffers of the solver. */
export interface NashWorkspace {
  demand: DemandOutput;
  /** Per NASH model: residual R_n = FOC_j / x_j, and scratch. */
  residual: Float64Array;
  trialResidual: Float64Array;
  logPrice: Float64Array;
  trialLogPrice: Float64Array;
  step: Float64Array;
  free: Int32Array;
  jacobian: Float64Array;
  /** Per (lab, segment): M_fk = sum over the lab's models of (p_i - c_i) s_ik. */
  labMargin: Float64Array;
  /** Per segment: ln Q_k. */
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
  problem: NashProblem;
}

/** Allocates a solver workspace for up to the given numbers of models, segments and labs. */
export function createNashWorkspace(maxModels: number, maxSegments: number, maxLabs: number): NashWorkspace {
  const m = Math.max(1, maxModels);
  const k = Math.max(1, maxSegments);
  return {
    demand: createDemandOutput(m, k),
    residual: new Float64Array(m),
    trialResidual: new Float64Array(m),
    logPrice: new Float64Array(m),
    trialLogPrice: new Float64Array(m),
    step: new Float64Array(m),
    free: new Int32Array(m),
    jacobian: new Float64Array(m * m),
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
  const { logPrice, trialLogPrice, residual, trialResidual, step, free, logLo, logHi, fullStep, reduced, rhs, jacobian } = ws;
  for (let a = 0; a < n; a++) {
    logLo[a] = Math.log(problem.lo[a]);
    logHi[a] = Math.log(problem.hi[a]);
    logPrice[a] = Math.log(problem.start[a]);
    prices[problem.model[a]] = problem.start[a];
  }

  let merit = evaluate(market, problem, prices, input, ws, residual);
  const meritHistory = ws.meritHistory.fill(0);
  let iterations = 0;
  let sinceSweep = 0;
  let stalled = false;
  while (true) {
    const status = convergence(problem, prices, residual);
    if (status.converged || iterations >= NASH_MAX_ITERATIONS) {
      return { converged: status.converged, iterations, residual: status.worst };
    }
    iterations++;
    if (stalled || sinceSweep >= SWEEP_AFTER) {
      // Newton can chase a FOC that has no root (profit falling in the own price everywhere) or
      // stall in a local minimum of the merit; sweeps of own-price best responses put every price
      // on its own FOC or bound, repeated while they keep reducing the merit markedly.
      let previous = Infinity;
      merit = bestResponseSweep(market, problem, prices, input, ws);
      while (merit < 0.5 * previous && iterations < NASH_MAX_ITERATIONS && !convergence(problem, prices, residual).converged) {
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
    if (nf > 0) {
      jacobianOf(market, problem, prices, ws, nf);
      // Reduced system over the free prices; the bound moves of the others go to the right side.
      for (let b = 0; b < nf; b++) {
        let r = -residual[free[b]];
        for (let a = 0; a < n; a++) if (fullStep[a] !== 0) r -= jacobian[b * n + a] * fullStep[a];
        rhs[b] = r;
        for (let c = 0; c < nf; c++) reduced[b * nf + c] = jacobian[b * n + free[c]];
      }
      if (solveLinear(reduced, nf, rhs, step)) {
        for (let b = 0; b < nf; b++) fullStep[free[b]] = step[b];
      } else {
        fixedPointStep(market, problem, prices, ws, nf, step);
        for (let b = 0; b < nf; b++) fullStep[free[b]] = step[b];
      }
    }

    let largest = 0;
    for (let a = 0; a < n; a++) largest = Math.max(largest, Math.abs(fullStep[a]));
    if (largest === 0) break;
    let t = largest > MAX_LOG_STEP ? MAX_LOG_STEP / largest : 1;
    // Non-monotone line search: a step may raise the merit above the current one as long as it
    // stays below the largest of the last few, which lets Newton leave shallow merit valleys.
    let reference = merit;
    for (let i = 0; i < MERIT_MEMORY; i++) if (meritHistory[i] > reference) reference = meritHistory[i];
    for (let tries = 0; tries < 30; tries++) {
      for (let a = 0; a < n; a++) trialLogPrice[a] = Math.min(logHi[a], Math.max(logLo[a], logPrice[a] + t * fullStep[a]));
      setPrices(problem, prices, trialLogPrice);
      const trialMerit = evaluate(market, problem, prices, input, ws, trialResidual);
      // Past 30 halvings the step is negligible: take it and let the iteration limit decide.
      if (trialMerit < reference || tries === 29) {
        stalled = !(trialMerit < reference);
        merit = trialMerit;
        break;
      }
      t *= 0.5;
    }
    meritHistory[iterations % MERIT_MEMORY] = merit;
    for (let a = 0; a < n; a++) {
      logPrice[a] = trialLogPrice[a];
      residual[a] = trialResidual[a];
    }
  }
  const status = convergence(problem, prices, residual);
  return { converged: status.converged, iterations, residual: status.worst };
}

/**
 * Gauss-Seidel sweep: each NASH price in turn moves to a root of its own FOC (others fixed),
 * bracketed by doubling steps from the current price in the direction its FOC points, then
 * refined by the Illinois method; or to the bound its FOC keeps pushing against. Returns the merit
 * and leaves `ws.residual` at the new prices.
 */
function bestResponseSweep(market: NashMarket, problem: NashProblem, prices: Float64Array, input: DemandInput, ws: NashWorkspace): number {
  const { logPrice, logLo, logHi, trialResidual } = ws;
  const residualAt = (a: number, y: number): number => {
    logPrice[a] = y;
    setPrices(problem, prices, logPrice);
    evaluate(market, problem, prices, input, ws, trialResidual);
    return trialResidual[a];
  };
  for (let a = 0; a < problem.count; a++) {
    let ya = logPrice[a];
    let ra = residualAt(a, ya);
    if (ra === 0 || Number.isNaN(ra)) continue;
    const up = ra > 0;
    const bound = up ? logHi[a] : logLo[a];
    let yb = NaN;
    let rb = NaN;
    let width = 0.25;
    for (let i = 0; i < 60; i++) {
      let y = up ? ya + width : ya - width;
      if (up ? y >= bound : y <= bound) y = bound;
      const r = residualAt(a, y);
      if (r === 0 || r > 0 !== ra > 0) {
        yb = y;
        rb = r;
        break;
      }
      ya = y;
      ra = r;
      if (y === bound) break;
      width *= 2;
    }
    if (Number.isNaN(yb)) continue; // held at the bound it pushes against (or no bracket found)
    if (rb === 0) continue;
    for (let i = 0; i < 100; i++) {
      const y = (ya * rb - yb * ra) / (rb - ra);
      const r = residualAt(a, y);
      if (r === 0 || Math.abs(r) < NASH_TOLERANCE * 1e-3 || Math.abs(yb - ya) < 1e-15) break;
      if (r > 0 !== rb > 0) {
        ya = yb;
        ra = rb;
      } else {
        ra /= 2;
      }
      yb = y;
      rb = r;
    }
  }
  return evaluate(market, problem, prices, input, ws, ws.residual);
}

function setPrices(problem: NashProblem, prices: Float64Array, logPrice: Float64Array): void {
  for (let a = 0; a < problem.count; a++) {
    const j = problem.model[a];
    // Exact bounds (exp(log(b)) may differ from b), so that "held at a bound" compares equal.
    const y = logPrice[a];
    const lo = problem.lo[a];
    const hi = problem.hi[a];
    const p = Math.exp(y);
    prices[j] = y <= Math.log(lo) || p <= lo ? lo : y >= Math.log(hi) || p >= hi ? hi : p;
  }
}

function isHeld(problem: NashProblem, prices: Float64Array, residual: Float64Array, a: number): boolean {
  const p = prices[problem.model[a]];
  return (p <= problem.lo[a] && residual[a] <= 0) || (p >= problem.hi[a] && residual[a] >= 0);
}

function convergence(problem: NashProblem, prices: Float64Array, residual: Float64Array): { converged: boolean; worst: number } {
  let converged = true;
  let worst = 0;
  for (let a = 0; a < problem.count; a++) {
    if (isHeld(problem, prices, residual, a)) {
      // Held at the artificial cap is not an equilibrium: profit still rises with price.
      if (problem.hiIsCap[a] && prices[problem.model[a]] >= problem.hi[a]) converged = false;
      continue;
    }
    const r = Math.abs(residual[a]);
    if (!(r < NASH_TOLERANCE)) converged = false;
    if (r > worst || Number.isNaN(r)) worst = r;
  }
  return { converged, worst };
}

/**
 * Demand at the current prices, then R_a = FOC_j / x_j for each NASH model j = model[a]:
 * FOC_j = (1/p_j) sum_k s_jk Q_k h_jk with h_jk = p_j - alpha_k m_j + (alpha_k - eps_k) M_fk,
 * which is the section 4 FOC with dx_i/dp_j substituted. Returns the merit: the sum of squared
 * natural residuals.
 */
function evaluate(
  market: NashMarket,
  problem: NashProblem,
  prices: Float64Array,
  input: DemandInput,
  ws: NashWorkspace,
  out: Float64Array,
): number {
  computeDemand(input, ws.demand);
  const seg = market.segments;
  const kCount = seg.count;
  const m = market.modelCount;
  const { share, logShare, volume } = ws.demand;
  const { labMargin, logVolume, weight, h } = ws;
  labMargin.fill(0, 0, market.labCount * kCount);
  for (let k = 0; k < kCount; k++) logVolume[k] = volume[k] > 0 ? Math.log(volume[k]) : -Infinity;
  for (let j = 0; j < m; j++) {
    if (market.available[j] !== 1 || market.tier[j] < 0) continue;
    const margin = prices[j] - market.cost[j];
    const row = market.lab[j] * kCount;
    for (let k = 0; k < kCount; k++) labMargin[row + k] += margin * share[k * m + j];
  }

  let merit = 0;
  for (let a = 0; a < problem.count; a++) {
    const j = problem.model[a];
    const p = prices[j];
    const margin = p - market.cost[j];
    const row = market.lab[j] * kCount;
    // Segment weights s_jk Q_k / x_j, formed in log space so that underflowing volumes stay exact.
    let maxLog = -Infinity;
    for (let k = 0; k < kCount; k++) {
      const lw = logShare[k * m + j] + logVolume[k];
      if (lw > maxLog) maxLog = lw;
    }
    const useVolume = maxLog !== -Infinity;
    if (!useVolume) for (let k = 0; k < kCount; k++) maxLog = Math.max(maxLog, logShare[k * m + j]);
    let total = 0;
    let sum = 0;
    for (let k = 0; k < kCount; k++) {
      const ls = logShare[k * m + j];
      const lw = useVolume ? ls + logVolume[k] : ls;
      const w = lw === -Infinity ? 0 : Math.exp(lw - maxLog);
      const alpha = seg.alpha[k];
      const hk = p - alpha * margin + (alpha - seg.elasticity[k]) * labMargin[row + k];
      weight[a * kCount + k] = w;
      h[a * kCount + k] = hk;
      total += w;
      sum += w * hk;
    }
    for (let k = 0; k < kCount; k++) weight[a * kCount + k] /= total;
    const r = sum / total / p;
    out[a] = r;
    // Natural residual y - clamp(y + R, ln lo, ln hi): zero exactly when this price is converged.
    const y = Math.log(p);
    const z = y + r;
    const nat = y - (z < ws.logLo[a] ? ws.logLo[a] : z > ws.logHi[a] ? ws.logHi[a] : z);
    merit += nat * nat;
  }
  return Number.isNaN(merit) ? Infinity : merit;
}

/**
 * J[b][a] = dR_free[b] / d ln p_l (l = model[a]), analytic:
 * dH_j/dy_l = sum_k w_jk [a_jkl (h_jk - H_j) + dh_jk/dy_l], a_jkl = -alpha_k (delta_jl - s_lk) - eps_k s_lk,
 * dh_jk/dy_l = delta_jl (1 - alpha_k) p_j + (alpha_k - eps_k) s_lk ([l in f] (p_l - alpha_k m_l) + alpha_k M_fk),
 * and dR_j/dy_l = (dH_j/dy_l - delta_jl H_j) / p_j with H_j = R_j p_j. Collected by factors:
 * p_j J_jl = delta_jl (D_j - H_j) + sum_k s_lk (A_jk + [l in f] B_jk (p_l - alpha_k m_l)), with
 * D_j = sum_k w_jk (-alpha_k (h_jk - H_j) + (1 - alpha_k) p_j), A_jk = w_jk (alpha_k - eps_k) (h_jk - H_j + alpha_k M_fk),
 * B_jk = w_jk (alpha_k - eps_k). Rows: the free prices; columns: every NASH price (row-major, n wide).
 */
function jacobianOf(market: NashMarket, problem: NashProblem, prices: Float64Array, ws: NashWorkspace, nf: number): void {
  const seg = market.segments;
  const kCount = seg.count;
  const m = market.modelCount;
  const n = problem.count;
  const share = ws.demand.share;
  const { labMargin, weight, h, residual, free, jacobian, rowA, rowB, colS, colE, diag } = ws;
  // Column factors for every NASH price (active ones too: their bound moves enter the right side).
  for (let a = 0; a < n; a++) {
    const l = problem.model[a];
    const pl = prices[l];
    for (let k = 0; k < kCount; k++) {
      const slk = share[k * m + l];
      colS[a * kCount + k] = slk;
      colE[a * kCount + k] = slk * (pl - seg.alpha[k] * (pl - market.cost[l]));
    }
  }
  for (let b = 0; b < nf; b++) {
    const a = free[b];
    const j = problem.model[a];
    const pj = prices[j];
    const bigH = residual[a] * pj;
    const row = market.lab[j] * kCount;
    let d = 0;
    for (let k = 0; k < kCount; k++) {
      const w = weight[a * kCount + k];
      const alpha = seg.alpha[k];
      const gap = h[a * kCount + k] - bigH;
      const ae = alpha - seg.elasticity[k];
      d += w * (-alpha * gap + (1 - alpha) * pj);
      rowA[b * kCount + k] = w * ae * (gap + alpha * labMargin[row + k]);
      rowB[b * kCount + k] = w * ae;
    }
    diag[b] = d - bigH;
  }
  for (let b = 0; b < nf; b++) {
    const own = free[b];
    const j = problem.model[own];
    const pj = prices[j];
    const labJ = market.lab[j];
    const ra = b * kCount;
    for (let a = 0; a < n; a++) {
      const l = problem.model[a];
      const cb = a * kCount;
      let sum = 0;
      if (market.lab[l] === labJ) {
        for (let k = 0; k < kCount; k++) sum += colS[cb + k] * rowA[ra + k] + rowB[ra + k] * colE[cb + k];
      } else {
        for (let k = 0; k < kCount; k++) sum += colS[cb + k] * rowA[ra + k];
      }
      if (a === own) sum += diag[b];
      jacobian[b * n + a] = sum / pj;
    }
  }
}

/** Solves jac step = rhs (nf x nf) by Gaussian elimination with partial pivoting; false if singular. */
function solveLinear(jac: Float64Array, nf: number, rhs: Float64Array, step: Float64Array): boolean {
  for (let b = 0; b < nf; b++) step[b] = rhs[b];
  for (let col = 0; col < nf; col++) {
    let pivot = col;
    for (let r = col + 1; r < nf; r++) if (Math.abs(jac[r * nf + col]) > Math.abs(jac[pivot * nf + col])) pivot = r;
    const pv = jac[pivot * nf + col];
    if (!(Math.abs(pv) > 1e-300) || !Number.isFinite(pv)) return false;
    if (pivot !== col) {
      for (let c = 0; c < nf; c++) {
        const tmp = jac[col * nf + c];
        jac[col * nf + c] = jac[pivot * nf + c];
        jac[pivot * nf + c] = tmp;
      }
      const tmp = step[col];
      step[col] = step[pivot];
      step[pivot] = tmp;
    }
    for (let r = col + 1; r < nf; r++) {
      const f = jac[r * nf + col] / pv;
      if (f === 0) continue;
      for (let c = col; c < nf; c++) jac[r * nf + c] -= f * jac[col * nf + c];
      step[r] -= f * step[col];
    }
  }
  for (let r = nf - 1; r >= 0; r--) {
    let s = step[r];
    for (let c = r + 1; c < nf; c++) s -= jac[r * nf + c] * step[c];
    step[r] = s / jac[r * nf + r];
  }
  for (let b = 0; b < nf; b++) if (!Number.isFinite(step[b])) return false;
  return true;
}

/**
 * Fallback when the Jacobian is singular: the markup fixed point m_j = (p_j + sum_k w_jk (alpha_k -
 * eps_k) M_fk) / sum_k w_jk alpha_k (the FOC solved for the own margin), as a log-price step.
 */
function fixedPointStep(market: NashMarket, problem: NashProblem, prices: Float64Array, ws: NashWorkspace, nf: number, step: Float64Array): void {
  const seg = market.segments;
  const kCount = seg.count;
  for (let b = 0; b < nf; b++) {
    const a = ws.free[b];
    const j = problem.model[a];
    const row = market.lab[j] * kCount;
    let num = prices[j];
    let den = 0;
    for (let k = 0; k < kCount; k++) {
      const w = ws.weight[a * kCount + k];
      num += w * (seg.alpha[k] - seg.elasticity[k]) * ws.labMargin[row + k];
      den += w * seg.alpha[k];
    }
    const target = market.cost[j] + num / den;
    step[b] = target > 0 && Number.isFinite(target) ? Math.log(target / prices[j]) : MAX_LOG_STEP;
  }
}

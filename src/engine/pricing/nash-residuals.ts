/**
 * The NASH solver's residuals (MODEL.md section 4): R_j = FOC_j / x_j of every NASH price from the
 * demand at the current prices, and the prices from log prices, exact at their bounds.
 */
import { repriceDemand } from '../demand/demand-plan.js';
import type { DemandInput } from '../demand/types.js';
import type { NashMarket, NashProblem, NashWorkspace } from './nash-workspace.js';

// A module-level copy: under tsx (the CLI, the benchmark) every read of an imported binding is a getter call.
const reprice = repriceDemand;

/** prices[j] = exp(logPrice[a]) for each NASH price, put exactly on a bound it reaches. */
export function applyLogPrices(problem: NashProblem, prices: Float64Array, logPrice: Float64Array, ws: NashWorkspace): void {
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

/** Demand at the current prices (only NASH prices move after `planDemand`), then `residuals`. */
export function evaluate(
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
export function residuals(market: NashMarket, problem: NashProblem, prices: Float64Array, ws: NashWorkspace, out: Float64Array): number {
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

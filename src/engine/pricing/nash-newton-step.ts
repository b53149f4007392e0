/**
 * One Newton step of the NASH solver (MODEL.md section 4): the analytic Jacobian of the FOC
 * residuals in factored form, and a linear solve that exploits its structure.
 */
import { MAX_LOG_STEP, type NashMarket, type NashProblem, type NashWorkspace } from './nash-workspace.js';

/** Relative accuracy the structured solve must reach, else the dense solve is used. */
const STRUCTURED_TOLERANCE = 1e-10;

/**
 * Fills `ws.fullStep` for the free prices `ws.free[0..nf)` (the active prices' bound moves are
 * already in it) with the Newton step on the reduced system J_FF d_F = -R_F - J_FA d_A.
 *
 * Jacobian, J[j][l] = dR_j / d ln p_l, analytic:
 * dH_j/dy_l = sum_k w_jk [a_jkl (h_jk - H_j) + dh_jk/dy_l], a_jkl = -alpha_k (delta_jl - s_lk) - eps_k s_lk,
 * dh_jk/dy_l = delta_jl (1 - alpha_k) p_j + (alpha_k - eps_k) s_lk ([l in f] (p_l - alpha_k m_l) + alpha_k M_fk),
 * and dR_j/dy_l = (dH_j/dy_l - delta_jl H_j) / p_j with H_j = R_j p_j. Collected by factors:
 * p_j J_jl = delta_jl diag_j + sum_k S_lk A_jk + [l in f] sum_k B_jk E_lk, with S_lk = s_lk,
 * E_lk = s_lk (p_l - alpha_k m_l), diag_j = sum_k w_jk (-alpha_k (h_jk - H_j) + (1 - alpha_k) p_j) - H_j,
 * A_jk = w_jk (alpha_k - eps_k) (h_jk - H_j + alpha_k M_fk), B_jk = w_jk (alpha_k - eps_k).
 * So p J = diagonal + (rank K over all prices) + (rank K within each lab): solved per lab block
 * with the K x K coupling by Woodbury, in O(N K^2 + sum_f n_f^3) instead of O(N^3).
 */
export function newtonStep(market: NashMarket, problem: NashProblem, prices: Float64Array, ws: NashWorkspace, nf: number): void {
  jacobianFactors(market, problem, prices, ws, nf);
  const kCount = market.segments.count;
  const { rowA, rowB, free, fullStep, residual, rhs, step, moveS, moveE, labOf } = ws;
  // Right side, rows scaled by p_b: -p_b R_b minus the active prices' moves.
  columnSums(market, problem, ws, -1);
  for (let b = 0; b < nf; b++) {
    const j = problem.model[free[b]];
    const row = labOf[free[b]] * kCount;
    let r = -residual[free[b]] * prices[j];
    for (let k = 0; k < kCount; k++) r -= rowA[b * kCount + k] * moveS[k] + rowB[b * kCount + k] * moveE[row + k];
    rhs[b] = r;
  }
  if (!(structuredSolve(market, problem, ws, nf) && structuredCheck(market, problem, ws, nf))) {
    if (!denseSolve(market, problem, ws, nf)) fixedPointStep(market, problem, prices, ws, nf, step);
  }
  for (let b = 0; b < nf; b++) fullStep[free[b]] = step[b];
}

/** The factors S, E (every NASH price), A, B and diag (free rows) of the Jacobian. */
function jacobianFactors(market: NashMarket, problem: NashProblem, prices: Float64Array, ws: NashWorkspace, nf: number): void {
  const seg = market.segments;
  const kCount = seg.count;
  const m = market.modelCount;
  const share = ws.demand.share;
  // Arrays in locals: property loads inside the loops would be repeated every iteration.
  const { alpha: alphaOf, elasticity } = seg;
  const model = problem.model;
  const { labMargin, weight, h, residual, free, rowA, rowB, colS, colE, diag, labOf } = ws;
  for (let a = 0; a < problem.count; a++) {
    const l = model[a];
    const pl = prices[l];
    const ml = pl - market.cost[l];
    for (let k = 0; k < kCount; k++) {
      const slk = share[k * m + l];
      colS[a * kCount + k] = slk;
      colE[a * kCount + k] = slk * (pl - alphaOf[k] * ml);
    }
  }
  for (let b = 0; b < nf; b++) {
    const a = free[b];
    const pj = prices[model[a]];
    const bigH = residual[a] * pj;
    const row = labOf[a] * kCount;
    let d = 0;
    for (let k = 0; k < kCount; k++) {
      const w = weight[a * kCount + k];
      const alpha = alphaOf[k];
      const gap = h[a * kCount + k] - bigH;
      const ae = alpha - elasticity[k];
      d += w * (-alpha * gap + (1 - alpha) * pj);
      rowA[b * kCount + k] = w * ae * (gap + alpha * labMargin[row + k]);
      rowB[b * kCount + k] = w * ae;
    }
    diag[b] = d - bigH;
  }
}

/**
 * moveS_k = sum_a S_ak d_a and moveE_fk = sum_{a in f} E_ak d_a over the NASH prices: with
 * `which` = -1 the moves in ws.fullStep (free prices hold 0 there), else the free moves in ws.step.
 */
function columnSums(market: NashMarket, problem: NashProblem, ws: NashWorkspace, which: number): void {
  const kCount = market.segments.count;
  const { colS, colE, moveS, moveE, fullStep, step, free, labOf } = ws;
  // Loops rather than fill(), a runtime call that costs more than these few entries.
  for (let k = 0; k < kCount; k++) moveS[k] = 0;
  for (let i = market.labCount * kCount - 1; i >= 0; i--) moveE[i] = 0;
  const count = which < 0 ? problem.count : which;
  for (let i = 0; i < count; i++) {
    const a = which < 0 ? i : free[i];
    const d = which < 0 ? fullStep[a] : step[i];
    if (d === 0) continue;
    const row = labOf[a] * kCount;
    for (let k = 0; k < kCount; k++) {
      moveS[k] += colS[a * kCount + k] * d;
      moveE[row + k] += colE[a * kCount + k] * d;
    }
  }
}

/**
 * Woodbury over the per-lab blocks M_f = diag + B_f E_f^T: X_f = M_f^-1 [rhs_f | A_f], then
 * (I + sum_f S_f^T M_f^-1 A_f) u = sum_f S_f^T M_f^-1 rhs_f and d_f = X_f[:,0] - X_f[:,1..K] u.
 */
function structuredSolve(market: NashMarket, problem: NashProblem, ws: NashWorkspace, nf: number): boolean {
  const kCount = market.segments.count;
  const width = kCount + 1;
  const { labStart, labCursor, order, blocks, pivots, solved, coupling, couplingRhs, couplingPivots, free, rowA, rowB, colS, colE, diag, rhs, step } = ws;
  const columns = ws.blockColumns;
  const labs = market.labCount;
  for (let f = 0; f <= labs; f++) labStart[f] = 0;
  const labOf = ws.labOf;
  for (let b = 0; b < nf; b++) labStart[labOf[free[b]] + 1]++;
  for (let f = 0; f < labs; f++) labStart[f + 1] += labStart[f];
  for (let f = 0; f <= labs; f++) labCursor[f] = labStart[f];
  for (let b = 0; b < nf; b++) order[labCursor[labOf[free[b]]]++] = b;

  for (let i = kCount * kCount - 1; i >= 0; i--) coupling[i] = 0;
  for (let k = 0; k < kCount; k++) couplingRhs[k] = 0;
  let offset = 0;
  for (let f = 0; f < labs; f++) {
    const start = labStart[f];
    const size = labStart[f + 1] - start;
    if (size === 0) continue;
    for (let c = 0; c < size; c++) columns[c] = free[order[start + c]] * kCount;
    for (let r = 0; r < size; r++) {
      const b = order[start + r];
      const rowStart = b * kCount;
      const blockRow = offset + r * size;
      for (let c = 0; c < size; c++) {
        const col = columns[c];
        let v = r === c ? diag[b] : 0;
        for (let k = 0; k < kCount; k++) v += rowB[rowStart + k] * colE[col + k];
        blocks[blockRow + c] = v;
      }
      const x = (start + r) * width;
      solved[x] = rhs[b];
      for (let k = 0; k < kCount; k++) solved[x + k + 1] = rowA[rowStart + k];
    }
    if (!luFactor(blocks, offset, size, pivots, start)) return false;
    luSolveRows(blocks, offset, size, pivots, start, solved, start * width, width);
    for (let r = 0; r < size; r++) {
      const s = free[order[start + r]] * kCount;
      const x = (start + r) * width;
      for (let k2 = 0; k2 < kCount; k2++) {
        const sv = colS[s + k2];
        if (sv === 0) continue;
        couplingRhs[k2] += sv * solved[x];
        for (let k = 0; k < kCount; k++) coupling[k2 * kCount + k] += sv * solved[x + k + 1];
      }
    }
    offset += size * size;
  }
  for (let k = 0; k < kCount; k++) coupling[k * kCount + k] += 1;
  if (!luFactor(coupling, 0, kCount, couplingPivots, 0)) return false;
  luSolve(coupling, 0, kCount, couplingPivots, 0, couplingRhs, 0, 1);
  for (let i = 0; i < nf; i++) {
    const x = i * width;
    let d = solved[x];
    for (let k = 0; k < kCount; k++) d -= solved[x + k + 1] * couplingRhs[k];
    if (!Number.isFinite(d)) return false;
    step[order[i]] = d;
  }
  return true;
}

/** Verifies (p J) d = rhs in factored form, so an ill-conditioned block falls back to the dense solve. */
function structuredCheck(market: NashMarket, problem: NashProblem, ws: NashWorkspace, nf: number): boolean {
  const kCount = market.segments.count;
  const { rowA, rowB, diag, rhs, step, moveS, moveE, free, labOf } = ws;
  columnSums(market, problem, ws, nf);
  let scale = 0;
  let worst = 0;
  for (let b = 0; b < nf; b++) {
    const row = labOf[free[b]] * kCount;
    let lhs = diag[b] * step[b];
    let size = Math.abs(lhs) + Math.abs(rhs[b]);
    for (let k = 0; k < kCount; k++) {
      const t = rowA[b * kCount + k] * moveS[k] + rowB[b * kCount + k] * moveE[row + k];
      lhs += t;
      size += Math.abs(t);
    }
    if (size > scale) scale = size;
    const err = Math.abs(lhs - rhs[b]);
    if (err > worst || Number.isNaN(err)) worst = err;
  }
  return worst <= STRUCTURED_TOLERANCE * scale;
}

/** The reduced system assembled densely and solved by LU with partial pivoting. */
function denseSolve(market: NashMarket, problem: NashProblem, ws: NashWorkspace, nf: number): boolean {
  const kCount = market.segments.count;
  const { reduced, rowA, rowB, colS, colE, diag, free, rhs, step, pivots } = ws;
  for (let b = 0; b < nf; b++) {
    const labJ = ws.labOf[free[b]];
    for (let c = 0; c < nf; c++) {
      const col = free[c] * kCount;
      const sameLab = ws.labOf[free[c]] === labJ;
      let v = b === c ? diag[b] : 0;
      for (let k = 0; k < kCount; k++) {
        v += colS[col + k] * rowA[b * kCount + k];
        if (sameLab) v += rowB[b * kCount + k] * colE[col + k];
      }
      reduced[b * nf + c] = v;
    }
    step[b] = rhs[b];
  }
  if (!luFactor(reduced, 0, nf, pivots, 0)) return false;
  luSolve(reduced, 0, nf, pivots, 0, step, 0, 1);
  for (let b = 0; b < nf; b++) if (!Number.isFinite(step[b])) return false;
  return true;
}

/** In-place LU with partial pivoting of the n x n matrix at a[off..]; false if singular. */
function luFactor(a: Float64Array, off: number, n: number, piv: Int32Array, pivOff: number): boolean {
  for (let col = 0; col < n; col++) {
    let p = col;
    let best = Math.abs(a[off + col * n + col]);
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(a[off + r * n + col]);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    piv[pivOff + col] = p;
    if (!(best > 1e-300) || !Number.isFinite(best)) return false;
    if (p !== col) {
      for (let c = 0; c < n; c++) {
        const t = a[off + col * n + c];
        a[off + col * n + c] = a[off + p * n + c];
        a[off + p * n + c] = t;
      }
    }
    const pv = a[off + col * n + col];
    for (let r = col + 1; r < n; r++) {
      const f = (a[off + r * n + col] /= pv);
      if (f === 0) continue;
      for (let c = col + 1; c < n; c++) a[off + r * n + c] -= f * a[off + col * n + c];
    }
  }
  return true;
}

/** Solves with the factors of `luFactor` for the vector x[xOff + i * stride], in place. */
function luSolve(a: Float64Array, off: number, n: number, piv: Int32Array, pivOff: number, x: Float64Array, xOff: number, stride: number): void {
  for (let i = 0; i < n; i++) {
    const p = piv[pivOff + i];
    if (p !== i) {
      const t = x[xOff + i * stride];
      x[xOff + i * stride] = x[xOff + p * stride];
      x[xOff + p * stride] = t;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = x[xOff + i * stride];
    for (let c = 0; c < i; c++) s -= a[off + i * n + c] * x[xOff + c * stride];
    x[xOff + i * stride] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[xOff + i * stride];
    for (let c = i + 1; c < n; c++) s -= a[off + i * n + c] * x[xOff + c * stride];
    x[xOff + i * stride] = s / a[off + i * n + i];
  }
}

/** Solves with the factors of `luFactor` for all `width` columns of the rows x[xOff + i * width ..], in place. */
function luSolveRows(a: Float64Array, off: number, n: number, piv: Int32Array, pivOff: number, x: Float64Array, xOff: number, width: number): void {
  for (let i = 0; i < n; i++) {
    const p = piv[pivOff + i];
    if (p === i) continue;
    for (let c = 0; c < width; c++) {
      const t = x[xOff + i * width + c];
      x[xOff + i * width + c] = x[xOff + p * width + c];
      x[xOff + p * width + c] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    for (let r = 0; r < i; r++) {
      const l = a[off + i * n + r];
      if (l === 0) continue;
      for (let c = 0; c < width; c++) x[xOff + i * width + c] -= l * x[xOff + r * width + c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let r = i + 1; r < n; r++) {
      const u = a[off + i * n + r];
      if (u === 0) continue;
      for (let c = 0; c < width; c++) x[xOff + i * width + c] -= u * x[xOff + r * width + c];
    }
    const d = a[off + i * n + i];
    for (let c = 0; c < width; c++) x[xOff + i * width + c] /= d;
  }
}

/**
 * Last resort when the Jacobian is singular: the markup fixed point m_j = (p_j + sum_k w_jk
 * (alpha_k - eps_k) M_fk) / sum_k w_jk alpha_k (the FOC solved for the own margin), as a log-price step.
 */
function fixedPointStep(market: NashMarket, problem: NashProblem, prices: Float64Array, ws: NashWorkspace, nf: number, step: Float64Array): void {
  const seg = market.segments;
  const kCount = seg.count;
  for (let b = 0; b < nf; b++) {
    const a = ws.free[b];
    const j = problem.model[a];
    const row = ws.labOf[a] * kCount;
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

/**
 * Quantiles with numpy's default "linear" method (MODEL.md section 7): the virtual index is
 * h = (n - 1) q, and the value interpolates between order statistics floor(h) and floor(h) + 1
 * with numpy's `_lerp` (which switches formula at t >= 0.5 so that t = 1 returns b exactly).
 */

/** The quantile levels of a result row, in column order. */
export const QUANTILE_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** numpy's `_lerp(a, b, t)`. */
export function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The q-quantile of values sorted ascending, numpy 'linear'; NaN for an empty list. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return lerp(sorted[lo]!, sorted[hi]!, h - lo);
}

/** The two order statistics (0-based ranks, n > 0) the q-quantile of n values interpolates between. */
export function quantileRanks(n: number, q: number): { lo: number; hi: number } {
  const lo = Math.floor((n - 1) * q);
  return { lo, hi: Math.min(lo + 1, n - 1) };
}

/** The ranks quantileByRank reads for the levels, ascending without repeats (two a level at most). */
export function ranksRead(n: number, levels: readonly number[]): number[] {
  const ranks: number[] = [];
  for (const q of levels) {
    const { lo, hi } = quantileRanks(n, q);
    insertRank(ranks, lo);
    insertRank(ranks, hi);
  }
  return ranks;
}

/** Puts rank into ranks (ascending, no repeats) unless it is there. */
function insertRank(ranks: number[], rank: number): void {
  let k = ranks.length;
  while (k > 0 && ranks[k - 1]! > rank) k--;
  if (k > 0 && ranks[k - 1] === rank) return;
  ranks.splice(k, 0, rank);
}

/** The value of rank r (0-based) by a lookup, interpolated as numpy 'linear' does. */
export function quantileByRank(n: number, q: number, valueAt: (rank: number) => number): number {
  if (n === 0) return NaN;
  const { lo, hi } = quantileRanks(n, q);
  const a = valueAt(lo);
  return lo === hi ? a : lerp(a, valueAt(hi), (n - 1) * q - lo);
}

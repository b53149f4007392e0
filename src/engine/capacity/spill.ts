/**
 * One round of spill (MODEL.md section 6). The unserved volume u_jk of model j in segment k goes to
 * each other model i of the segment as u_jk * s_ik / sum_{i' != j} s_i'k * min(1, (p_i/p_j)^-eps_k),
 * and each lab takes the offers to its models on a GPU type up to its spare hours of that type.
 *
 * Done naively this is O(M^2) per segment. Since the re-pricing factor is 1 when p_i <= p_j and
 * exp(-eps (ln p_i - ln p_j)) otherwise, sorting the segment's models by price turns both sums (offers
 * received, offers taken) into prefix/suffix sums and one sweep whose running sum is only ever
 * scaled down (factors <= 1), so it neither overflows nor loses the order of magnitude.
 *
 * Each segment's sorted list and weights are kept from the offers pass for the taking pass (they
 * depend only on demand and own service), and so are the re-pricing factors between neighbouring
 * price groups: the taking sweep needs exp(-eps (ln p_hi - ln p_lo)) of the same pairs. The sweeps
 * read each listed model's share, ln p and weight by its position in the list, copied there once
 * per segment, rather than through the model index on every read.
 */
import type { CapacityInput, CapacityOutput } from './allocate-capacity.js';
import { capacityScratch } from './capacity-scratch.js';

/** Module-level, so that optimised code folds its arrays in (capacity-scratch.ts). */
const scratch = capacityScratch;

/**
 * Spills every rationed model's unserved volume once (MODEL.md section 6): fills offerTo, poolFactor
 * and taken, and allocateCapacity then spillIn.
 * `logPrice`, when given, holds ln p_j of the available models (computeDemand's), used where p_j > 0.
 */
export function spill(input: CapacityInput, out: CapacityOutput, poolCount: number, logPrice?: Float64Array): void {
  const { cloudBurst, gpuCount, segmentCount } = input;
  const { rentedHours } = out;
  const { poolLeft, poolOffered, poolFactor, segmentLength } = scratch;
  sortByPrice(input, out, logPrice);

  for (let k = 0; k < segmentCount; k++) {
    const n = collectSegment(input, out, k);
    segmentLength[k] = n;
    if (n > 0) collectOffers(input, k, n);
  }

  for (let p = 0; p < poolCount; p++) {
    const offered = poolOffered[p]!;
    if (!(offered > 0)) {
      poolFactor[p] = 0;
      continue;
    }
    if (cloudBurst[Math.floor(p / gpuCount)]) {
      // Renting without limit: own spare hours first, the rest from the market.
      poolFactor[p] = 1;
      const own = Math.min(poolLeft[p]!, offered);
      rentedHours[p] = rentedHours[p]! + (offered - own);
      poolLeft[p] = poolLeft[p]! - own;
    } else {
      const factor = Math.min(1, poolLeft[p]! / offered);
      poolFactor[p] = factor;
      poolLeft[p] = factor >= 1 ? poolLeft[p]! - offered : 0;
    }
  }

  for (let k = 0; k < segmentCount; k++) {
    const n = segmentLength[k]!;
    if (n > 0) countTaken(input, k, n);
  }
  // allocateCapacity's final loop, which visits every available model anyway, takes the offers in
  // (spillIn_j = offerTo_j f_pool(j)) and clamps taken to unserved (a model never passes on more
  // than it could not serve).
}

/**
 * All available models ascending by price (ties by index) into byPrice, with ln p_j in the scratch's
 * logPrice; zeroes offerTo and taken of the available models.
 * Starting from last period's order keeps the insertion sort near O(M): prices move slowly.
 */
function sortByPrice(input: CapacityInput, out: CapacityOutput, given: Float64Array | undefined): void {
  const { order, orderLength, price } = input;
  const { byPrice, byPriceOrder } = out;
  const { logPrice, offerTo, taken } = scratch;
  // byPrice holds the available models of the order it was built from: when that is this order
  // (the available models change in few periods), it needs no rebuilding.
  let same = out.byPriceLength === orderLength;
  for (let o = 0; o < orderLength; o++) {
    const j = order[o]!;
    const p = price[j]!;
    logPrice[j] = given !== undefined && p > 0 ? given[j]! : Math.log(p);
    offerTo[j] = 0;
    taken[j] = 0;
    if (byPriceOrder[o] !== j) {
      byPriceOrder[o] = j;
      same = false;
    }
  }
  let n = orderLength;
  if (!same) n = keepAvailable(order, orderLength, out);
  out.byPriceLength = n;
  // The largest entry placed so far is kept in locals, so that an entry already in place after it
  // (most: prices move slowly) is one comparison, without entering the shifting loop.
  let lastJ = n > 1 ? byPrice[0]! : 0;
  let lastLog = n > 1 ? logPrice[lastJ]! : 0;
  for (let q = 1; q < n; q++) {
    const j = byPrice[q]!;
    const lp = logPrice[j]!;
    if (!(lastLog > lp || (lastLog === lp && lastJ > j))) {
      lastJ = j;
      lastLog = lp;
      continue;
    }
    let at = q;
    while (at > 0 && (logPrice[byPrice[at - 1]!]! > lp || (logPrice[byPrice[at - 1]!] === lp && byPrice[at - 1]! > j))) {
      byPrice[at] = byPrice[at - 1]!;
      at--;
    }
    byPrice[at] = j;
  }
}

/** Keeps in byPrice the models of the order, in their byPrice order, then appends the new ones; returns the count. */
function keepAvailable(order: Int32Array, orderLength: number, out: CapacityOutput): number {
  const { byPrice, mark } = out;
  for (let o = 0; o < orderLength; o++) mark[order[o]!] = 1;
  let n = 0;
  for (let q = 0; q < out.byPriceLength; q++) {
    const j = byPrice[q]!;
    if (mark[j] === 1) {
      byPrice[n++] = j;
      mark[j] = 2;
    }
  }
  for (let o = 0; o < orderLength; o++) {
    const j = order[o]!;
    if (mark[j] === 1) byPrice[n++] = j;
    mark[j] = 0;
  }
  return n;
}

/**
 * Lists the segment's models in sorted[k * M ...], ascending by price (ties by index), with each
 * one's share s_jk, ln p_j and weight u_jk / sum_{i != j} s_ik (0 unless it is rationed) at the same
 * position of sortedShare, sortedLog and weight, and the weights' suffix sums in partial (for
 * collectOffers, which runs before the next segment's). Returns the count, or 0 when no model of
 * the segment is rationed (nothing to spill there).
 */
function collectSegment(input: CapacityInput, out: CapacityOutput, k: number): number {
  const { orderLength, share, demand, segmentVolume, modelCount: M } = input;
  const { byPrice } = out;
  const { sorted, sortedShare, sortedLog, weight, unserved, logPrice, partial: suffix } = scratch;
  const base = k * M;
  let n = 0;
  let total = 0;
  let rationed = false;
  for (let o = 0; o < orderLength; o++) {
    const i = byPrice[o]!;
    const s = share[base + i]!;
    if (!(s > 0)) continue;
    total += s;
    sortedShare[base + n] = s;
    sortedLog[base + n] = logPrice[i]!;
    sorted[base + n++] = i;
  }
  const q = segmentVolume[k]!;
  // Dearest first, so that collectOffers' suffix sums of the weights (same adds, same order) come
  // with the weights.
  let acc = 0;
  for (let m = n - 1; m >= 0; m--) {
    const j = sorted[base + m]!;
    const u = unserved[j]!;
    let w = 0;
    if (u > 0) {
      rationed = true;
      const s = sortedShare[base + m]!;
      let others = total - s;
      if (s > 0.5) {
        // Sum the others directly rather than 1 - s_jk: keeps precision when s_jk is near 1.
        others = 0;
        for (let b = 0; b < n; b++) if (b !== m) others += sortedShare[base + b]!;
      }
      if (others > 0) w = (u * s * q) / demand[j]! / others;
    }
    weight[base + m] = w;
    acc += w;
    suffix[m] = acc;
  }
  // Whether a listed model is rationed is known only here (87% of preset segments are), rather
  // than from an extra load and test per model of the listing loop.
  return rationed ? n : 0;
}

/**
 * offerTo[i] += s_ik (sum_{j != i, p_j >= p_i} w_j + sum_{p_j < p_i} w_j (p_i/p_j)^-eps); records in
 * groupFactor[k * M + g] the factor applied at the price group starting at g (NaN where none was).
 */
function collectOffers(input: CapacityInput, k: number, n: number): void {
  const { modelCount: M, hoursPerMTokens: e } = input;
  const eps = input.elasticity[k]!;
  const { sorted, sortedShare, sortedLog, weight, partial: suffix, offerTo, poolOffered, groupFactor, pool } = scratch;
  const base = k * M;
  // One flat loop, a price group starting wherever ln p differs from the last position's (NaN
  // starts one each time, as `===` fails). Nearly every group is one model, and a loop per group
  // would cost each model a second loop head (a stack check, and the input arrays checked again).
  let cheaper = 0;
  let next = 0;
  let prevLog = 0;
  let groupLog = NaN;
  let groupSuffix = 0;
  for (let m = 0; m < n; m++) {
    const lp = sortedLog[base + m]!;
    if (!(lp === groupLog)) {
      // The group's offers see `cheaper` as it stood at its start; its weights join it in list order.
      cheaper = next;
      let factor = NaN;
      if (cheaper > 0) {
        factor = Math.exp(-eps * (lp - prevLog));
        cheaper *= factor;
      }
      groupFactor[base + m] = factor;
      groupSuffix = suffix[m]!;
      next = cheaper;
      prevLog = groupLog = lp;
    }
    const w = weight[base + m]!;
    const offer = sortedShare[base + m]! * (cheaper + groupSuffix - w);
    next += w;
    if (offer > 0) {
      const i = sorted[base + m]!;
      offerTo[i] = offerTo[i]! + offer;
      const p = pool[i]!;
      poolOffered[p] = poolOffered[p]! + offer * e[i]!;
    }
  }
}

/**
 * taken[j] += w_j (sum_{i != j, p_i <= p_j} v_i + sum_{p_i > p_j} v_i (p_i/p_j)^-eps), v_i = s_ik f_pool(i);
 * v and its prefix sums are kept side by side in value (2m, 2m + 1).
 */
function countTaken(input: CapacityInput, k: number, n: number): void {
  const { modelCount: M } = input;
  const eps = input.elasticity[k]!;
  const { sorted, sortedShare, sortedLog, weight, value, poolFactor, taken, groupFactor, pool } = scratch;
  const base = k * M;
  let acc = 0;
  for (let m = 0; m < n; m++) {
    const v = sortedShare[base + m]! * poolFactor[pool[sorted[base + m]!]!]!;
    acc += v;
    value[m << 1] = v;
    value[(m << 1) | 1] = acc;
  }
  let dearer = 0;
  let prevLog = 0;
  for (let g1 = n - 1; g1 >= 0; ) {
    const lp = sortedLog[base + g1]!;
    if (dearer > 0) {
      // The factor between this group and the next dearer one, which starts at g1 + 1: the same
      // exp(-eps (ln p_hi - ln p_lo)) collectOffers applied there, unless it skipped it.
      let factor = groupFactor[base + g1 + 1]!;
      if (Number.isNaN(factor)) factor = Math.exp(-eps * (prevLog - lp));
      dearer *= factor;
    }
    // As in collectOffers: the group sees `dearer` as it stood at its start, and its values join
    // `next` in list order.
    let g0 = g1;
    while (g0 > 0 && sortedLog[base + g0 - 1] === lp) g0--;
    let next = dearer;
    const top = value[(g1 << 1) | 1]!;
    for (let m = g0; m <= g1; m++) {
      const v = value[m << 1]!;
      next += v;
      const w = weight[base + m]!;
      const received = top - v + dearer;
      if (w > 0 && received > 0) {
        const j = sorted[base + m]!;
        taken[j] = taken[j]! + w * received;
      }
    }
    dearer = next;
    prevLog = lp;
    g1 = g0 - 1;
  }
}

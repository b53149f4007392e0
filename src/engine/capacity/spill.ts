/**
 * One round of spill (MODEL.md section 6). The unserved volume u_jk of model j in segment k goes to
 * each other model i of the segment as u_jk * s_ik / sum_{i' != j} s_i'k * min(1, (p_i/p_j)^-eps_k),
 * and each lab takes the offers to its models on a GPU type up to its spare hours of that type.
 *
 * Done naively this is O(M^2) per segment. Since the re-pricing factor is 1 when p_i <= p_j and
 * exp(-eps (ln p_i - ln p_j)) otherwise, sorting the segment's models by price turns both sums (offers
 * received, offers taken) into prefix/suffix sums and one sweep whose running sum is only ever
 * scaled down (factors <= 1), so it neither overflows nor loses the order of magnitude.
 */
import type { CapacityInput, CapacityOutput } from './allocate-capacity.js';

/** Spills every rationed model's unserved volume once; fills spillIn and taken (MODEL.md section 6). */
export function spill(input: CapacityInput, out: CapacityOutput, poolCount: number): void {
  const { order, orderLength, lab, gpu, cloudBurst, gpuCount, price, segmentCount } = input;
  const { poolLeft, poolOffered, poolFactor, offerTo, spillIn, rentedHours, logPrice } = out;
  // All available models ascending by price (ties by index), once; each segment filters this list.
  // Starting from last period's order keeps the insertion sort near O(M): prices move slowly.
  const { byPrice, mark } = out;
  for (let o = 0; o < orderLength; o++) {
    const j = order[o]!;
    logPrice[j] = Math.log(price[j]!);
    mark[j] = 1;
  }
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
  out.byPriceLength = n;
  for (let q = 1; q < n; q++) {
    const j = byPrice[q]!;
    const lp = logPrice[j]!;
    let at = q;
    while (at > 0 && (logPrice[byPrice[at - 1]!]! > lp || (logPrice[byPrice[at - 1]!] === lp && byPrice[at - 1]! > j))) {
      byPrice[at] = byPrice[at - 1]!;
      at--;
    }
    byPrice[at] = j;
  }

  for (let k = 0; k < segmentCount; k++) {
    const n = collectSegment(input, out, k);
    if (n > 0) collectOffers(input, out, k, n);
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

  for (let o = 0; o < orderLength; o++) {
    const j = order[o]!;
    if (offerTo[j]! > 0) spillIn[j] = offerTo[j]! * poolFactor[lab[j]! * gpuCount + gpu[j]!]!;
  }
  for (let k = 0; k < segmentCount; k++) {
    const n = collectSegment(input, out, k);
    if (n > 0) countTaken(input, out, k, n);
  }
  // Guard against rounding: a model never passes on more than it could not serve.
  const { demand } = input;
  const { taken, ownServed } = out;
  for (let o = 0; o < orderLength; o++) {
    const j = order[o]!;
    const unserved = demand[j]! - ownServed[j]!;
    if (taken[j]! > unserved) taken[j] = unserved;
  }
}

/**
 * Lists the segment's models in `sorted`, ascending by price (ties by index), and sets each one's
 * weight w_j = u_jk / sum_{i != j} s_ik (0 unless it is rationed). Returns the count, or 0 when no
 * model of the segment is rationed (nothing to spill there).
 */
function collectSegment(input: CapacityInput, out: CapacityOutput, k: number): number {
  const { orderLength, share, demand, segmentVolume, modelCount: M } = input;
  const { sorted, weight, ownServed, byPrice } = out;
  let n = 0;
  let total = 0;
  let rationed = false;
  for (let o = 0; o < orderLength; o++) {
    const i = byPrice[o]!;
    const s = share[k * M + i]!;
    if (!(s > 0)) continue;
    total += s;
    if (demand[i]! - ownServed[i]! > 0) rationed = true;
    sorted[n++] = i;
  }
  if (!rationed) return 0;
  const q = segmentVolume[k]!;
  for (let m = 0; m < n; m++) {
    const j = sorted[m]!;
    const x = demand[j]!;
    const unserved = x - ownServed[j]!;
    weight[j] = 0;
    if (!(unserved > 0)) continue;
    const s = share[k * M + j]!;
    let others = total - s;
    if (s > 0.5) {
      // Sum the others directly rather than 1 - s_jk: keeps precision when s_jk is near 1.
      others = 0;
      for (let b = 0; b < n; b++) if (sorted[b] !== j) others += share[k * M + sorted[b]!]!;
    }
    if (others > 0) weight[j] = (unserved * s * q) / x / others;
  }
  return n;
}

/** offerTo[i] += s_ik (sum_{j != i, p_j >= p_i} w_j + sum_{p_j < p_i} w_j (p_i/p_j)^-eps). */
function collectOffers(input: CapacityInput, out: CapacityOutput, k: number, n: number): void {
  const { share, lab, gpu, gpuCount, modelCount: M, hoursPerMTokens: e } = input;
  const eps = input.elasticity[k]!;
  const { sorted, weight, logPrice, partial: suffix, offerTo, poolOffered } = out;
  let acc = 0;
  for (let m = n - 1; m >= 0; m--) {
    acc += weight[sorted[m]!]!;
    suffix[m] = acc;
  }
  let cheaper = 0;
  let prevLog = 0;
  for (let g0 = 0; g0 < n; ) {
    const lp = logPrice[sorted[g0]!]!;
    let g1 = g0 + 1;
    while (g1 < n && logPrice[sorted[g1]!] === lp) g1++;
    if (cheaper > 0) cheaper *= Math.exp(-eps * (lp - prevLog));
    for (let m = g0; m < g1; m++) {
      const i = sorted[m]!;
      const offer = share[k * M + i]! * (cheaper + suffix[g0]! - weight[i]!);
      if (offer > 0) {
        offerTo[i] = offerTo[i]! + offer;
        const pool = lab[i]! * gpuCount + gpu[i]!;
        poolOffered[pool] = poolOffered[pool]! + offer * e[i]!;
      }
    }
    for (let m = g0; m < g1; m++) cheaper += weight[sorted[m]!]!;
    prevLog = lp;
    g0 = g1;
  }
}

/** taken[j] += w_j (sum_{i != j, p_i <= p_j} v_i + sum_{p_i > p_j} v_i (p_i/p_j)^-eps), v_i = s_ik f_pool(i). */
function countTaken(input: CapacityInput, out: CapacityOutput, k: number, n: number): void {
  const { share, lab, gpu, gpuCount, modelCount: M } = input;
  const eps = input.elasticity[k]!;
  const { sorted, weight, logPrice, partial: prefix, poolFactor, taken } = out;
  let acc = 0;
  for (let m = 0; m < n; m++) {
    const i = sorted[m]!;
    acc += share[k * M + i]! * poolFactor[lab[i]! * gpuCount + gpu[i]!]!;
    prefix[m] = acc;
  }
  let dearer = 0;
  let prevLog = 0;
  for (let g1 = n - 1; g1 >= 0; ) {
    const lp = logPrice[sorted[g1]!]!;
    let g0 = g1;
    while (g0 > 0 && logPrice[sorted[g0 - 1]!] === lp) g0--;
    if (dearer > 0) dearer *= Math.exp(-eps * (prevLog - lp));
    for (let m = g0; m <= g1; m++) {
      const j = sorted[m]!;
      const w = weight[j]!;
      if (!(w > 0)) continue;
      const own = share[k * M + j]! * poolFactor[lab[j]! * gpuCount + gpu[j]!]!;
      const received = prefix[g1]! - own + dearer;
      if (received > 0) taken[j] = taken[j]! + w * received;
    }
    for (let m = g0; m <= g1; m++) {
      const i = sorted[m]!;
      dearer += share[k * M + i]! * poolFactor[lab[i]! * gpuCount + gpu[i]!]!;
    }
    prevLog = lp;
    g1 = g0 - 1;
  }
}

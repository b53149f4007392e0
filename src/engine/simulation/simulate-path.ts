/**
 * One deterministic path of the frontier market (MODEL.md sections 0, 2, 3, 6, 7 with E1b's pricing
 * of section 4 and demand of section 5): each period, serving costs, tiers and leaders, prices,
 * demand, capacity and spill, lab financials, and the GPU rental market, recorded as series.
 */
import { allocateCapacity } from '../capacity/allocate-capacity.js';
import { demandAtSolution } from '../demand/demand-plan.js';
import { computeDemand } from '../demand/logit-demand.js';
import { rememberedVolumeScale } from '../demand/segment-volume.js';
import { labOperatingProfit, runwayPeriods } from '../financials/lab-financials.js';
import { nextRentalPrice } from '../gpu-market/rental-price.js';
import { PowMemo } from '../pow-memo.js';
import { setPrices } from '../pricing/set-prices.js';
import type { Scenario } from '../scenario/types.js';
import { rawHoursFromCost, servingGain } from '../serving-cost/roofline.js';
import { advanceTierState } from '../tiers/tier-state.js';
import { calendarFor, type Calendar } from '../time.js';
import { consumerSurplus } from './consumer-surplus.js';
import { K as MARKET, L as LAB, M as MODEL, PathRecorder, S as SEGMENT } from './path-recorder.js';
import type { BufferPool } from './buffer-pool.js';
import { canPatchChanged, canPatchFrame, patchFrame } from './frame-patch.js';
import { tiersOf, updateMembership } from './membership.js';
import { buildFrame, releaseFrame, type Frame, type PathState } from './period-frame.js';
import { periodScratch } from './period-scratch.js';
import type { PathResult, Timeline } from './types.js';

// Module-level copies: a transpiled import is a getter call on every access in the hot loop.
const M = MODEL;
const L = LAB;
const S = SEGMENT;
const K = MARKET;
/** Module-level, so that optimised code folds its arrays in (period-scratch.ts). */
const scratch = periodScratch;

/**
 * Powers every path raises at period t (see PowMemo): S(t) = servingGain(g, years) in slot
 * t * (2 + segments), the GPU supply's growth (gpuSupplyHours) in the next, then each segment's
 * growth (volumeScale). Shared by the paths of a thread (one runs at a time).
 */
const periodPowers = new PowMemo(256);
/** periodGrowth's S(t) and supply growth of the period. */
const growthOut = new Float64Array(2);

/**
 * Period t's powers of `years`: S(t) and the GPU supply's growth into growthOut, each segment's
 * A_k(t) into the frame's segment arrays, with periodPowers' remembered powers (the same bits).
 */
function periodGrowth(f: Frame, t: number, years: number): void {
  const p = f.p;
  const sc = f.scenario;
  const slot = t * (2 + p.segmentCount);
  growthOut[0] = periodPowers.pow(slot, sc.technology.servingEfficiencyGainPerYear, years);
  growthOut[1] = periodPowers.pow(slot + 1, sc.gpuMarket.supplyGrowthPerYear, years);
  const scale = f.segments.volumeScale;
  for (let s = 0; s < p.segmentCount; s++) {
    // NaN (no saturation volume) gives exponential growth, as undefined does.
    scale[s] = rememberedVolumeScale(periodPowers, slot + 2 + s, p.baseVolume[s]!, p.growthPerYear[s]!, years, p.saturationVolume[s]!);
  }
}

/** Simulates one path over the timeline's periods and returns every series of MODEL.md section 7. */
export function simulatePath(timeline: Timeline, pool?: BufferPool): PathResult {
  const periods = timeline.periods;
  const rec = new PathRecorder(periods, pool);
  if (periods <= 0) return rec.toResult();
  const first = timeline.at(0);
  const calendar = calendarFor(first.startDate, first.periodMonths, periods);
  const state: PathState = {
    prevPrice: [],
    prevCost: [],
    derivedHours: [],
    derivedFrom: [],
    cash: [],
    statedCash: [],
    cashExhausted: [],
    rentalPrice: first.gpuMarket.rentalPrice,
    statedRentalPrice: first.gpuMarket.rentalPrice,
  };
  let frame: Frame | undefined;
  let frameScenario: Scenario | undefined;
  for (let t = 0; t < periods; t++) {
    const scenario = timeline.at(t);
    if (frame === undefined || scenario !== frameScenario) {
      if (frame !== undefined && canPatchAt(timeline, t, frameScenario!, scenario)) patchFrame(frame, scenario, state);
      else {
        if (frame !== undefined) releaseFrame(frame);
        frame = buildFrame(scenario, calendar, state, rec);
      }
      frameScenario = scenario;
    }
    stepPeriod(frame, t, calendar, state, rec);
  }
  if (frame !== undefined) releaseFrame(frame);
  return rec.toResult();
}

/**
 * canPatchFrame(from, to) for the frame's scenario `from`, which is at(t - 1) (the loop moves the
 * frame to every new scenario), so the timeline's changed keys, when it knows them, are from it.
 */
function canPatchAt(timeline: Timeline, t: number, from: Scenario, to: Scenario): boolean {
  const changed = timeline.changedKeys?.(t);
  return changed !== undefined ? canPatchChanged(from, to, changed) : canPatchFrame(from, to);
}

function stepPeriod(f: Frame, t: number, calendar: Calendar, state: PathState, rec: PathRecorder): void {
  const p = f.p;
  const sc = f.scenario;
  const T = rec.periods;
  const years = calendar.years(t);
  const hoursPerPeriod = calendar.hoursPerPeriod;
  const periodStartMonth = calendar.periodStartMonth(t);
  periodGrowth(f, t, years);
  const gain = growthOut[0]!; // servingGain(g, years)
  const loadFactor = sc.technology.loadFactor;
  const fleetScale = loadFactor * gain;
  const rental = state.rentalPrice;
  // The frame's per-model arrays are the scratch's (buildFrame); `price` is the pricing workspace's.
  const { hours, effHours, cost } = scratch;
  const price = f.price;

  // Availability and serving cost (section 2). Bases precede their successors in index order.
  // Plain loops: TypedArray fill is a runtime call, costly for a handful of labs.
  for (let l = 0; l < p.labCount; l++) {
    f.cashExhausted[l] = state.cashExhausted[f.globalLab[l]!]!;
    scratch.revenue[l] = 0;
    scratch.servingCost[l] = 0;
    scratch.trainingCost[l] = 0;
    scratch.rented[l] = 0;
  }
  // The released and available models change only in periods where a model is released or
  // retired (or the frame is new): in the others last period's list and tier state hold.
  const now = f.tierStale || p.membershipChangesAt[t] === 1 ? updateMembership(f, t, state) : undefined;
  // The available models in index order: the loops below visit only them, in the order a scan of
  // every model would (so sums over them add in the same order).
  const availableModels = scratch.availableModels;
  const availableCount = f.availableCount;
  // Locals: property loads inside a loop that stores to typed arrays are not hoisted for us.
  const { globalModel, prevPrice, prevCost, historyPrice, burst, gpuTco, hasHistory, lab } = scratch;
  const statePrevPrice = state.prevPrice;
  const statePrevCost = state.prevCost;
  const history = p.historyPrice;
  for (let a = 0; a < availableCount; a++) {
    const j = availableModels[a]!;
    const g = globalModel[j]!;
    prevPrice[j] = statePrevPrice[g]!;
    prevCost[j] = statePrevCost[g]!;
    const hourCost = burst[j] ? rental : gpuTco[j]!;
    // Derived once per frame: once found, h_j stays (derivedHours would return the same value).
    if (Number.isNaN(hours[j]!)) hours[j] = derivedHours(f, j, state, t, calendar);
    effHours[j] = hours[j]! / fleetScale; // e_j = h_j / (loadFactor S(t)), as effectiveGpuHours
    cost[j] = effHours[j]! * hourCost;
    historyPrice[j] = hasHistory[j] ? history[j]![t]! : NaN;
  }

  // Tiers and leaders (section 3), then prices (section 4) and demand (section 5).
  f.tierInput.periodStartMonth = periodStartMonth;
  // The tier state in force is the pricing context's: the memo's (shared) one while the models stay.
  if (now !== undefined) f.pricingContext.tiers = tiersOf(now, f);
  else advanceTierState(f.pricingContext.tiers, periodStartMonth);
  f.tierStale = false;
  f.pricingContext.periodStartMonth = periodStartMonth;
  // Prices land in `price`, which is the pricing workspace's buffer (buildFrame).
  const priced = setPrices(f.pricingContext, f.pricing);
  // After a NASH solve the frame's demand output (the solver's) is at these prices but for spend
  // and price index; otherwise it is computed from scratch, but for ln s_jk, which only the
  // solver reads (after its own evaluation), and for the unavailable models, which nothing reads.
  if (f.pricing.solved) demandAtSolution(f.demandInput, f.pricing.nash.plan, f.demand);
  else computeDemand(f.demandInput, f.demand, true, false, availableModels, availableCount);

  // Capacity and spill (section 6). The order changes only with the available models (updateMembership).
  if (f.fleetStale) fleetHours(f, hoursPerPeriod);
  allocateCapacity(f.capacityInput, f.capacity, p.labCount * p.gpuCount, f.demand.logPrice);
  const { served, spillIn, lost } = f.capacity;

  // Model rows and per-lab sums. Values are read once into locals: a store to any typed array
  // makes the optimiser load every typed-array element again (it may be the same memory).
  const { revenue, servingCost } = scratch;
  let totalTokens = 0;
  let gpuDemand = 0;
  for (let a = 0; a < availableCount; a++) {
    const j = availableModels[a]!;
    const x = served[j]!;
    const l = lab[j]!;
    totalTokens += x;
    gpuDemand += x * effHours[j]!;
    revenue[l] += price[j]! * x;
    servingCost[l] += cost[j]! * x;
  }
  const demandOut = f.demand;
  const { tier, capability } = scratch;
  const modelBuffers = rec.models.buffers;
  const demand = demandOut.demand;
  for (let a = 0; a < availableCount; a++) {
    const j = availableModels[a]!;
    const g = globalModel[j]!;
    const pj = price[j]!;
    const cj = cost[j]!;
    const x = served[j]!;
    statePrevPrice[g] = pj;
    statePrevCost[g] = cj;
    const buf = modelBuffers[g]!;
    buf[M.price * T + t] = pj;
    buf[M.cost * T + t] = cj;
    buf[M.markupMultiple * T + t] = pj / cj;
    buf[M.tier * T + t] = tier[j]!;
    buf[M.capability * T + t] = capability[j]!;
    buf[M.demand * T + t] = demand[j]!;
    buf[M.served * T + t] = x;
    buf[M.spillIn * T + t] = spillIn[j]!;
    buf[M.lost * T + t] = lost[j]!;
    buf[M.marketShare * T + t] = totalTokens > 0 ? x / totalTokens : 0;
    buf[M.revenue * T + t] = pj * x;
    buf[M.grossProfit * T + t] = (pj - cj) * x;
    buf[M.gpuHours * T + t] = x * effHours[j]!;
  }

  // Shares of the available models only (about half of a preset period's eligible pairs).
  const { shareStart, sharePosition } = scratch;
  const shareSeries = f.shareSeries;
  const shares = demandOut.share;
  for (let a = 0; a < availableCount; a++) {
    const j = availableModels[a]!;
    const end = shareStart[j + 1]!;
    for (let i = shareStart[j]!; i < end; i++) shareSeries[i]![t] = shares[sharePosition[i]!]!;
  }

  // Lab financials (section 7). Locals again: the loop stores to typed arrays.
  const { fleetTco, globalLab, poolHours } = f;
  const { rented, trainingCost: labTrainingCost } = scratch;
  const { ownedHoursUsed, rentedHours } = f.capacity;
  const { fixedCost, statesCash, gpuCount } = p;
  const { cash: stateCash, cashExhausted } = state;
  const labBuffers = rec.labs.buffers;
  let totalRevenue = 0;
  for (let l = 0; l < p.labCount; l++) {
    let ownedUsed = 0;
    let ownedAvailable = 0;
    let rentedOfLab = rented[l]!;
    for (let g = 0; g < gpuCount; g++) {
      const pool = l * gpuCount + g;
      ownedUsed += ownedHoursUsed[pool]!;
      ownedAvailable += poolHours[pool]!;
      rentedOfLab += rentedHours[pool]!;
    }
    rented[l] = rentedOfLab;
    const gl = globalLab[l]!;
    const labRevenue = revenue[l]!;
    const labTraining = labTrainingCost[l]!;
    const fixed = fixedCost[l]!;
    const fleetCost = fleetTco[l]! + rentedOfLab * rental;
    const operatingProfit = labOperatingProfit(labRevenue, fleetCost, fixed, labTraining);
    const cash = stateCash[gl]! + operatingProfit;
    stateCash[gl] = cash;
    if (statesCash[l] && cash < 0) cashExhausted[gl] = 1;
    totalRevenue += labRevenue;
    const buf = labBuffers[gl]!;
    buf[L.revenue * T + t] = labRevenue;
    buf[L.servingCost * T + t] = servingCost[l]!;
    buf[L.fleetCost * T + t] = fleetCost;
    buf[L.fixedCost * T + t] = fixed;
    buf[L.trainingCost * T + t] = labTraining;
    buf[L.operatingProfit * T + t] = operatingProfit;
    buf[L.cash * T + t] = cash;
    buf[L.utilization * T + t] = ownedAvailable > 0 ? ownedUsed / ownedAvailable : 0;
    buf[L.runwayPeriods * T + t] = runwayPeriods(operatingProfit, cash);
  }

  // Segments.
  const tiers = f.pricingContext.tiers;
  const { labsAtTier, leaderModel } = tiers;
  const cheapestAt = cheapestPriceByTier(f, availableCount);
  const { volume: segmentVolume, priceIndex, spend, eligibleCount } = demandOut;
  const { segmentTier, elasticity, referencePrice } = p;
  const globalSegment = f.globalSegment;
  const segmentBuffers = rec.segments.buffers;
  for (let s = 0; s < p.segmentCount; s++) {
    const buf = segmentBuffers[globalSegment[s]!]!;
    const tier = segmentTier[s]!;
    const volume = segmentVolume[s]!;
    const index = priceIndex[s]!;
    const hasEligible = eligibleCount[s]! > 0;
    const cheapest = tier >= 0 ? cheapestAt[tier]! : Infinity;
    buf[S.volume * T + t] = volume;
    buf[S.spend * T + t] = spend[s]!;
    buf[S.priceIndex * T + t] = hasEligible ? index : NaN;
    buf[S.cheapestPrice * T + t] = cheapest < Infinity ? cheapest : NaN;
    buf[S.consumerSurplus * T + t] = hasEligible ? consumerSurplus(volume, index, elasticity[s]!, referencePrice[s]!) : 0;
    buf[S.labsAtTier * T + t] = tier >= 0 ? labsAtTier[tier]! : 0;
    const leader = tier >= 0 ? leaderModel[tier]! : -1;
    buf[S.leaderPremium * T + t] = leader >= 0 ? price[leader]! / cost[leader]! : NaN;
  }

  // Market and the GPU rental price for next period (section 6).
  let hhi = 0;
  if (totalRevenue > 0) {
    for (let l = 0; l < p.labCount; l++) {
      const share = (100 * revenue[l]!) / totalRevenue;
      hhi += share * share;
    }
  }
  const market = sc.gpuMarket;
  const demandHours = gpuDemand + f.nonServingHours + market.exogenousDemandHours;
  // gpuSupplyHours(supplyHours, growth, years) with periodGrowth's power.
  const utilization = demandHours / (market.supplyHours * growthOut[1]!);
  const mk = rec.market;
  mk[K.totalTokens * T + t] = totalTokens;
  mk[K.totalSpend * T + t] = totalRevenue;
  mk[K.hhi * T + t] = totalRevenue > 0 ? hhi : NaN;
  mk[K.gpuDemandHours * T + t] = demandHours;
  mk[K.gpuUtilization * T + t] = utilization;
  mk[K.gpuRentalPrice * T + t] = rental;
  mk[K.frontierTier * T + t] = tiers.frontierTier;
  mk[K.nashConverged * T + t] = priced.nashConverged;
  state.rentalPrice = nextRentalPrice(rental, utilization, market.targetUtilization, market.priceElasticity);
}

/**
 * The frame's pool hours for serving, each lab's fleet TCO and the hours outside serving, a period:
 * the same every period until the fleets change, so computed when they do (the same operations in
 * the same order as a per-period loop).
 */
function fleetHours(f: Frame, hoursPerPeriod: number): void {
  const p = f.p;
  const fleet = f.fleet;
  let nonServingHours = 0;
  for (let l = 0; l < p.labCount; l++) {
    let fleetTco = 0;
    for (let g = 0; g < p.gpuCount; g++) {
      const pool = l * p.gpuCount + g;
      f.poolHours[pool] = p.servingShare[l]! * fleet[pool]! * hoursPerPeriod;
      fleetTco += fleet[pool]! * hoursPerPeriod * p.tcoPerHour[g]!;
      nonServingHours += (1 - p.servingShare[l]!) * fleet[pool]! * hoursPerPeriod;
    }
    f.fleetTco[l] = fleetTco;
  }
  f.nonServingHours = nonServingHours;
  f.fleetStale = false;
}

/** Per tier scratch of cheapestPriceByTier (one path runs at a time in a thread). */
let cheapestScratch = new Float64Array(8);

/**
 * Per tier k: the lowest price among the period's available models (the first `availableCount` of
 * `availableModels`) of tier >= k (Infinity when none). Prices are
 * > 0 (the floor is) or NaN, so the minimum does not depend on the order models are visited in.
 */
function cheapestPriceByTier(f: Frame, availableCount: number): Float64Array {
  const p = f.p;
  const tierCount = p.tierCount;
  if (cheapestScratch.length < tierCount) cheapestScratch = new Float64Array(tierCount);
  const cheapest = cheapestScratch;
  for (let k = 0; k < tierCount; k++) cheapest[k] = Infinity;
  const { availableModels, tier: modelTier } = scratch;
  const price = f.price;
  for (let a = 0; a < availableCount; a++) {
    const j = availableModels[a]!;
    const k = modelTier[j]!;
    if (k >= 0 && price[j]! < cheapest[k]!) cheapest[k] = price[j]!;
  }
  for (let k = tierCount - 2; k >= 0; k--) if (cheapest[k + 1]! < cheapest[k]!) cheapest[k] = cheapest[k + 1]!;
  return cheapest;
}

/**
 * h_j of a model given by costPerMTokens (section 2): derived back in its first available period
 * with that period's S and hour cost; a roadmap successor's is its base's times the successor factor
 * (equal to deriving it back from the predecessor's cost in its release period times that factor).
 * It takes no doubles: the optimiser boxes a double argument where the value is made, that is at
 * every model of the loop that calls this, called or not.
 */
function derivedHours(f: Frame, j: number, state: PathState, t: number, calendar: Calendar): number {
  const p = f.p;
  const base = p.base[j]!;
  if (base >= 0) {
    const baseHours = Number.isNaN(p.rawHours[base]!) ? derivedHours(f, base, state, t, calendar) : p.rawHours[base]!;
    return baseHours * p.costFactor[j]!;
  }
  const g = f.globalModel[j]!;
  const given = p.givenCost[j]!;
  if (state.derivedFrom[g] !== given) {
    // Period t's S, load factor and hour cost, as stepPeriod computes them.
    const tech = f.scenario.technology;
    const gain = servingGain(tech.servingEfficiencyGainPerYear, calendar.years(t));
    const hourCost = p.cloudBurst[p.lab[j]!] ? state.rentalPrice : p.tcoPerHour[p.gpu[j]!]!;
    state.derivedHours[g] = rawHoursFromCost(given, hourCost, tech.loadFactor, gain);
    state.derivedFrom[g] = given;
  }
  return state.derivedHours[g]!;
}

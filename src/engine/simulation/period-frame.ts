/**
 * A frame: the prepared scenario plus every buffer the period loop needs while that scenario object
 * is in force, and the maps from its local indexes to the path's global entities. Built once per
 * scenario object, so the loop itself allocates nothing.
 */
import { createCapacityOutput, type CapacityInput, type CapacityOutput } from '../capacity/allocate-capacity.js';
import { createSegmentArrays, type DemandInput, type DemandOutput, type SegmentArrays } from '../demand/types.js';
import { loadResolved, ruleTableIn } from '../pricing/rule-table.js';
import { createPricingWorkspace, sharedPricingWorkspace, type PricingWorkspace } from '../pricing/set-prices.js';
import type { PricingContext } from '../pricing/types.js';
import type { Scenario } from '../scenario/types.js';
import { createTierState, type TierInput, type TierState } from '../tiers/tier-state.js';
import type { Calendar } from '../time.js';
import { TypedSlab } from '../typed-slab.js';
import type { PathRecorder } from './path-recorder.js';
import { claimPeriodScratch } from './period-scratch.js';
import { preparedScenarioOf, type PreparedScenario } from './prepare-scenario.js';
import { sharePairsOf } from './share-pairs.js';

/** State carried across periods, keyed by global entity index (stable across scenario changes). */
export interface PathState {
  /** Price of the previous period per global model, NaN when it had none. */
  prevPrice: number[];
  /** Cost of the previous period per global model, NaN when it had no price (NASH's warm start). */
  prevCost: number[];
  /** h_j derived from a given costPerMTokens, per global model (NaN until derived). */
  derivedHours: number[];
  /** The costPerMTokens value `derivedHours` came from. */
  derivedFrom: number[];
  /** Running cash per global lab, USD. */
  cash: number[];
  /** The lab's `cash` as last stated by the scenario (to apply events on it as deltas). */
  statedCash: number[];
  /** 1 once the lab (stating cash) ended a period below 0; sticky (ZERO_MARGIN's switch). */
  cashExhausted: number[];
  /** USD per GPU-hour in force this period. */
  rentalPrice: number;
  /** The scenario's `gpuMarket.rentalPrice` last seen (a changed value resets the running price). */
  statedRentalPrice: number;
}

export interface Frame {
  /** Prepared for the scenario the frame was built for; shared with other paths, never mutated. */
  p: PreparedScenario;
  /** The scenario in force: `p.scenario` or one patched onto it (frame-patch.ts). */
  scenario: Scenario;
  /** Per pool (l * gpuCount + g): the GPUs of the scenario in force (patched in place). */
  fleet: Float64Array;
  globalModel: Int32Array;
  globalLab: Int32Array;
  globalSegment: Int32Array;
  /**
   * The (model, segment) pairs where the model is eligible, flat and model by model: model j's are
   * i = shareStart[j] .. shareStart[j + 1] - 1, pair i's share is at `sharePosition[i]` of the
   * demand output's shares and goes to `shareSeries[i]` (one flat list keeps the loop monomorphic;
   * by model, the period loop visits only the available models' pairs).
   */
  shareStart: Int32Array;
  sharePosition: Int32Array;
  shareSeries: Float64Array[];

  available: Uint8Array;
  released: Uint8Array;
  /** h_j in force (roofline or derived). */
  hours: Float64Array;
  /** e_j(t). */
  effHours: Float64Array;
  cost: Float64Array;
  prevPrice: Float64Array;
  prevCost: Float64Array;
  historyPrice: Float64Array;
  /** The pricing workspace's `prices`: setPrices writes them where demand and capacity read them. */
  price: Float64Array;
  cashExhausted: Uint8Array;
  /** Available models, newest first (first `capacityInput.orderLength` entries). */
  order: Int32Array;
  /** Available models in index order, the first `availableCount` (kept while the models stay). */
  availableModels: Int32Array;
  availableCount: number;
  poolHours: Float64Array;

  // Per lab scratch for financials.
  revenue: Float64Array;
  servingCost: Float64Array;
  trainingCost: Float64Array;
  rented: Float64Array;
  /**
   * True until fleetHours has filled poolHours, fleetTco and nonServingHours, which depend only on
   * the fleets (set by buildFrame and patchFrame) and the calendar's hours a period.
   */
  fleetStale: boolean;
  /** Per lab: the owned fleet's TCO a period, USD. */
  fleetTco: Float64Array;
  /** GPU-hours a period of every lab's fleet outside serving. */
  nonServingHours: number;

  segments: SegmentArrays;
  tierInput: TierInput;
  /** The frame's own tier state, for the memo to fill when it remembers none (the one in force is pricingContext.tiers). */
  tierState: TierState;
  /** True until the tier state has been computed once for this frame. */
  tierStale: boolean;
  pricingContext: PricingContext;
  pricing: PricingWorkspace;
  demandInput: DemandInput;
  /** The pricing workspace's NASH demand output (`pricing.nash.demand`), where demand is computed. */
  demand: DemandOutput;
  capacityInput: CapacityInput;
  capacity: CapacityOutput;
  /** The typed arrays above, handed to a later frame of the same shape by releaseFrame. */
  workspace: FrameWorkspace;
}

/**
 * A frame's typed arrays: its own (one slab), the segment arrays, tier state and capacity
 * outputs. A path builds one or two frames and a Monte Carlo run thousands of paths of the same
 * shape, so a released workspace is reused rather than five slabs allocated (and collected) again.
 */
interface FrameWorkspace {
  /** The sizes it was made for: models, labs, segments, GPU types, eligible pairs, tiers. */
  shape: number[];
  own: TypedSlab;
  segments: SegmentArrays;
  tierState: TierState;
  capacity: CapacityOutput;
  /** Every byte of the slabs above: zeroed on reuse, so a reused workspace reads as a new one. */
  bytes: Uint8Array[];
}

/** Released workspaces (one path runs at a time in a thread); a few shapes at most per run. */
const spareWorkspaces: FrameWorkspace[] = [];
const SPARE_WORKSPACE_LIMIT = 4;

/*
 * V8 records the class of the typed arrays an object literal's fields hold, and at the literal's
 * second evaluation (when it makes the literal's boilerplate) widens those field types to "any",
 * deoptimising the optimised code that relied on them. The structs of a workspace below are made
 * only for a new shape, which in a Monte Carlo run can first appear many paths in (a drawn gain
 * keeps another number of roadmap models), after stepPeriod, computeDemand, allocateCapacity, the
 * spill and setPrices were optimised: each was then deoptimised and compiled again (~280M
 * instructions of a 300-path preset run). Making each struct twice here, before any of them is
 * compiled, widens the field types up front.
 */
for (let i = 0; i < 2; i++) {
  createSegmentArrays(1);
  createCapacityOutput(1, 1, 1);
  createTierState(1, 1, 1);
  createPricingWorkspace(1, 1, 1);
}

/**
 * Hands a frame's typed arrays to the next frame of the same shape. The caller must not use the
 * frame afterwards (simulatePath releases a frame once the path has moved past it).
 */
export function releaseFrame(frame: Frame): void {
  const w = frame.workspace;
  if (spareWorkspaces.length >= SPARE_WORKSPACE_LIMIT) spareWorkspaces.shift();
  spareWorkspaces.push(w);
}

/** A released workspace of this shape, zeroed, or a new one. */
function workspaceFor(shape: number[], float64: number, int32: number, uint8: number): FrameWorkspace {
  for (let i = spareWorkspaces.length - 1; i >= 0; i--) {
    const w = spareWorkspaces[i]!;
    if (!shape.every((n, d) => w.shape[d] === n)) continue;
    spareWorkspaces.splice(i, 1);
    for (const bytes of w.bytes) bytes.fill(0);
    w.own.reset();
    w.tierState.frontierTier = -1;
    w.capacity.byPriceLength = 0;
    return w;
  }
  const [m, labCount, segmentCount, gpuCount, , tierCount] = shape as [number, number, number, number, number, number];
  const own = new TypedSlab(float64, int32, uint8);
  const segmentArrays = createSegmentArrays(segmentCount);
  const tierState = createTierState(m, labCount, tierCount);
  const capacity = createCapacityOutput(m, labCount * gpuCount, segmentCount);
  const slabs = [segmentArrays.tier, tierState.leaderLab, capacity.ownServed];
  const bytes = [own.bytes(), ...slabs.map((a) => new Uint8Array(a.buffer))];
  return { shape, own, segments: segmentArrays, tierState, capacity, bytes };
}

/** Builds the frame of a scenario object, registering its entities with the recorder and state. */
export function buildFrame(scenario: Scenario, calendar: Calendar, state: PathState, rec: PathRecorder): Frame {
  const p = preparedScenarioOf(scenario, calendar);
  const m = p.modelCount;
  const labCount = p.labCount;
  const segmentCount = p.segmentCount;
  const pools = labCount * p.gpuCount;
  const pairs = sharePairsOf(p);
  const shares = pairs.segment.length;
  // The frame's own arrays below (3 Float64, 3 Int32, 3 Uint8, and the rule table's 8 Float64 and
  // 2 Uint8) come from one slab sized to fit them exactly; the period loop's per-model and per-lab
  // arrays are the thread's (period-scratch.ts).
  const workspace = workspaceFor(
    [m, labCount, segmentCount, p.gpuCount, shares, p.tierCount],
    8 * m + 2 * pools + labCount,
    m + labCount + segmentCount,
    4 * m + labCount,
  );
  const slab = workspace.own;
  const scratch = claimPeriodScratch(p, shares);
  const globalModel = scratch.globalModel;
  rec.models.registerAll(p.modelNames, globalModel);
  const globalLab = slab.int32(labCount);
  rec.labs.registerAll(p.labNames, globalLab);
  const globalSegment = slab.int32(segmentCount);
  rec.segments.registerAll(p.segmentNames, globalSegment);

  for (let j = 0; j < m; j++) {
    const g = globalModel[j]!;
    while (state.prevPrice.length <= g) {
      state.prevPrice.push(NaN);
      state.prevCost.push(NaN);
      state.derivedHours.push(NaN);
      state.derivedFrom.push(NaN);
    }
  }
  for (let l = 0; l < labCount; l++) {
    const g = globalLab[l]!;
    const stated = p.statedCash[l]!;
    if (g >= state.cash.length) {
      state.cash.push(stated);
      state.statedCash.push(stated);
      state.cashExhausted.push(0);
    } else if (stated !== state.statedCash[g]) {
      // An event on a lab's cash (funding, a write-off) changes the running cash by the same amount.
      state.cash[g] = state.cash[g]! + (stated - state.statedCash[g]!);
      state.statedCash[g] = stated;
    }
  }
  if (scenario.gpuMarket.rentalPrice !== state.statedRentalPrice) {
    state.rentalPrice = scenario.gpuMarket.rentalPrice;
    state.statedRentalPrice = scenario.gpuMarket.rentalPrice;
  }

  // The layout's pairs (share-pairs.ts) with each pair's place in the demand output's shares, in
  // the thread's scratch for the period loop.
  const { start: pairStart, segment: pairSegment, keys: shareKeys } = pairs;
  const { shareStart, sharePosition } = scratch;
  const shareSeries: Float64Array[] = [];
  for (let j = 0; j < m; j++) {
    const end = pairStart[j + 1]!;
    shareStart[j] = pairStart[j]!;
    for (let i = pairStart[j]!; i < end; i++) {
      sharePosition[i] = pairSegment[i]! * m + j;
      shareSeries.push(rec.segmentShare(globalModel[j]!, globalSegment[pairSegment[i]!]!, shareKeys[i]));
    }
  }
  shareStart[m] = shares;

  const segments = workspace.segments;
  for (let s = 0; s < segmentCount; s++) {
    const tier = p.segmentTier[s]!;
    segments.tier[s] = tier;
    segments.threshold[s] = tier >= 0 ? p.thresholds[tier]! : Infinity;
    segments.alpha[s] = p.alpha[s]!;
    segments.beta[s] = p.beta[s]!;
    segments.elasticity[s] = p.elasticity[s]!;
    segments.referencePrice[s] = p.referencePrice[s]!;
  }

  const available = slab.uint8(m);
  const released = slab.uint8(m);
  const { cost, prevPrice, prevCost, historyPrice, effHours, hours, availableModels } = scratch;
  const cashExhausted = slab.uint8(labCount);
  const order = slab.int32(m);
  const poolHours = slab.float64(pools);
  const fleet = slab.float64(pools);
  fleet.set(p.fleet);
  const tierState = workspace.tierState;
  const pricing = sharedPricingWorkspace(m, p.segmentCount, p.labCount);
  // The NASH solver's demand output: after a NASH solve it already holds the demand at the prices.
  const demand = pricing.nash.demand;
  const price = pricing.prices;
  const rules = ruleTableIn(slab, m);
  for (let j = 0; j < m; j++) loadResolved(rules, j, p.pricing[j]!);

  return {
    p,
    scenario,
    fleet,
    globalModel,
    globalLab,
    globalSegment,
    shareStart,
    sharePosition,
    shareSeries,
    available,
    released,
    hours,
    effHours,
    cost,
    prevPrice,
    prevCost,
    historyPrice,
    price,
    cashExhausted,
    order,
    availableModels,
    availableCount: 0,
    poolHours,
    revenue: scratch.revenue,
    servingCost: scratch.servingCost,
    trainingCost: scratch.trainingCost,
    rented: scratch.rented,
    fleetStale: true,
    fleetTco: slab.float64(labCount),
    nonServingHours: 0,
    segments,
    tierInput: {
      modelCount: m,
      labCount,
      tierCount: p.tierCount,
      tier: p.tier,
      lab: p.lab,
      releaseMonth: p.releaseMonth,
      releaseKey: p.releaseKey,
      capability: p.capability,
      nameRank: p.nameRank,
      released,
      available,
      periodStartMonth: 0,
    },
    tierState,
    tierStale: true,
    pricingContext: {
      modelCount: m,
      labCount: p.labCount,
      available,
      cost,
      tier: p.tier,
      capability: p.capability,
      lab: p.lab,
      brand: p.brandOfModel,
      prevPrice,
      prevCost,
      historyPrice,
      pricing: p.pricing,
      rules,
      periodStartMonth: 0,
      cashExhausted,
      tiers: tierState,
      segments,
    },
    pricing,
    demandInput: { modelCount: m, price, capability: p.capability, brand: p.brandOfModel, tier: p.tier, available, segments },
    demand,
    capacityInput: {
      modelCount: m,
      segmentCount: p.segmentCount,
      gpuCount: p.gpuCount,
      order,
      orderLength: 0,
      lab: p.lab,
      gpu: p.gpu,
      demand: demand.demand,
      hoursPerMTokens: effHours,
      price,
      share: demand.share,
      segmentVolume: demand.volume,
      elasticity: p.elasticity,
      poolHours,
      cloudBurst: p.cloudBurst,
    },
    capacity: workspace.capacity,
    workspace,
  };
}

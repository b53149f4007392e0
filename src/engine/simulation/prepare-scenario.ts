/**
 * Per-scenario precomputation for the period loop: everything that depends only on the scenario
 * object in force (models with roadmap successors, their rooflines, indexes, resolved pricing), laid
 * out in typed arrays. Built once per scenario object; the loop caches it on object identity.
 */
import { historyPriceAt, resolvePricing } from '../pricing/pricing-rule.js';
import type { ResolvedPricing } from '../pricing/types.js';
import type { PricePoint, Scenario } from '../scenario/types.js';
import { roofline } from '../serving-cost/roofline.js';
import { expandRoadmaps } from '../tiers/roadmap.js';
import { tierOf } from '../tiers/tier-state.js';
import { type Calendar, monthIndex } from '../time.js';

export interface PreparedScenario {
  scenario: Scenario;
  modelCount: number;
  labCount: number;
  gpuCount: number;
  tierCount: number;
  segmentCount: number;

  modelNames: string[];
  labNames: string[];
  tierNames: string[];
  /** Segment s's entity name: the name of the tier it needs. */
  segmentNames: string[];

  // Per model j.
  lab: Int32Array;
  gpu: Int32Array;
  tier: Int32Array;
  capability: Float64Array;
  releaseMonth: Int32Array;
  releaseKey: Float64Array;
  /** Period containing the release date (negative before the start). */
  releasePeriod: Int32Array;
  /** Period containing the retire date (exclusive end of availability); +Infinity without one. */
  retirePeriod: Float64Array;
  nameRank: Int32Array;
  /** h_j from the roofline; NaN for a model given by costPerMTokens (derived in its first period). */
  rawHours: Float64Array;
  /** costPerMTokens of a stated model, NaN otherwise. */
  givenCost: Float64Array;
  /** For a roadmap successor, the index of its base model; -1 otherwise. */
  base: Int32Array;
  /** Successor factor on the base's serving needs (1 for stated models). */
  costFactor: Float64Array;
  /** USD, expensed in the release period. */
  trainingCost: Float64Array;
  brandOfModel: Float64Array;
  pricing: ResolvedPricing[];
  /** Per model with a priceHistory, its observed price in each period (`historyPriceAt`, NaN outside). */
  historyPrice: (Float64Array | undefined)[];
  /** All models, newest first: release date desc, then capability desc, then name. */
  newestFirst: Int32Array;

  // Per lab l (fleet: l * gpuCount + g).
  fleet: Float64Array;
  servingShare: Float64Array;
  cloudBurst: Uint8Array;
  statesCash: Uint8Array;
  statedCash: Float64Array;
  fixedCost: Float64Array;

  // Per GPU type.
  tcoPerHour: Float64Array;

  // Per tier.
  thresholds: Float64Array;

  // Per segment s.
  segmentTier: Int32Array;
  alpha: Float64Array;
  beta: Float64Array;
  elasticity: Float64Array;
  referencePrice: Float64Array;
  baseVolume: Float64Array;
  growthPerYear: Float64Array;
  /** NaN without a saturation volume. */
  saturationVolume: Float64Array;
}

function calendarKeyOf(calendar: Calendar): string {
  return `${calendar.periodStartMonth(0)}|${calendar.periodMonths}|${calendar.periods}`;
}

/** Prepared scenarios by scenario object, with the calendar they were prepared for. */
const preparedCache = new WeakMap<Scenario, { calendarKey: string; prepared: PreparedScenario }>();

/**
 * prepareScenario, shared by every path that meets the same scenario object (MODEL.md section 8:
 * a document with nothing to draw gives all paths the same objects) and the same calendar. The
 * result is read-only for everyone.
 */
export function preparedScenarioOf(scenario: Scenario, calendar: Calendar): PreparedScenario {
  const calendarKey = calendarKeyOf(calendar);
  const hit = preparedCache.get(scenario);
  if (hit !== undefined && hit.calendarKey === calendarKey) return hit.prepared;
  const prepared = prepareScenario(scenario, calendar);
  preparedCache.set(scenario, { calendarKey, prepared });
  return prepared;
}

/**
 * Builds the prepared arrays for one scenario, with roadmap successors released before the end of
 * the horizon. A successor whose roofline fails (it no longer fits its replica) ends its lab's
 * roadmap; a stated model that fails is an error, since validation refuses it.
 */
export function prepareScenario(scenario: Scenario, calendar: Calendar): PreparedScenario {
  const calendarKey = calendarKeyOf(calendar);
  const endMonth = monthIndex(calendar.periodStart(calendar.periods));
  const gpuIndex = new Map(scenario.gpuTypes.map((g, i) => [g.name, i]));
  const labIndex = new Map(scenario.labs.map((l, i) => [l.name, i]));
  const tierIndex = new Map(scenario.tiers.map((t, i) => [t.name, i]));
  const thresholds = Float64Array.from(scenario.tiers.map((t) => t.threshold));

  const expanded = expandRoadmaps(scenario, endMonth);
  const kept: typeof expanded = [];
  const rawHoursList: number[] = [];
  const stoppedLabs = new Set<string>();
  for (const entry of expanded) {
    const { model } = entry;
    if (entry.base >= 0 && stoppedLabs.has(model.lab)) continue;
    const gpu = scenario.gpuTypes[gpuIndex.get(model.serving.gpuType) ?? -1];
    if (gpu === undefined) throw new Error(`models[${model.name}].serving.gpuType: unknown GPU type ${model.serving.gpuType}`);
    const roof = roofline(model.serving, gpu, scenario.technology);
    if (!roof.ok) {
      if (entry.base >= 0) {
        stoppedLabs.add(model.lab);
        continue;
      }
      throw new Error(`models[${model.name}].${roof.field}: ${roof.message}`);
    }
    kept.push(entry);
    rawHoursList.push(roof.rawGpuHoursPerMTokens);
  }

  const m = kept.length;
  const labs = scenario.labs;
  const gpuCount = scenario.gpuTypes.length;
  const p: PreparedScenario = {
    scenario,
    modelCount: m,
    labCount: labs.length,
    gpuCount,
    tierCount: scenario.tiers.length,
    segmentCount: scenario.segments.length,
    modelNames: kept.map((e) => e.model.name),
    labNames: labs.map((l) => l.name),
    tierNames: scenario.tiers.map((t) => t.name),
    segmentNames: scenario.segments.map((s) => s.tier),
    lab: new Int32Array(m),
    gpu: new Int32Array(m),
    tier: new Int32Array(m),
    capability: new Float64Array(m),
    releaseMonth: new Int32Array(m),
    releaseKey: new Float64Array(m),
    releasePeriod: new Int32Array(m),
    retirePeriod: new Float64Array(m),
    nameRank: new Int32Array(m),
    rawHours: Float64Array.from(rawHoursList),
    givenCost: new Float64Array(m),
    base: new Int32Array(m),
    costFactor: new Float64Array(m),
    trainingCost: new Float64Array(m),
    brandOfModel: new Float64Array(m),
    pricing: [],
    historyPrice: [],
    newestFirst: new Int32Array(m),
    fleet: new Float64Array(labs.length * gpuCount),
    servingShare: Float64Array.from(labs.map((l) => l.servingShare)),
    cloudBurst: Uint8Array.from(labs.map((l) => (l.cloudBurst ? 1 : 0))),
    statesCash: Uint8Array.from(labs.map((l) => (l.cash !== undefined ? 1 : 0))),
    statedCash: Float64Array.from(labs.map((l) => l.cash ?? 0)),
    fixedCost: Float64Array.from(labs.map((l) => l.fixedCostPerPeriod)),
    tcoPerHour: Float64Array.from(scenario.gpuTypes.map((g) => g.tcoPerHour)),
    thresholds,
    segmentTier: Int32Array.from(scenario.segments.map((s) => tierIndex.get(s.tier) ?? -1)),
    alpha: Float64Array.from(scenario.segments.map((s) => s.alpha)),
    beta: Float64Array.from(scenario.segments.map((s) => s.beta)),
    elasticity: Float64Array.from(scenario.segments.map((s) => s.elasticity)),
    referencePrice: Float64Array.from(scenario.segments.map((s) => s.referencePrice)),
    baseVolume: Float64Array.from(scenario.segments.map((s) => s.baseVolume)),
    growthPerYear: Float64Array.from(scenario.segments.map((s) => s.growthPerYear)),
    saturationVolume: Float64Array.from(scenario.segments.map((s) => s.saturationVolume ?? NaN)),
  };

  labs.forEach((lab, l) => {
    for (const [gpuName, count] of Object.entries(lab.fleet)) {
      const g = gpuIndex.get(gpuName);
      if (g !== undefined) p.fleet[l * gpuCount + g] = count;
    }
  });

  const byName = kept.map((_, j) => j).sort((a, b) => compareStrings(kept[a]!.model.name, kept[b]!.model.name));
  byName.forEach((j, rank) => (p.nameRank[j] = rank));

  kept.forEach((entry, j) => {
    const model = entry.model;
    const l = labIndex.get(model.lab);
    if (l === undefined) throw new Error(`models[${model.name}].lab: unknown lab ${model.lab}`);
    const lab = labs[l]!;
    p.lab[j] = l;
    p.gpu[j] = gpuIndex.get(model.serving.gpuType)!;
    p.tier[j] = tierOf(model.capability, thresholds);
    p.capability[j] = model.capability;
    p.releaseMonth[j] = monthIndex(model.releaseDate);
    p.releaseKey[j] = p.releaseMonth[j]! * 32 + Number(model.releaseDate.slice(8, 10) || '1');
    p.releasePeriod[j] = calendar.periodOf(model.releaseDate);
    p.retirePeriod[j] = model.retireDate === undefined ? Infinity : calendar.periodOf(model.retireDate);
    p.givenCost[j] = entry.base < 0 ? (model.serving.costPerMTokens ?? NaN) : NaN;
    p.base[j] = entry.base;
    p.costFactor[j] = entry.costFactor;
    p.trainingCost[j] = model.trainingCost ?? 0;
    p.brandOfModel[j] = lab.brand;
    p.pricing.push(resolvePricing(scenario, lab, model));
    p.historyPrice.push(model.priceHistory === undefined ? undefined : historyByPeriod(model.priceHistory, calendar, calendarKey));
  });

  const order = kept.map((_, j) => j).sort((a, b) => {
    if (p.releaseKey[a] !== p.releaseKey[b]) return p.releaseKey[b]! - p.releaseKey[a]!;
    if (p.capability[a] !== p.capability[b]) return p.capability[b]! - p.capability[a]!;
    return p.nameRank[a]! - p.nameRank[b]!;
  });
  p.newestFirst.set(order);
  return p;
}

/** Observed prices per period by priceHistory list (shared by identity between paths) and calendar. */
const historyCache = new WeakMap<ReadonlyArray<PricePoint<number>>, { calendarKey: string; byPeriod: Float64Array }>();

function historyByPeriod(history: ReadonlyArray<PricePoint<number>>, calendar: Calendar, calendarKey: string): Float64Array {
  const hit = historyCache.get(history);
  if (hit !== undefined && hit.calendarKey === calendarKey) return hit.byPeriod;
  const byPeriod = new Float64Array(calendar.periods);
  for (let t = 0; t < calendar.periods; t++) byPeriod[t] = historyPriceAt(history, calendar.periodStartMonth(t), calendar.periodMonths);
  historyCache.set(history, { calendarKey, byPeriod });
  return byPeriod;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

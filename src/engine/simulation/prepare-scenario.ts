/**
 * Per-scenario precomputation for the period loop: everything that depends only on the scenario
 * object in force (models with roadmap successors, their rooflines, indexes, resolved pricing), laid
 * out in typed arrays. Built once per scenario object; the loop caches it on object identity.
 */
import { historyPriceAt, resolvePricing } from '../pricing/pricing-rule.js';
import type { ResolvedPricing } from '../pricing/types.js';
import type { PricePoint, Scenario } from '../scenario/types.js';
import { expandRoadmaps, type ExpandedModel } from '../tiers/roadmap.js';
import { tierOf } from '../tiers/tier-state.js';
import { type Calendar, monthIndex } from '../time.js';
import { IdentityCache } from './identity-cache.js';
import { keptModels } from './kept-models.js';
import { MembershipSchedule } from './membership.js';
import { labArraysOf, segmentParamsOf, tierArraysOf, type LabArrays, type SegmentParams, type TierArrays } from './scenario-arrays.js';

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
  /**
   * Per period t of the calendar: 1 when some model is released or retired at t, i.e. when the
   * released or available models may differ from period t - 1's (0: they are the same).
   */
  membershipChangesAt: Uint8Array;
  /** Each period's released and available models (shared by the paths of a layout). */
  membership: MembershipSchedule;
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

/** Prepared scenarios by scenario object, with the calendar they were prepared for. */
const preparedCache = new IdentityCache<Scenario, { calendarKey: string; prepared: PreparedScenario }>(16);

/**
 * prepareScenario, shared by every path that meets the same scenario object (MODEL.md section 8:
 * a document with nothing to draw gives all paths the same objects) and the same calendar. The
 * result is read-only for everyone.
 */
export function preparedScenarioOf(scenario: Scenario, calendar: Calendar): PreparedScenario {
  const key = calendar.key;
  const hit = preparedCache.get(scenario);
  if (hit !== undefined && hit.calendarKey === key) return hit.prepared;
  const prepared = prepareScenario(scenario, calendar);
  preparedCache.set(scenario, { calendarKey: key, prepared });
  return prepared;
}

/**
 * Builds the prepared arrays for one scenario, with roadmap successors released before the end of
 * the horizon that fit their replicas (keptModels).
 *
 * Scenarios of one document mostly share their parts by identity (a timeline copies only what a
 * draw or an event changed), so each group of arrays is taken from the scenario prepared last for
 * the same models list when the parts it derives from are the same objects: per Monte Carlo path
 * only what the path's draws changed (e.g. rooflines under a drawn algorithmic gain) is rebuilt.
 */
export function prepareScenario(scenario: Scenario, calendar: Calendar): PreparedScenario {
  const calendarKey = calendar.key;
  // The first month after the horizon (roadmap successors stop before it).
  const endMonth = calendar.periodStartMonth(calendar.periods);
  const gpuIndex = gpuIndexOf(scenario.gpuTypes);

  const { keptIndex, rawHours, costFactor } = keptModels(scenario, endMonth, gpuIndex);
  const recent = lastParts.get(scenario.models);
  const last = recent !== undefined ? partsFor(recent, keptIndex, calendarKey) : undefined;
  const was = last?.scenario;
  const sameTiers = was?.tiers === scenario.tiers;
  const tierArrays = sameTiers ? last!.tiers : tierArraysOf(scenario);
  const sameLayout =
    last !== undefined && last.calendarKey === calendarKey && sameTiers && was!.gpuTypes === scenario.gpuTypes && sameLabStructure(was!.labs, scenario.labs) && sameList(last.keptIndex, keptIndex);
  const samePricing = sameLayout && was!.labs === scenario.labs && Object.is(was!.priceFloor, scenario.priceFloor) && Object.is(was!.maxChangePerPeriod, scenario.maxChangePerPeriod);
  // The kept models themselves (names, dates) are needed only for parts not taken from before.
  const kept = samePricing ? [] : keptList(scenario, endMonth, keptIndex);
  const layout = sameLayout ? last.layout : modelLayoutOf(scenario, calendar, calendarKey, kept, gpuIndex, tierArrays.thresholds);
  const priced = samePricing ? last!.priced : modelPricingOf(scenario, kept, layout.lab);
  const labArrays = was?.labs === scenario.labs && was.gpuTypes === scenario.gpuTypes ? last!.labArrays : labArraysOf(scenario, gpuIndex);
  const gpuArrays = was?.gpuTypes === scenario.gpuTypes ? last!.gpuArrays : { tcoPerHour: Float64Array.from(scenario.gpuTypes.map((g) => g.tcoPerHour)) };
  const segmentArrays = was?.segments === scenario.segments && sameTiers ? last!.segmentArrays : segmentParamsOf(scenario);
  // A drawn elasticity gives each path its own segments, with the same names: the recorder then
  // meets the same names list (its registration and share keys are kept per list object).
  if (last !== undefined && segmentArrays !== last.segmentArrays && sameList(segmentArrays.segmentNames, last.segmentArrays.segmentNames)) {
    segmentArrays.segmentNames = last.segmentArrays.segmentNames;
  }
  const parts: Parts = { scenario, calendarKey, keptIndex, layout, priced, labArrays, gpuArrays, tiers: tierArrays, segmentArrays };
  if (recent === undefined) lastParts.set(scenario.models, [parts]);
  else remember(recent, parts);

  const m = keptIndex.length;
  return {
    scenario,
    modelCount: m,
    labCount: scenario.labs.length,
    gpuCount: scenario.gpuTypes.length,
    tierCount: scenario.tiers.length,
    segmentCount: scenario.segments.length,
    modelNames: layout.modelNames,
    labNames: labArrays.labNames,
    tierNames: tierArrays.tierNames,
    segmentNames: segmentArrays.segmentNames,
    lab: layout.lab,
    gpu: layout.gpu,
    tier: layout.tier,
    capability: layout.capability,
    releaseMonth: layout.releaseMonth,
    releaseKey: layout.releaseKey,
    releasePeriod: layout.releasePeriod,
    retirePeriod: layout.retirePeriod,
    membershipChangesAt: layout.membershipChangesAt,
    membership: layout.membership,
    nameRank: layout.nameRank,
    rawHours,
    givenCost: layout.givenCost,
    base: layout.base,
    costFactor,
    trainingCost: layout.trainingCost,
    brandOfModel: priced.brandOfModel,
    pricing: priced.pricing,
    historyPrice: layout.historyPrice,
    newestFirst: layout.newestFirst,
    fleet: labArrays.fleet,
    servingShare: labArrays.servingShare,
    cloudBurst: labArrays.cloudBurst,
    statesCash: labArrays.statesCash,
    statedCash: labArrays.statedCash,
    fixedCost: labArrays.fixedCost,
    tcoPerHour: gpuArrays.tcoPerHour,
    thresholds: tierArrays.thresholds,
    segmentTier: segmentArrays.segmentTier,
    alpha: segmentArrays.alpha,
    beta: segmentArrays.beta,
    elasticity: segmentArrays.elasticity,
    referencePrice: segmentArrays.referencePrice,
    baseVolume: segmentArrays.baseVolume,
    growthPerYear: segmentArrays.growthPerYear,
    saturationVolume: segmentArrays.saturationVolume,
  };
}

/** GPU type name -> index, per gpuTypes list (paths of one document share it; lists are never mutated). */
const gpuIndexes = new WeakMap<Scenario['gpuTypes'], Map<string, number>>();

function gpuIndexOf(gpuTypes: Scenario['gpuTypes']): Map<string, number> {
  let index = gpuIndexes.get(gpuTypes);
  if (index === undefined) gpuIndexes.set(gpuTypes, (index = new Map(gpuTypes.map((g, i) => [g.name, i]))));
  return index;
}

function keptList(scenario: Scenario, endMonth: number, keptIndex: readonly number[]): ExpandedModel[] {
  const expanded = expandRoadmaps(scenario, endMonth);
  return keptIndex.map((e) => expanded[e]!);
}

/** What prepareScenario derives from the models' structure: names, labs, GPUs, tiers, release order. */
type ModelLayout = Pick<
  PreparedScenario,
  'modelNames' | 'lab' | 'gpu' | 'tier' | 'capability' | 'releaseMonth' | 'releaseKey' | 'releasePeriod' | 'retirePeriod' | 'membershipChangesAt' | 'membership' | 'nameRank' | 'givenCost' | 'base' | 'trainingCost' | 'historyPrice' | 'newestFirst'
>;
type ModelPricing = Pick<PreparedScenario, 'brandOfModel' | 'pricing'>;

/** The parts of the scenario prepared last for a models list, with what they were built from. */
interface Parts {
  scenario: Scenario;
  calendarKey: string;
  /** Indexes (in expandRoadmaps' list) of the models kept: it changes with rooflines, so with numbers. */
  keptIndex: number[];
  layout: ModelLayout;
  priced: ModelPricing;
  labArrays: LabArrays;
  gpuArrays: Pick<PreparedScenario, 'tcoPerHour'>;
  tiers: TierArrays;
  segmentArrays: SegmentParams;
}

/**
 * Per models list, the last scenarios prepared with it, most recent first, at most one per kept
 * list and PARTS_PER_MODELS in all, so memory stays bounded. Paths of one document mostly keep the
 * same models, but a drawn algorithmic gain moves the roofline that ends a roadmap, so a few kept
 * lists alternate (each would rebuild the layout and pricing if only the last were kept).
 */
const lastParts = new IdentityCache<Scenario['models'], Parts[]>(16);
const PARTS_PER_MODELS = 4;

/** Whether `parts` were prepared for these kept models and calendar. */
function preparedFor(parts: Parts, keptIndex: readonly number[], calendarKey: string): boolean {
  return parts.calendarKey === calendarKey && sameList(parts.keptIndex, keptIndex);
}

/** The entry of `recent` for these kept models and calendar, or else the most recent one (whose other parts may still serve). */
function partsFor(recent: readonly Parts[], keptIndex: readonly number[], calendarKey: string): Parts {
  return recent.find((parts) => preparedFor(parts, keptIndex, calendarKey)) ?? recent[0]!;
}

/** Puts `parts` first in `recent`, in place of an entry for the same kept models and calendar, else of the oldest when full. */
function remember(recent: Parts[], parts: Parts): void {
  const same = recent.findIndex((r) => preparedFor(r, parts.keptIndex, parts.calendarKey));
  if (same >= 0) recent.splice(same, 1);
  else if (recent.length >= PARTS_PER_MODELS) recent.pop();
  recent.unshift(parts);
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Labs that expand to the same successors in the same places: same names and roadmap objects. */
function sameLabStructure(a: Scenario['labs'], b: Scenario['labs']): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let l = 0; l < a.length; l++) if (a[l]!.name !== b[l]!.name || a[l]!.roadmap !== b[l]!.roadmap) return false;
  return true;
}

function modelLayoutOf(scenario: Scenario, calendar: Calendar, calendarKey: string, kept: readonly ExpandedModel[], gpuIndex: Map<string, number>, thresholds: Float64Array): ModelLayout {
  const m = kept.length;
  const labIndex = new Map(scenario.labs.map((l, i) => [l.name, i]));
  // The schedule reads these once they are filled below.
  const releasePeriod = new Int32Array(m);
  const retirePeriod = new Float64Array(m);
  const newestFirst = new Int32Array(m);
  const layout: ModelLayout = {
    modelNames: kept.map((e) => e.model.name),
    lab: new Int32Array(m),
    gpu: new Int32Array(m),
    tier: new Int32Array(m),
    capability: new Float64Array(m),
    releaseMonth: new Int32Array(m),
    releaseKey: new Float64Array(m),
    releasePeriod,
    retirePeriod,
    membershipChangesAt: new Uint8Array(calendar.periods),
    membership: new MembershipSchedule(releasePeriod, retirePeriod, newestFirst),
    nameRank: new Int32Array(m),
    givenCost: new Float64Array(m),
    base: new Int32Array(m),
    trainingCost: new Float64Array(m),
    historyPrice: [],
    newestFirst,
  };
  const byName = kept.map((_, j) => j).sort((a, b) => compareStrings(kept[a]!.model.name, kept[b]!.model.name));
  byName.forEach((j, rank) => (layout.nameRank[j] = rank));

  kept.forEach((entry, j) => {
    const model = entry.model;
    const l = labIndex.get(model.lab);
    if (l === undefined) throw new Error(`models[${model.name}].lab: unknown lab ${model.lab}`);
    layout.lab[j] = l;
    layout.gpu[j] = gpuIndex.get(model.serving.gpuType)!;
    layout.tier[j] = tierOf(model.capability, thresholds);
    layout.capability[j] = model.capability;
    layout.releaseMonth[j] = monthIndex(model.releaseDate);
    layout.releaseKey[j] = layout.releaseMonth[j]! * 32 + Number(model.releaseDate.slice(8, 10) || '1');
    layout.releasePeriod[j] = calendar.periodOf(model.releaseDate);
    layout.retirePeriod[j] = model.retireDate === undefined ? Infinity : calendar.periodOf(model.retireDate);
    markChange(layout.membershipChangesAt, layout.releasePeriod[j]!);
    markChange(layout.membershipChangesAt, layout.retirePeriod[j]!);
    layout.givenCost[j] = entry.base < 0 ? (model.serving.costPerMTokens ?? NaN) : NaN;
    layout.base[j] = entry.base;
    layout.trainingCost[j] = model.trainingCost ?? 0;
    layout.historyPrice.push(model.priceHistory === undefined ? undefined : historyByPeriod(model.priceHistory, calendar, calendarKey));
  });

  const order = kept.map((_, j) => j).sort((a, b) => {
    if (layout.releaseKey[a] !== layout.releaseKey[b]) return layout.releaseKey[b]! - layout.releaseKey[a]!;
    if (layout.capability[a] !== layout.capability[b]) return layout.capability[b]! - layout.capability[a]!;
    return layout.nameRank[a]! - layout.nameRank[b]!;
  });
  layout.newestFirst.set(order);
  return layout;
}

/** Marks period t (when it is one of the calendar's) as one whose models may differ from the period before. */
function markChange(changesAt: Uint8Array, t: number): void {
  if (t >= 0 && t < changesAt.length) changesAt[t] = 1;
}

function modelPricingOf(scenario: Scenario, kept: readonly ExpandedModel[], lab: Int32Array): ModelPricing {
  const labs = scenario.labs;
  return {
    brandOfModel: Float64Array.from(kept, (_, j) => labs[lab[j]!]!.brand),
    pricing: kept.map((entry, j) => resolvePricing(scenario, labs[lab[j]!]!, entry.model)),
  };
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

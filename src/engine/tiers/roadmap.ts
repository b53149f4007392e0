/**
 * Roadmaps (MODEL.md section 3): a lab with a roadmap releases a successor every `cadenceMonths`
 * after its latest model, each more capable and cheaper to serve than the one before.
 */
import type { Model, Scenario } from '../scenario/types.js';
import { IdentityCache } from '../simulation/identity-cache.js';
import { monthIndex, monthStart } from '../time.js';

/** A model of the simulation: one the document states, or a roadmap successor. */
export interface ExpandedModel {
  model: Model;
  /** Index (in the expanded list) of the base model this successor descends from; -1 for stated models. */
  base: number;
  /** i for successor `<base>+i`; 0 for stated models. */
  generation: number;
  /**
   * Factor on the base's active parameters and KV bytes (roofline models) or on its given cost
   * (costPerMTokens models): (computeMultiplierPer10Points^(step/10) / algorithmicGain^(cadence/12))^i.
   */
  costFactor: number;
}

/**
 * The document's models followed by every lab's roadmap successors released before `endMonth`
 * (month index, exclusive), in lab order then generation (MODEL.md section 3).
 */
export function expandRoadmaps(scenario: Scenario, endMonth: number): ExpandedModel[] {
  const out: ExpandedModel[] = scenario.models.map((model) => ({ model, base: -1, generation: 0, costFactor: 1 }));
  let rest: Omit<Model, 'priceHistory' | 'retireDate'> | undefined;
  forEachSuccessor(scenario, endMonth, (s) => {
    if (s.generation === 1) rest = inheritedFields(s.baseModel);
    out.push({
      model: {
        ...rest!,
        name: `${s.baseModel.name}+${s.generation}`,
        releaseDate: monthStart(s.month),
        capability: Math.min(100, s.baseModel.capability + s.generation * s.capabilityStep),
        serving: successorServing(s, { ...s.baseModel.serving }),
      },
      base: s.base,
      generation: s.generation,
      costFactor: s.costFactor,
    });
  });
  return out;
}

/** What a successor copies from its base: all but the base's price history and retirement. */
function inheritedFields(base: Model): Omit<Model, 'priceHistory' | 'retireDate'> {
  const { priceHistory: _history, retireDate: _retire, ...rest } = base;
  return rest;
}
/** One roadmap successor as forEachSuccessor visits it (the object is reused between visits). */
export interface Successor {
  /** Index of its base model in `scenario.models`. */
  base: number;
  baseModel: Model;
  generation: number;
  /** Month index of its release. */
  month: number;
  capabilityStep: number;
  costFactor: number;
  /** The base's serving sizes scaled to this generation (undefined where the base states none). */
  activeParamsB: number | undefined;
  kvBytesPerToken: number | undefined;
  totalParamsB: number | undefined;
}

/**
 * The successor's serving spec, written into `serving` (a copy of its base's, which may be reused
 * between successors of one base: the same fields are written every time). A roofline model takes
 * the scaled sizes; a given cost is kept as is (its factor applies where it is used).
 */
export function successorServing(s: Successor, serving: Model['serving']): Model['serving'] {
  if (serving.costPerMTokens === undefined) {
    if (s.activeParamsB !== undefined) serving.activeParamsB = s.activeParamsB;
    if (s.kvBytesPerToken !== undefined) serving.kvBytesPerToken = s.kvBytesPerToken;
    if (s.totalParamsB !== undefined) serving.totalParamsB = s.totalParamsB;
  }
  return serving;
}

/** What a lab's roadmap gives regardless of the technology: its base and the compute factor of a step. */
interface LabRoadmap {
  baseIndex: number;
  base: Model;
  cadenceMonths: number;
  capabilityStep: number;
  /** computeMultiplierPer10Points ^ (capabilityStep / 10). */
  computeFactor: number;
  baseMonth: number;
}

/**
 * Per labs list, the roadmaps of its labs under the models list they were found for: paths of one
 * document share both lists (only the drawn algorithmic gain, read per visit, moves the successors).
 */
const roadmapCache = new IdentityCache<Scenario['labs'], { models: Scenario['models']; roadmaps: LabRoadmap[] }>(16);

function roadmapsOf(scenario: Scenario): LabRoadmap[] {
  const hit = roadmapCache.get(scenario.labs);
  if (hit !== undefined && hit.models === scenario.models) return hit.roadmaps;
  const roadmaps: LabRoadmap[] = [];
  for (const lab of scenario.labs) {
    const roadmap = lab.roadmap;
    if (roadmap === undefined || !(roadmap.cadenceMonths > 0)) continue;
    const baseIndex = latestModelOf(scenario.models, lab.name);
    if (baseIndex < 0) continue;
    const base = scenario.models[baseIndex]!;
    const { cadenceMonths, capabilityStep, computeMultiplierPer10Points } = roadmap;
    const computeFactor = Math.pow(computeMultiplierPer10Points, capabilityStep / 10);
    roadmaps.push({ baseIndex, base, cadenceMonths, capabilityStep, computeFactor, baseMonth: monthIndex(base.releaseDate) });
  }
  roadmapCache.set(scenario.labs, { models: scenario.models, roadmaps });
  return roadmaps;
}

/** Visits the successors expandRoadmaps lists after the stated models, in its order, without building their models. */
export function forEachSuccessor(scenario: Scenario, endMonth: number, visit: (successor: Successor) => void): void {
  const algorithmic = scenario.technology.algorithmicEfficiencyGainPerYear;
  for (const { baseIndex, base, cadenceMonths, capabilityStep, computeFactor, baseMonth } of roadmapsOf(scenario)) {
    const step = computeFactor / Math.pow(algorithmic, cadenceMonths / 12);
    let activeParamsB = base.serving.activeParamsB;
    let kvBytesPerToken = base.serving.kvBytesPerToken;
    let totalParamsB = base.serving.totalParamsB;
    const successor: Successor = { base: baseIndex, baseModel: base, generation: 0, month: 0, capabilityStep, costFactor: 1, activeParamsB, kvBytesPerToken, totalParamsB };
    for (let i = 1; ; i++) {
      // Months are whole: a fractional cadence accumulates and is floored per successor.
      const month = baseMonth + Math.floor(i * cadenceMonths);
      if (month >= endMonth) break;
      const factor = Math.pow(step, i);
      if (activeParamsB !== undefined) activeParamsB *= step;
      if (kvBytesPerToken !== undefined) kvBytesPerToken *= step;
      if (totalParamsB !== undefined && activeParamsB !== undefined && totalParamsB < activeParamsB) totalParamsB = activeParamsB;
      successor.generation = i;
      successor.month = month;
      successor.costFactor = factor;
      successor.activeParamsB = activeParamsB;
      successor.kvBytesPerToken = kvBytesPerToken;
      successor.totalParamsB = totalParamsB;
      visit(successor);
    }
  }
}

/** The lab's latest released model: latest release date, ties higher capability, then name. -1 if none. */
function latestModelOf(models: ReadonlyArray<Model>, lab: string): number {
  let best = -1;
  for (let j = 0; j < models.length; j++) {
    const m = models[j]!;
    if (m.lab !== lab) continue;
    if (best < 0) {
      best = j;
      continue;
    }
    const b = models[best]!;
    if (m.releaseDate > b.releaseDate || (m.releaseDate === b.releaseDate && (m.capability > b.capability || (m.capability === b.capability && m.name < b.name)))) {
      best = j;
    }
  }
  return best;
}

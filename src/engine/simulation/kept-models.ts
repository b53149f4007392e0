/**
 * Which models a scenario keeps (MODEL.md section 3: a roadmap successor that no longer fits its
 * replica ends its lab's roadmap) and their raw GPU-hours, worked out per prepared scenario, i.e.
 * once per Monte Carlo path, without building the successors' models.
 */
import type { GpuType, Model, Scenario } from '../scenario/types.js';
import { ROOFLINE_TECH_FIELDS, roofline } from '../serving-cost/roofline.js';
import { forEachSuccessor, successorServing, type Successor } from '../tiers/roadmap.js';
import { TypedSlab } from '../typed-slab.js';
import { IdentityCache } from './identity-cache.js';

/**
 * The models of expandRoadmaps' list that the scenario keeps (their indexes in it), with their h_j
 * and cost factors, found without building the successors' models. A successor whose roofline fails
 * (it no longer fits its replica) ends its lab's roadmap; a stated model that fails is an error,
 * since validation refuses it.
 */
export function keptModels(scenario: Scenario, endMonth: number, gpuIndex: Map<string, number>): { keptIndex: number[]; rawHours: Float64Array; costFactor: Float64Array } {
  const keptIndex: number[] = [];
  const hours: number[] = statedHours(scenario, gpuIndex).slice();
  const factors: number[] = [];
  const models = scenario.models;
  for (let j = 0; j < models.length; j++) {
    keptIndex.push(j);
    factors.push(1);
  }
  let index = models.length;
  let stoppedLabs: Set<string> | undefined;
  // One copy of a base's serving spec serves all its successors (successorServing writes the same
  // fields each time): only the roofline reads it.
  let serving: Model['serving'] | undefined;
  forEachSuccessor(scenario, endMonth, (s) => {
    const e = index++;
    const lab = s.baseModel.lab;
    if (stoppedLabs?.has(lab)) return;
    if (s.generation === 1) serving = { ...s.baseModel.serving };
    successorServing(s, serving!);
    const roof = roofline(serving!, gpuOf(scenario, gpuIndex, serving!, s), scenario.technology, false);
    if (!roof.ok) {
      (stoppedLabs ??= new Set()).add(lab);
      return;
    }
    hours.push(roof.rawGpuHoursPerMTokens);
    keptIndex.push(e);
    factors.push(s.costFactor);
  });
  const slab = new TypedSlab(2 * keptIndex.length, 0);
  const rawHours = slab.float64(keptIndex.length);
  rawHours.set(hours);
  const costFactor = slab.float64(keptIndex.length);
  costFactor.set(factors);
  return { keptIndex, rawHours, costFactor };
}

/**
 * The stated models' rooflines, per models list, with the GPU list and technology values they were
 * found under: paths of one document share the models and GPU lists, and their technologies differ
 * (if at all) in a drawn gain that rooflines do not read, so the same values come back each path.
 */
const statedRooflines = new IdentityCache<Scenario['models'], { gpuTypes: Scenario['gpuTypes']; tech: number[]; hours: number[] }>(16);

function statedHours(scenario: Scenario, gpuIndex: Map<string, number>): readonly number[] {
  const tech = scenario.technology;
  const hit = statedRooflines.get(scenario.models);
  if (hit !== undefined && hit.gpuTypes === scenario.gpuTypes && sameTechnology(hit.tech, tech)) return hit.hours;
  const hours = scenario.models.map((model) => {
    const roof = roofline(model.serving, gpuOf(scenario, gpuIndex, model.serving, model.name), tech);
    if (!roof.ok) throw new Error(`models[${model.name}].${roof.field}: ${roof.message}`);
    return roof.rawGpuHoursPerMTokens;
  });
  statedRooflines.set(scenario.models, { gpuTypes: scenario.gpuTypes, tech: ROOFLINE_TECH_FIELDS.map((k) => tech[k]), hours });
  return hours;
}

function sameTechnology(values: readonly number[], tech: Scenario['technology']): boolean {
  for (let i = 0; i < ROOFLINE_TECH_FIELDS.length; i++) if (!Object.is(values[i], tech[ROOFLINE_TECH_FIELDS[i]!])) return false;
  return true;
}

/** The GPU type a serving spec names; `of` is the model (a name, or a successor named only on error). */
function gpuOf(scenario: Scenario, gpuIndex: Map<string, number>, serving: Model['serving'], of: string | Successor): GpuType {
  const gpu = scenario.gpuTypes[gpuIndex.get(serving.gpuType) ?? -1];
  if (gpu !== undefined) return gpu;
  const name = typeof of === 'string' ? of : `${of.baseModel.name}+${of.generation}`;
  throw new Error(`models[${name}].serving.gpuType: unknown GPU type ${serving.gpuType}`);
}

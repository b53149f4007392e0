/**
 * Roadmaps (MODEL.md section 3): a lab with a roadmap releases a successor every `cadenceMonths`
 * after its latest model, each more capable and cheaper to serve than the one before.
 */
import type { Model, Scenario } from '../scenario/types.js';
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
  const algorithmic = scenario.technology.algorithmicEfficiencyGainPerYear;
  for (const lab of scenario.labs) {
    const roadmap = lab.roadmap;
    if (roadmap === undefined || !(roadmap.cadenceMonths > 0)) continue;
    const baseIndex = latestModelOf(scenario.models, lab.name);
    if (baseIndex < 0) continue;
    const base = scenario.models[baseIndex]!;
    const { cadenceMonths, capabilityStep, computeMultiplierPer10Points } = roadmap;
    const step = Math.pow(computeMultiplierPer10Points, capabilityStep / 10) / Math.pow(algorithmic, cadenceMonths / 12);
    const baseMonth = monthIndex(base.releaseDate);
    // Successors drop the base's history and retirement; the rest is copied into each one below.
    const { priceHistory: _history, retireDate: _retire, ...rest } = base;
    let activeParamsB = base.serving.activeParamsB;
    let kvBytesPerToken = base.serving.kvBytesPerToken;
    let totalParamsB = base.serving.totalParamsB;
    for (let i = 1; ; i++) {
      // Months are whole: a fractional cadence accumulates and is floored per successor.
      const month = baseMonth + Math.floor(i * cadenceMonths);
      if (month >= endMonth) break;
      const factor = Math.pow(step, i);
      if (activeParamsB !== undefined) activeParamsB *= step;
      if (kvBytesPerToken !== undefined) kvBytesPerToken *= step;
      if (totalParamsB !== undefined && activeParamsB !== undefined && totalParamsB < activeParamsB) totalParamsB = activeParamsB;
      const serving = { ...base.serving };
      if (serving.costPerMTokens === undefined) {
        if (activeParamsB !== undefined) serving.activeParamsB = activeParamsB;
        if (kvBytesPerToken !== undefined) serving.kvBytesPerToken = kvBytesPerToken;
        if (totalParamsB !== undefined) serving.totalParamsB = totalParamsB;
      }
      out.push({
        model: {
          ...rest,
          name: `${base.name}+${i}`,
          releaseDate: monthStart(month),
          capability: Math.min(100, base.capability + i * capabilityStep),
          serving,
        },
        base: baseIndex,
        generation: i,
        costFactor: factor,
      });
    }
  }
  return out;
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

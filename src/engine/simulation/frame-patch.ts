/**
 * Reusing a frame across scenario objects that differ only in numbers the frame holds as plain
 * data: lab fleets, lab cash and the GPU market. Dated events on those (fleet purchases, funding,
 * other buyers' GPU demand) arrive almost every period in real scenarios; rebuilding the whole
 * frame for them (roadmaps, rooflines, sorting, workspaces) dominated the run time. Timelines share
 * unchanged parts of the document by identity (setPath copies only along the changed path), so
 * identity comparisons find what changed cheaply. Anything else that changed means a rebuild.
 */
import type { Lab, Scenario } from '../scenario/types.js';
import type { Frame, PathState } from './period-frame.js';

/** Lab fields the patch can take over: the frame copies them into per-lab arrays and state. */
const PATCHABLE_LAB_KEYS = new Set(['fleet', 'cash']);
/** Scenario fields the frame reads straight from the scenario object each period, or patches. */
const PATCHABLE_SCENARIO_KEYS = new Set(['labs', 'gpuMarket']);

function labsPatchable(from: Lab, to: Lab): boolean {
  if (from === to) return true;
  if ((from.cash === undefined) !== (to.cash === undefined)) return false;
  for (const key in from) if (!PATCHABLE_LAB_KEYS.has(key) && !Object.is((from as unknown as Record<string, unknown>)[key], (to as unknown as Record<string, unknown>)[key])) return false;
  for (const key in to) if (!(key in from)) return false;
  return true;
}

/** True when `to` differs from `from` only in lab fleets, lab cash and the GPU market. */
export function canPatchFrame(from: Scenario, to: Scenario): boolean {
  const a = from as unknown as Record<string, unknown>;
  const b = to as unknown as Record<string, unknown>;
  for (const key in a) if (!PATCHABLE_SCENARIO_KEYS.has(key) && !Object.is(a[key], b[key])) return false;
  for (const key in b) if (!(key in a)) return false;
  if (from.labs === to.labs) return true;
  if (from.labs.length !== to.labs.length) return false;
  for (let l = 0; l < from.labs.length; l++) if (!labsPatchable(from.labs[l]!, to.labs[l]!)) return false;
  return true;
}

/** GPU type name -> index, per gpuTypes list (patched scenarios share the list by identity). */
const gpuIndexes = new WeakMap<Scenario['gpuTypes'], Map<string, number>>();

function gpuIndexOf(gpuTypes: Scenario['gpuTypes']): Map<string, number> {
  let index = gpuIndexes.get(gpuTypes);
  if (index === undefined) gpuIndexes.set(gpuTypes, (index = new Map(gpuTypes.map((g, i) => [g.name, i]))));
  return index;
}

/**
 * Points `frame` at `scenario` (which canPatchFrame accepted), with its fleets and stated cash, and
 * updates the path state exactly as buildFrame would: a changed stated cash moves the running cash
 * by the difference, a changed stated rental price resets the running one.
 */
export function patchFrame(frame: Frame, scenario: Scenario, state: PathState): void {
  // The frame's own fleet array is rewritten in place; the prepared scenario, shared, is untouched.
  const { fleet, globalLab } = frame;
  const gpuCount = frame.p.gpuCount;
  fleet.fill(0);
  const gpuIndex = gpuIndexOf(scenario.gpuTypes);
  const labs = scenario.labs;
  for (let l = 0; l < labs.length; l++) {
    const lab = labs[l]!;
    for (const gpuName in lab.fleet) {
      const g = gpuIndex.get(gpuName);
      if (g !== undefined) fleet[l * gpuCount + g] = lab.fleet[gpuName]!;
    }
    const stated = lab.cash ?? 0;
    const gl = globalLab[l]!;
    if (stated !== state.statedCash[gl]) {
      state.cash[gl] = state.cash[gl]! + (stated - state.statedCash[gl]!);
      state.statedCash[gl] = stated;
    }
  }
  if (scenario.gpuMarket.rentalPrice !== state.statedRentalPrice) {
    state.rentalPrice = scenario.gpuMarket.rentalPrice;
    state.statedRentalPrice = scenario.gpuMarket.rentalPrice;
  }
  frame.scenario = scenario;
}

/**
 * Reusing a frame across scenario objects that differ only in numbers the frame holds as plain
 * data: lab fleets, lab cash and the GPU market, and in lab pricing blocks (the frame re-resolves
 * that lab's models' pricing). Dated events on those (fleet purchases, funding, other buyers' GPU
 * demand, a price war or a subsidy) arrive almost every period in real scenarios; rebuilding the
 * whole frame for them (roadmaps, rooflines, sorting, workspaces) dominated the run time. Timelines
 * share unchanged parts of the document by identity (setPath copies only along the changed path), so
 * identity comparisons find what changed cheaply. Anything else that changed means a rebuild.
 */
import { resolvePricing } from '../pricing/pricing-rule.js';
import { loadResolved } from '../pricing/rule-table.js';
import type { ResolvedPricing } from '../pricing/types.js';
import type { Lab, Scenario } from '../scenario/types.js';
import { IdentityCache } from './identity-cache.js';
import type { Frame, PathState } from './period-frame.js';

/**
 * True when `b` has the same keys as `a` (in any order) and the same values (by identity) except
 * under the keys `patchable` accepts. The first loop checks a's keys against b, the count that b
 * has no others: one `for...in` over each object, no lookups in the second.
 */
function sameExcept(a: Record<string, unknown>, b: Record<string, unknown>, patchable: (key: string) => boolean): boolean {
  let keys = 0;
  for (const key in a) {
    keys++;
    if (patchable(key)) {
      if (!(key in b)) return false;
    } else {
      const value = a[key];
      if (!Object.is(value, b[key]) || (value === undefined && !(key in b))) return false;
    }
  }
  for (const _ in b) if (--keys < 0) return false;
  return keys === 0;
}

/**
 * Lab fields the patch can take over: the frame copies fleet and cash into per-lab arrays and state,
 * and resolves its models' pricing again from a changed pricing block.
 */
const patchableLabKey = (key: string): boolean => key === 'fleet' || key === 'cash' || key === 'pricing';
/** Scenario fields the frame reads straight from the scenario object each period, or patches. */
const patchableScenarioKey = (key: string): boolean => key === 'labs' || key === 'gpuMarket';

/**
 * Per lab object, the lab it was last found patchable from. Timelines give every path the same lab
 * objects for events that draw nothing (build-timeline.ts), so the same pairs come back each path;
 * scenario objects are never mutated, so an answer stays true.
 */
const patchableFrom = new IdentityCache<Lab, Lab>(64);

function labsPatchable(from: Lab, to: Lab): boolean {
  if (from === to || patchableFrom.get(to) === from) return true;
  if ((from.cash === undefined) !== (to.cash === undefined)) return false;
  if (!sameExcept(from as unknown as Record<string, unknown>, to as unknown as Record<string, unknown>, patchableLabKey)) return false;
  patchableFrom.set(to, from);
  return true;
}

/** True when `to` differs from `from` only in lab fleets, cash and pricing blocks and the GPU market. */
export function canPatchFrame(from: Scenario, to: Scenario): boolean {
  return sameExcept(from as unknown as Record<string, unknown>, to as unknown as Record<string, unknown>, patchableScenarioKey) && labListsPatchable(from, to);
}

/**
 * canPatchFrame(from, to) for a `to` that differs from `from` only under the top-level keys
 * `changed` (as Timeline.changedKeys promises): when those are the GPU market and labs, as in
 * nearly every period of a real scenario, only the labs are compared, not every key (keyed loads
 * on the root were most of the check). Any other key takes the full comparison.
 */
export function canPatchChanged(from: Scenario, to: Scenario, changed: readonly string[]): boolean {
  for (let i = 0; i < changed.length; i++) {
    const key = changed[i]!;
    // A patchable key new in `to` changes the key set: sameExcept's answer then.
    if (!patchableScenarioKey(key) || !(key in from)) return canPatchFrame(from, to);
  }
  return labListsPatchable(from, to);
}

function labListsPatchable(from: Scenario, to: Scenario): boolean {
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
  const labs = scenario.labs;
  const before = frame.scenario.labs;
  // The frame holds the fleets and stated cash of frame.scenario: a lab object it shares needs nothing.
  if (labs !== before) {
    // Only a changed lab needs it (most patches change only the GPU market).
    const gpuIndex = gpuIndexOf(scenario.gpuTypes);
    for (let l = 0; l < labs.length; l++) {
      const lab = labs[l]!;
      if (lab === before[l]) continue;
      fleet.fill(0, l * gpuCount, (l + 1) * gpuCount);
      frame.fleetStale = true;
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
      if (lab.pricing !== before[l]!.pricing) resolveLabPricing(frame, scenario, l);
    }
  }
  if (scenario.gpuMarket.rentalPrice !== state.statedRentalPrice) {
    state.rentalPrice = scenario.gpuMarket.rentalPrice;
    state.statedRentalPrice = scenario.gpuMarket.rentalPrice;
  }
  frame.scenario = scenario;
}

/**
 * The resolved pricing of lab l's models under `scenario`, as prepareScenario would give it, also
 * loaded into the frame's rule table: the frame takes its own copy of the prepared (shared) list
 * first. Stated models are the first entries of the frame, in the document's order; a roadmap
 * successor inherits its base model's pricing (roadmap.ts), the only model field resolvePricing
 * reads. The document-level bounds it also reads are not patchable, so they are the prepared ones.
 */
function resolveLabPricing(frame: Frame, scenario: Scenario, l: number): void {
  const p = frame.p;
  let own = frame.pricingContext.pricing as ResolvedPricing[];
  if (own === p.pricing) frame.pricingContext.pricing = own = p.pricing.slice();
  const lab = scenario.labs[l]!;
  const models = scenario.models;
  for (let j = 0; j < p.modelCount; j++) {
    if (p.lab[j] !== l) continue;
    own[j] = resolvePricing(scenario, lab, models[j < models.length ? j : p.base[j]!]!);
    loadResolved(frame.pricingContext.rules!, j, own[j]!);
  }
}

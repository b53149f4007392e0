/**
 * The per-lab, per-tier and per-segment arrays of a prepared scenario (MODEL.md sections 3, 5, 6),
 * each built from its own part of the scenario so prepareScenario can keep one whose part is unchanged.
 */
import type { Scenario } from '../scenario/types.js';
import type { PreparedScenario } from './prepare-scenario.js';

export type LabArrays = Pick<PreparedScenario, 'labNames' | 'fleet' | 'servingShare' | 'cloudBurst' | 'statesCash' | 'statedCash' | 'fixedCost'>;
export type TierArrays = Pick<PreparedScenario, 'tierNames' | 'thresholds'>;
export type SegmentParams = Pick<
  PreparedScenario,
  'segmentNames' | 'segmentTier' | 'alpha' | 'beta' | 'elasticity' | 'referencePrice' | 'baseVolume' | 'growthPerYear' | 'saturationVolume'
>;

export function labArraysOf(scenario: Scenario, gpuIndex: Map<string, number>): LabArrays {
  const labs = scenario.labs;
  const gpuCount = scenario.gpuTypes.length;
  const fleet = new Float64Array(labs.length * gpuCount);
  labs.forEach((lab, l) => {
    for (const [gpuName, count] of Object.entries(lab.fleet)) {
      const g = gpuIndex.get(gpuName);
      if (g !== undefined) fleet[l * gpuCount + g] = count;
    }
  });
  return {
    labNames: labs.map((l) => l.name),
    fleet,
    servingShare: Float64Array.from(labs.map((l) => l.servingShare)),
    cloudBurst: Uint8Array.from(labs.map((l) => (l.cloudBurst ? 1 : 0))),
    statesCash: Uint8Array.from(labs.map((l) => (l.cash !== undefined ? 1 : 0))),
    statedCash: Float64Array.from(labs.map((l) => l.cash ?? 0)),
    fixedCost: Float64Array.from(labs.map((l) => l.fixedCostPerPeriod)),
  };
}

export function tierArraysOf(scenario: Scenario): TierArrays {
  return { tierNames: scenario.tiers.map((t) => t.name), thresholds: Float64Array.from(scenario.tiers.map((t) => t.threshold)) };
}

/** One loop over the segments (a drawn elasticity gives every path its own segments list). */
export function segmentParamsOf(scenario: Scenario): SegmentParams {
  const segments = scenario.segments;
  const tiers = scenario.tiers;
  const n = segments.length;
  const out: SegmentParams = {
    segmentNames: [],
    segmentTier: new Int32Array(n),
    alpha: new Float64Array(n),
    beta: new Float64Array(n),
    elasticity: new Float64Array(n),
    referencePrice: new Float64Array(n),
    baseVolume: new Float64Array(n),
    growthPerYear: new Float64Array(n),
    saturationVolume: new Float64Array(n),
  };
  for (let s = 0; s < n; s++) {
    const segment = segments[s]!;
    out.segmentNames.push(segment.tier);
    out.segmentTier[s] = tiers.findLastIndex((t) => t.name === segment.tier); // as a name -> index Map would
    out.alpha[s] = segment.alpha;
    out.beta[s] = segment.beta;
    out.elasticity[s] = segment.elasticity;
    out.referencePrice[s] = segment.referencePrice;
    out.baseVolume[s] = segment.baseVolume;
    out.growthPerYear[s] = segment.growthPerYear;
    out.saturationVolume[s] = segment.saturationVolume ?? NaN;
  }
  return out;
}

/** Observed prices per period by priceHistory list (shared by identity between paths) and calendar. */

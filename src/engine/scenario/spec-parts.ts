/**
 * Scenario parts that the engine's specs build small markets from: one GPU type, a technology
 * block and a GPU market with round numbers, each with the fields a spec varies passed in.
 * Not a spec itself (no `.spec.ts`), and imported by specs only.
 */
import type { GpuMarket, GpuType, Technology } from './types.js';

/** The one GPU type 'G': 80 GB, 3 TB/s, 1,000 TFLOPS, $2 an hour. */
export const GPU_G: GpuType = { name: 'G', memoryGB: 80, bandwidthTBs: 3, tflops: 1000, tcoPerHour: 2 };

/** No efficiency gains, 1,000-token contexts, batches up to 64, full load; `fields` override. */
export function technology(fields: Partial<Technology> = {}): Technology {
  return {
    servingEfficiencyGainPerYear: 1,
    algorithmicEfficiencyGainPerYear: 1,
    avgContextTokens: 1000,
    memUtil: 0.9,
    bwUtil: 0.5,
    mfu: 0.5,
    maxBatch: 64,
    loadFactor: 1,
    ...fields,
  };
}

/** A $2 rental market of 1e9 hours, flat supply, 1e8 hours of other buyers; `fields` override. */
export function gpuMarket(fields: Partial<GpuMarket> = {}): GpuMarket {
  return { rentalPrice: 2, supplyHours: 1e9, supplyGrowthPerYear: 1, targetUtilization: 0.8, priceElasticity: 0.5, exogenousDemandHours: 1e8, ...fields };
}

import { describe, expect, it } from '@jest/globals';
import { loadPreset } from '../../engine/presets/presets.js';
import { checkVariantDocuments } from './sweep-documents.js';
import { planVariants } from './sweep-plan.js';
import { InvalidSweepInputError, type SweepSpec } from './sweep.types.js';

async function refusal(spec: SweepSpec, document: unknown = loadPreset('three-labs')): Promise<InvalidSweepInputError | null> {
  try {
    await checkVariantDocuments(document, spec, planVariants(spec));
    return null;
  } catch (err) {
    if (err instanceof InvalidSweepInputError) return err;
    throw err;
  }
}

describe('checkVariantDocuments', () => {
  it('accepts a grid whose every cell validates', async () => {
    expect(await refusal({ grid: [{ path: 'segments[o1-class].elasticity', values: [1.2, 2] }, { path: 'labs[OpenLab].pricing.subsidy', values: [0, 1] }] })).toBeNull();
  });

  it('names the cell whose values are each valid alone but not together', async () => {
    // Thresholds must increase: 72 < 75 and 70 > 60 each pass with the other tier at its base,
    // but the cell (72, 70) breaks the order. Row-major: index 1 * 2 + 0 = 2.
    const err = await refusal({ grid: [{ path: 'tiers[0].threshold', values: [60, 72] }, { path: 'tiers[1].threshold', values: [70, 90] }] });
    expect(err?.field).toBe('variants[2]');
    expect(err?.message).toContain('tiers[0].threshold = 72, tiers[1].threshold = 70');
  });

  it('names the value that is invalid on its own, and the path that does not exist', async () => {
    expect((await refusal({ tornado: [{ path: 'gpuMarket.targetUtilization', low: 0.5, high: 0.9 }, { path: 'labs[OpenLab].servingShare', low: 0.1, high: 2 }] }))?.field).toBe('tornado[1].high');
    expect((await refusal({ grid: [{ path: 'technology.nope', values: [1] }] }))?.field).toBe('grid[0].path');
    expect((await refusal({ grid: [{ path: 'labs[Nobody].cash', values: [1] }] }))?.field).toBe('grid[0].path');
  });

  it('refuses a scenario whose stored document does not validate', async () => {
    const doc = loadPreset('three-labs')!;
    (doc as { periods: number }).periods = -1;
    expect((await refusal({ grid: [{ path: 'segments[o1-class].elasticity', values: [1.2] }] }, doc))?.field).toBe('scenarioId');
  });
});

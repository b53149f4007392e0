import { describe, expect, it } from '@jest/globals';
import { validateScenario } from '../scenario/validate-scenario.js';
import { roofline } from '../serving-cost/roofline.js';
import type { GpuType, Technology } from '../scenario/types.js';
import { deepseekDebates2025 } from './deepseek-debates-2025.js';
import { listPresets, loadPreset } from './presets.js';

describe(listPresets.name, () => {
  it('lists both built-in presets, each loadable and valid', () => {
    const names = listPresets().map((p) => p.name);
    expect(names).toEqual(['deepseek-debates-2025', 'three-labs']);
    for (const name of names) {
      const result = validateScenario(loadPreset(name));
      if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
      expect(result.ok).toBe(true);
    }
  });
});

describe(loadPreset.name, () => {
  it('returns a fresh copy each time, so a caller editing it cannot change the preset', () => {
    const a = loadPreset('deepseek-debates-2025')!;
    a.labs[0].name = 'edited';
    expect(loadPreset('deepseek-debates-2025')!.labs[0].name).toBe('OpenAI');
  });

  it('returns undefined for an unknown name', () => {
    expect(loadPreset('no-such-preset')).toBeUndefined();
  });
});

describe('deepseek-debates-2025', () => {
  const doc = deepseekDebates2025;

  it('is monthly from 2024-09 for at least 36 periods (MODEL.md section 10)', () => {
    expect(doc.startDate.slice(0, 7)).toBe('2024-09');
    expect(doc.periodMonths).toBe(1);
    expect(doc.periods).toBeGreaterThanOrEqual(36);
  });

  it('has the four labs with their section-10 strategies', () => {
    const strategy = (name: string) => doc.labs.find((l) => l.name === name)?.pricing.strategy;
    expect(strategy('OpenAI')).toBe('FRONTIER_PREMIUM');
    expect(doc.labs.find((l) => l.name === 'OpenAI')?.cloudBurst).toBe(true);
    expect(strategy('Google')).toBe('PRICE_PERFORMANCE_PARITY');
    expect(strategy('DeepSeek')).toBe('ZERO_MARGIN');
    expect(strategy('Anthropic')).toBeDefined();
  });

  it('gives DeepSeek ~50,000 Hopper GPUs of H800, H100 and H20 at a TCO from $1.6B capex + $944M opex', () => {
    const fleet = doc.labs.find((l) => l.name === 'DeepSeek')!.fleet as Record<string, number>;
    expect(Object.keys(fleet).sort()).toEqual(['H100', 'H20', 'H800']);
    expect(Object.values(fleet).reduce((a, b) => a + b, 0)).toBe(50_000);
    // (1.6e9 + 0.944e9) USD over 50,000 GPUs x 4 years x 8,760 h = $1.452 per GPU-hour.
    const tco = doc.gpuTypes.find((g) => g.name === 'H800')!.tcoPerHour as number;
    expect(tco).toBeCloseTo(2.544e9 / 1.752e9, 12);
  });

  it('serves V3 and R1 with MLA KV of 576 x 61 x 2 bytes, and the others with the 93.3%-larger standard KV', () => {
    const kv = (name: string) => doc.models.find((m) => m.name === name)!.serving.kvBytesPerToken as number;
    expect(kv('deepseek-v3')).toBe(70_272);
    expect(kv('deepseek-r1')).toBe(70_272);
    expect(1 - kv('deepseek-v3') / kv('gpt-4o')).toBeCloseTo(0.933, 4);
  });

  it('replays list prices as 3:1 blends: GPT-4o 4.375, o1 26.25, V3 0.4775, R1 0.9575', () => {
    const first = (name: string) => doc.models.find((m) => m.name === name)!.priceHistory![0].price;
    expect(first('gpt-4o')).toBeCloseTo((3 * 2.5 + 10) / 4, 12);
    expect(first('o1')).toBeCloseTo(26.25, 12);
    expect(first('deepseek-v3')).toBeCloseTo((3 * 0.27 + 1.1) / 4, 12);
    expect(first('deepseek-r1')).toBeCloseTo((3 * 0.55 + 2.19) / 4, 12);
  });

  it('spans tiers from a GPT-4o class to an o3 class, each model fitting its roofline', () => {
    expect(doc.tiers.map((t) => t.name)).toEqual(['gpt4o-class', 'o1-class', 'o3-class']);
    const tech = doc.technology as Technology;
    for (const model of doc.models) {
      const gpu = doc.gpuTypes.find((g) => g.name === model.serving.gpuType) as GpuType;
      const result = roofline(model.serving as never, gpu, tech);
      expect([model.name, result.ok]).toEqual([model.name, true]);
    }
  });

  it('gives every lab a roadmap after its last known release', () => {
    for (const lab of doc.labs) expect(lab.roadmap).toBeDefined();
  });
});

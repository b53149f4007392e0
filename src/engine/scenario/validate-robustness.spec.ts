import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { validateScenario } from './validate-scenario.js';
import { parsePath, setPath } from './path.js';
import { arbitraryScenario } from '../simulation/arbitrary-scenario.js';

// a dynamic import keeps the JSON import attribute through @swc/jest
const threeLabs = (await import('./fixtures/three-labs.json', { with: { type: 'json' } })).default;

const leafPaths = [
  'labs[OpenLab].pricing.subsidy',
  'labs[Frontier].fleet.H100',
  'labs[1].servingShare',
  'models[open-v3].serving.kvBytesPerToken',
  'models[0].capability',
  'segments[o1-class].elasticity',
  'technology.maxBatch',
  'gpuMarket.targetUtilization',
  'tiers[0].threshold',
  'gpuTypes[H20].memoryGB',
  'startDate',
  'events[0].set.value',
  'labs[Follower].pricing',
  'models[frontier-o1].priceHistory',
];

describe('validateScenario on arbitrary input', () => {
  it('never throws, and every error names a path that parses (or the root)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...leafPaths), fc.jsonValue(), (path, value) => {
        const mutated = setPath(threeLabs, path, value);
        if (!mutated.ok) throw new Error(mutated.message);
        const r = validateScenario(mutated.doc);
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) expect(e.path === '' || parsePath(e.path).ok).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = validateScenario(value);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('accepts every small valid scenario of the engine\'s own generator', () => {
    fc.assert(
      fc.property(arbitraryScenario({ nash: true }), (scenario) => {
        const r = validateScenario(scenario);
        expect(r.ok ? [] : r.errors).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

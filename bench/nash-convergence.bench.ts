/**
 * How often the NASH solver stops unconverged (not a test): random markets of one kind, one
 * setPrices each, counted by nashConverged, with the mean iterations. The kinds are those of
 * src/engine/pricing/arbitrary-nash-market.ts; figures are in docs/model-notes.md.
 *
 *   npm run bench:nash -- --markets one|two|wide|extreme [--runs 100000] [--seed 1] [--dump FILE]
 *
 * --dump writes the unconverged markets as JSON (hand-built pricing contexts).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { nashMarkets } from '../src/engine/pricing/arbitrary-nash-market.js';
import { buildPricingContext, type ContextSpec } from '../src/engine/pricing/pricing-context.builder.js';
import { setPrices } from '../src/engine/pricing/set-prices.js';

const { values } = parseArgs({
  options: { markets: { type: 'string', default: 'two' }, runs: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, dump: { type: 'string' } },
});
const arbitrary = (nashMarkets as Record<string, fc.Arbitrary<ContextSpec> | undefined>)[values.markets];
if (arbitrary === undefined) throw new Error(`--markets must be one of ${Object.keys(nashMarkets).join(', ')}`);
const runs = Number(values.runs);
const unconverged: ContextSpec[] = [];
let iterations = 0;
const start = process.hrtime.bigint();
// In slices, so that a large --runs does not hold every market at once.
for (let done = 0, slice = 0; done < runs; slice++) {
  const count = Math.min(50_000, runs - done);
  for (const spec of fc.sample(arbitrary, { numRuns: count, seed: Number(values.seed) + slice })) {
    const result = setPrices(buildPricingContext(spec));
    iterations += result.nashIterations;
    if (result.nashConverged !== 1) unconverged.push(spec);
  }
  done += count;
}
if (values.dump !== undefined) writeFileSync(values.dump, JSON.stringify(unconverged));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`${values.markets}: ${runs} markets, seed ${values.seed}: ${unconverged.length} unconverged, mean iterations ${(iterations / runs).toFixed(2)} (${seconds.toFixed(1)} s)`);

/**
 * Refuses a sweep whose variants would not run, before anything is stored or queued: every
 * variant's document (the version's document with its overrides) goes through the engine's
 * applyOverrides, which validates the result (MODEL.md section 1). Pure.
 */
import type { FieldError } from '../../engine/scenario/types.js';
import { applyOverrides } from '../../engine/scenario/overrides.js';
import { validateScenario } from '../../engine/scenario/validate-scenario.js';
import { overrideField, type VariantPlan } from './sweep-plan.js';
import { InvalidSweepInputError, type SweepSpec } from './sweep.types.js';

const MAX_LISTED = 5;
const YIELD_EVERY_MS = 20;

function describe(errors: readonly FieldError[]): string {
  const lines = errors.slice(0, MAX_LISTED).map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`));
  if (errors.length > MAX_LISTED) lines.push(`and ${errors.length - MAX_LISTED} more`);
  return lines.join('; ');
}

/** A path problem (not the value's): the override's own path is reported by applyOverrides. */
function isPathError(path: string, errors: readonly FieldError[]): boolean {
  return errors.some((e) => e.path === path && (e.message.startsWith('not a valid path') || e.message.startsWith('no such field')));
}

/**
 * Throws InvalidSweepInputError naming the first bad input: `grid[i].path` / `tornado[i].path`
 * for a path that does not exist, `grid[i].values[j]` / `tornado[i].low|high` for a value the
 * validator refuses on its own, `variants[k]` for a grid combination that is only invalid
 * together (e.g. a min above a max set by another parameter).
 */
export async function checkVariantDocuments(document: unknown, spec: SweepSpec, plans: readonly VariantPlan[]): Promise<void> {
  const base = validateScenario(document);
  if (!base.ok) throw new InvalidSweepInputError('scenarioId', `the scenario's latest version does not validate: ${describe(base.errors)}`);
  const params = spec.grid
    ? spec.grid.map((p) => ({ path: p.path, values: p.values }))
    : spec.tornado!.map((p) => ({ path: p.path, values: [p.low, p.high] }));
  // Each value alone first: the error then names the value that is wrong.
  params.forEach((p, i) => {
    const kind = spec.grid ? 'grid' : 'tornado';
    const tried = new Set<number>();
    p.values.forEach((value, j) => {
      if (tried.has(value)) return;
      tried.add(value);
      const result = applyOverrides(document, [{ path: p.path, value }]);
      if (result.ok) return;
      if (isPathError(p.path, result.errors)) throw new InvalidSweepInputError(`${kind}[${i}].path`, describe(result.errors));
      throw new InvalidSweepInputError(overrideField(spec, i, j), `${p.path} = ${value} gives an invalid scenario: ${describe(result.errors)}`);
    });
  });
  // A tornado variant has one override, all checked above; a grid cell combines several.
  if (!spec.grid || spec.grid.length < 2) return;
  let lastYield = performance.now();
  for (const plan of plans) {
    // Validation costs milliseconds per document (tens for the preset): let other requests in.
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    const result = applyOverrides(document, plan.overrides);
    if (result.ok) continue;
    const set = plan.overrides.map((o) => `${o.path} = ${o.value}`).join(', ');
    throw new InvalidSweepInputError(`variants[${plan.index}]`, `${set} gives an invalid scenario: ${describe(result.errors)}`);
  }
}

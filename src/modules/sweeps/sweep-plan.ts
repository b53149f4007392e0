/**
 * A sweep's variants from its spec (MODEL.md section 8): a cartesian grid of `{path, values}`
 * (the last parameter varies fastest) or a one-at-a-time tornado (the base, then each
 * parameter's low and high with every other parameter at the base). Pure.
 */
import { InvalidSweepInputError, type SweepOverride, type SweepSpec, type VariantRole } from './sweep.types.js';

/** MODEL.md section 8: at most 10,000 variants. */
export const MAX_SWEEP_VARIANTS = 10_000;
/** More parameters than this is a request for a different tool (and an unreadable table). */
export const MAX_SWEEP_PARAMETERS = 20;
export const MAX_PATH_LENGTH = 500;

export interface VariantPlan {
  index: number;
  role: VariantRole;
  /** The tornado parameter a low/high variant moves; null for grid and base variants. */
  parameter: string | null;
  overrides: SweepOverride[];
}

function checkNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidSweepInputError(field, `must be a finite number, got ${String(value)}`);
  return value;
}

function checkPaths(kind: string, paths: readonly unknown[]): void {
  if (paths.length === 0) throw new InvalidSweepInputError(kind, 'needs at least one parameter');
  if (paths.length > MAX_SWEEP_PARAMETERS) throw new InvalidSweepInputError(kind, `has ${paths.length} parameters; at most ${MAX_SWEEP_PARAMETERS}`);
  const seen = new Map<string, number>();
  paths.forEach((path, i) => {
    if (typeof path !== 'string' || path.trim() === '' || path.length > MAX_PATH_LENGTH) {
      throw new InvalidSweepInputError(`${kind}[${i}].path`, `must be a non-empty path of at most ${MAX_PATH_LENGTH} characters`);
    }
    const first = seen.get(path);
    if (first !== undefined) throw new InvalidSweepInputError(`${kind}[${i}].path`, `repeats ${kind}[${first}].path (${path})`);
    seen.set(path, i);
  });
}

/** Number of variants the spec makes, checked against the bound before anything is expanded. */
export function variantCount(spec: SweepSpec): number {
  if (spec.grid) return spec.grid.reduce((n, p) => n * p.values.length, 1);
  if (spec.tornado) return 1 + 2 * spec.tornado.length;
  return 0;
}

/** Checks the spec's shape and expands it; throws InvalidSweepInputError naming the field. */
export function planVariants(spec: SweepSpec): VariantPlan[] {
  const hasGrid = spec.grid != null;
  const hasTornado = spec.tornado != null;
  if (hasGrid === hasTornado) throw new InvalidSweepInputError('spec', 'give exactly one of grid or tornado');
  if (spec.grid) {
    const grid = spec.grid;
    checkPaths('grid', grid.map((p) => p.path));
    grid.forEach((p, i) => {
      if (p.values.length === 0) throw new InvalidSweepInputError(`grid[${i}].values`, 'needs at least one value');
      p.values.forEach((v, j) => checkNumber(`grid[${i}].values[${j}]`, v));
    });
    const total = variantCount(spec);
    if (total > MAX_SWEEP_VARIANTS) throw new InvalidSweepInputError('grid', `makes ${total} variants; at most ${MAX_SWEEP_VARIANTS}`);
    const plans: VariantPlan[] = [];
    for (let index = 0; index < total; index++) {
      // Mixed-radix digits of the index, last parameter fastest (row-major order).
      let rest = index;
      const overrides: SweepOverride[] = new Array(grid.length);
      for (let k = grid.length - 1; k >= 0; k--) {
        const values = grid[k]!.values;
        overrides[k] = { path: grid[k]!.path, value: values[rest % values.length]! };
        rest = Math.floor(rest / values.length);
      }
      plans.push({ index, role: 'grid', parameter: null, overrides });
    }
    return plans;
  }
  const tornado = spec.tornado!;
  checkPaths('tornado', tornado.map((p) => p.path));
  tornado.forEach((p, i) => {
    checkNumber(`tornado[${i}].low`, p.low);
    checkNumber(`tornado[${i}].high`, p.high);
  });
  const plans: VariantPlan[] = [{ index: 0, role: 'base', parameter: null, overrides: [] }];
  for (const p of tornado) {
    plans.push({ index: plans.length, role: 'low', parameter: p.path, overrides: [{ path: p.path, value: p.low }] });
    plans.push({ index: plans.length, role: 'high', parameter: p.path, overrides: [{ path: p.path, value: p.high }] });
  }
  return plans;
}

/**
 * Where a bad override value is reported: the grid value or tornado bound that introduced it.
 * `valueIndex` is the position of the value in the parameter's list (grid) or 0/1 (low/high).
 */
export function overrideField(spec: SweepSpec, parameterIndex: number, valueIndex: number): string {
  if (spec.grid) return `grid[${parameterIndex}].values[${valueIndex}]`;
  return `tornado[${parameterIndex}].${valueIndex === 0 ? 'low' : 'high'}`;
}

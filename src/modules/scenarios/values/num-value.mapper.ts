/**
 * Numeric leaves between the typed GraphQL shapes (NumValue / NumInput) and the engine's document,
 * where a leaf is a number or `{dist, ...}` (MODEL.md sections 1 and 8).
 */
import type { Distribution as DocDistribution, FieldError, Num } from '../../../engine/scenario/types.js';
import { Distribution, type DistributionInput, DistributionKind } from './distribution.model.js';
import type { NumInput, NumValue } from './num-value.model.js';

/** Field errors found while turning a typed input into a document, in the document's path syntax. */
export class InputErrors {
  readonly errors: FieldError[] = [];

  fail(path: string, message: string): undefined {
    this.errors.push({ path, message });
    return undefined;
  }
}

const DIST_PARAMS = ['mean', 'sd', 'median', 'sigma', 'min', 'mode', 'max'] as const;

/** A typed distribution as the document writes it; parameters left out stay out (the validator names missing ones). */
export function distributionFromInput(input: DistributionInput): DocDistribution {
  const out: Record<string, unknown> = { dist: input.kind };
  for (const key of DIST_PARAMS) if (input[key] !== undefined && input[key] !== null) out[key] = input[key];
  if (input.perPeriod !== undefined && input.perPeriod !== null) out['perPeriod'] = input.perPeriod;
  return out as unknown as DocDistribution;
}

/** A NumInput as a document leaf; exactly one of value and dist must be given. */
export function numFromInput(input: NumInput | null | undefined, path: string, errs: InputErrors): Num | undefined {
  if (input === undefined || input === null) return undefined;
  const hasValue = input.value !== undefined && input.value !== null;
  const hasDist = input.dist !== undefined && input.dist !== null;
  if (hasValue === hasDist) return errs.fail(path, 'give exactly one of value or dist');
  return hasValue ? (input.value as number) : distributionFromInput(input.dist!);
}

/** Sets `key` on `target` only when the value is present, so the document carries no nulls. */
export function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null) target[key] = value;
}

const KINDS: ReadonlySet<string> = new Set(Object.values(DistributionKind));

/** A document's distribution leaf as the typed object. */
export function distributionView(d: Record<string, unknown>): Distribution {
  const view = new Distribution();
  view.kind = (KINDS.has(String(d['dist'])) ? d['dist'] : DistributionKind.NORMAL) as DistributionKind;
  for (const key of DIST_PARAMS) if (typeof d[key] === 'number') view[key] = d[key] as number;
  view.perPeriod = d['perPeriod'] === true;
  return view;
}

/** A document's numeric leaf as NumValue; null when absent. */
export function numView(leaf: unknown): NumValue | null {
  if (typeof leaf === 'number') return { value: leaf };
  if (typeof leaf === 'object' && leaf !== null && !Array.isArray(leaf) && 'dist' in leaf) {
    return { dist: distributionView(leaf as Record<string, unknown>) };
  }
  return null;
}

/** The `[name]` label of a list element when it has a usable name, else `[index]`. */
export function elementLabel(path: string, name: string | null | undefined, index: number): string {
  return name && !/[[\]]/.test(name) && !/^\d+$/.test(name) ? `${path}[${name}]` : `${path}[${index}]`;
}

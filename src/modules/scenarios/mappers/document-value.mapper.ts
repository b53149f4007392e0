/** Values written at document paths (events, overrides) between typed GraphQL shapes and JSON. */
import { isDistribution } from '../../../engine/random/distributions.js';
import { pricingFromInput, pricingView } from '../../pricing/pricing.mapper.js';
import type { DocumentValue, DocumentValueInput } from '../values/document-value.model.js';
import { distributionFromInput, distributionView, type InputErrors } from '../values/num-value.mapper.js';
import type { PricingOf, Num } from '../../../engine/scenario/types.js';

const STRATEGY_NAMES = new Set(['FRONTIER_PREMIUM', 'PRICE_PERFORMANCE_PARITY', 'COST_PLUS', 'ZERO_MARGIN', 'NASH']);

/** The JSON value a typed DocumentValueInput stands for; exactly one field must be given. */
export function documentValueFromInput(input: DocumentValueInput, path: string, errs: InputErrors): unknown {
  const given = (['number', 'text', 'boolean', 'dist', 'pricing', 'documentPart'] as const).filter(
    (key) => input[key] !== undefined && input[key] !== null,
  );
  if (given.length !== 1) {
    return errs.fail(path, `give exactly one of number, text, boolean, dist, pricing or documentPart (got ${given.length === 0 ? 'none' : given.join(', ')})`);
  }
  switch (given[0]) {
    case 'dist':
      return distributionFromInput(input.dist!);
    case 'pricing':
      return pricingFromInput(input.pricing!, path, errs);
    case 'text':
      return input.text;
    default:
      return input[given[0]!];
  }
}

/** A JSON value at a document path as the typed DocumentValue: the most specific field that fits. */
export function documentValueView(value: unknown): DocumentValue {
  if (typeof value === 'number') return { number: value };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { boolean: value };
  if (isDistribution(value)) return { dist: distributionView(value as unknown as Record<string, unknown>) };
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && STRATEGY_NAMES.has(String((value as Record<string, unknown>)['strategy']))) {
    return { pricing: pricingView(value as PricingOf<Num>) };
  }
  return { documentPart: value };
}

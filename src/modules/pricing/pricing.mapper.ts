/** Pricing blocks between the typed GraphQL shapes and the document (MODEL.md section 4). */
import type { Num, PricingOf } from '../../engine/scenario/types.js';
import { numericRecord, numericView } from '../gpu-types/gpu-types.mapper.js';
import { InputErrors, put } from '../scenarios/values/num-value.mapper.js';
import type { PricingInput } from './dto/pricing.input.js';
import { type Pricing, PricingStrategy } from './models/pricing.model.js';

export const PRICING_NUMERIC_FIELDS = [
  'premiumMultiple',
  'halfLifeMonths',
  'floorMultiple',
  'supersededFactor',
  'discount',
  'qualityExponent',
  'minMultiple',
  'leaderMarkup',
  'markup',
  'subsidy',
  'priceFloor',
  'maxChangePerPeriod',
] as const;

/** A typed pricing input as the document's block; parameters of other strategies are left to the validator to name. */
export function pricingFromInput(input: PricingInput, path: string, errs: InputErrors): PricingOf<Num> {
  const out: Record<string, unknown> = { strategy: input.strategy, ...numericRecord(input, PRICING_NUMERIC_FIELDS, path, errs) };
  put(out, 'untilDate', input.untilDate);
  if (input.then) out['then'] = pricingFromInput(input.then, `${path}.then`, errs);
  return out as unknown as PricingOf<Num>;
}

const STRATEGIES: ReadonlySet<string> = new Set(Object.values(PricingStrategy));

/** A document's pricing block as the typed object. */
export function pricingView(doc: PricingOf<Num>): Pricing {
  const source = doc as unknown as Record<string, unknown>;
  const view: Pricing = {
    ...numericView<Omit<Pricing, 'strategy' | 'untilDate' | 'then'>>(doc, PRICING_NUMERIC_FIELDS),
    strategy: (STRATEGIES.has(String(source['strategy'])) ? source['strategy'] : PricingStrategy.COST_PLUS) as PricingStrategy,
    untilDate: typeof source['untilDate'] === 'string' ? source['untilDate'] : null,
    then: typeof source['then'] === 'object' && source['then'] !== null ? pricingView(source['then'] as PricingOf<Num>) : null,
  };
  return view;
}

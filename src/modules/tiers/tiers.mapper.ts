/** Tiers between the typed GraphQL shapes and the document (MODEL.md section 3). */
import type { Num, TierOf } from '../../engine/scenario/types.js';
import { InputErrors, numFromInput, numView, put } from '../scenarios/values/num-value.mapper.js';
import type { NumValue } from '../scenarios/values/num-value.model.js';
import type { TierInput } from './dto/tier.input.js';
import type { Tier } from './models/tier.model.js';

export function tierFromInput(input: TierInput, path: string, errs: InputErrors): TierOf<Num> {
  const out: Record<string, unknown> = { name: input.name };
  put(out, 'threshold', numFromInput(input.threshold, `${path}.threshold`, errs));
  return out as unknown as TierOf<Num>;
}

export function tierView(doc: TierOf<Num>): Tier {
  return { name: doc.name, threshold: numView(doc.threshold) as NumValue };
}

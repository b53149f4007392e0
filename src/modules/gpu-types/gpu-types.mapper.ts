/** GPU types, technology and the GPU market between the typed GraphQL shapes and the document. */
import type { GpuMarketOf, GpuTypeOf, Num, TechnologyOf } from '../../engine/scenario/types.js';
import { InputErrors, numFromInput, numView, put } from '../scenarios/values/num-value.mapper.js';
import type { NumInput, NumValue } from '../scenarios/values/num-value.model.js';
import type { GpuMarketInput, GpuTypeInput, TechnologyInput } from './dto/gpu-type.input.js';
import type { GpuMarket, GpuType, Technology } from './models/gpu-type.model.js';

export const GPU_TYPE_FIELDS = ['memoryGB', 'bandwidthTBs', 'tflops', 'tcoPerHour'] as const;
export const TECHNOLOGY_FIELDS = [
  'servingEfficiencyGainPerYear',
  'algorithmicEfficiencyGainPerYear',
  'avgContextTokens',
  'memUtil',
  'bwUtil',
  'mfu',
  'maxBatch',
  'loadFactor',
] as const;
export const GPU_MARKET_FIELDS = ['rentalPrice', 'supplyHours', 'supplyGrowthPerYear', 'targetUtilization', 'priceElasticity', 'exogenousDemandHours'] as const;

/** Numeric fields of a typed input copied into a document object at `path`. */
export function numericRecord(input: object, keys: readonly string[], path: string, errs: InputErrors): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const source = input as Record<string, NumInput | null | undefined>;
  for (const key of keys) put(out, key, numFromInput(source[key], `${path}.${key}`, errs));
  return out;
}

/** Numeric fields of a document object as NumValues (absent ones as null). */
export function numericView<T>(doc: unknown, keys: readonly string[]): T {
  const source = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  const out: Record<string, NumValue | null> = {};
  for (const key of keys) out[key] = numView(source[key]);
  return out as T;
}

export function gpuTypeFromInput(input: GpuTypeInput, path: string, errs: InputErrors): GpuTypeOf<Num> {
  return { name: input.name, ...numericRecord(input, GPU_TYPE_FIELDS, path, errs) } as GpuTypeOf<Num>;
}

export function technologyFromInput(input: TechnologyInput, errs: InputErrors): TechnologyOf<Num> {
  return numericRecord(input, TECHNOLOGY_FIELDS, 'technology', errs) as unknown as TechnologyOf<Num>;
}

export function gpuMarketFromInput(input: GpuMarketInput, errs: InputErrors): GpuMarketOf<Num> {
  return numericRecord(input, GPU_MARKET_FIELDS, 'gpuMarket', errs) as unknown as GpuMarketOf<Num>;
}

export function gpuTypeView(doc: GpuTypeOf<Num>): GpuType {
  return { name: doc.name, ...numericView<Omit<GpuType, 'name'>>(doc, GPU_TYPE_FIELDS) };
}

export function technologyView(doc: TechnologyOf<Num>): Technology {
  return numericView<Technology>(doc, TECHNOLOGY_FIELDS);
}

export function gpuMarketView(doc: GpuMarketOf<Num>): GpuMarket {
  return numericView<GpuMarket>(doc, GPU_MARKET_FIELDS);
}

/** Demand segments between the typed GraphQL shapes and the document (MODEL.md section 5). */
import type { Num, SegmentOf } from '../../engine/scenario/types.js';
import { numericRecord, numericView } from '../gpu-types/gpu-types.mapper.js';
import type { InputErrors } from '../scenarios/values/num-value.mapper.js';
import type { SegmentInput } from './dto/segment.input.js';
import type { Segment } from './models/segment.model.js';

const SEGMENT_FIELDS = ['baseVolume', 'referencePrice', 'elasticity', 'growthPerYear', 'saturationVolume', 'alpha', 'beta'] as const;

export function segmentFromInput(input: SegmentInput, path: string, errs: InputErrors): SegmentOf<Num> {
  return { tier: input.tier, ...numericRecord(input, SEGMENT_FIELDS, path, errs) } as unknown as SegmentOf<Num>;
}

export function segmentView(doc: SegmentOf<Num>): Segment {
  return { tier: doc.tier, ...numericView<Omit<Segment, 'tier'>>(doc, SEGMENT_FIELDS) };
}

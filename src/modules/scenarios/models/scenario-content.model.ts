import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { ScenarioDoc } from '../../../engine/scenario/types.js';
import { Segment } from '../../demand/models/segment.model.js';
import { GpuMarket, GpuType, Technology } from '../../gpu-types/models/gpu-type.model.js';
import { AiModel } from '../../labs/models/ai-model.model.js';
import { Lab } from '../../labs/models/lab.model.js';
import { Tier } from '../../tiers/models/tier.model.js';
import { NumValue } from '../values/num-value.model.js';
import { ScenarioEvent } from './scenario-event.model.js';

@ObjectType({ description: 'A scenario document, typed field by field (MODEL.md section 1).' })
export class ScenarioContent {
  /** The document this view was made from, for field resolvers that compute from it. */
  doc!: ScenarioDoc;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String])
  tags!: string[];

  @Field({ description: 'YYYY-MM-DD' })
  startDate!: string;

  @Field(() => Int)
  periods!: number;

  @Field(() => Int, { description: '1 = monthly, 3 = quarterly' })
  periodMonths!: number;

  @Field(() => NumValue, { nullable: true, description: 'Document-wide price floor, USD per 1M tokens' })
  priceFloor?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'Document-wide maximum price change per period (fraction)' })
  maxChangePerPeriod?: NumValue | null;

  @Field(() => [Tier])
  tiers!: Tier[];

  @Field(() => [Segment])
  segments!: Segment[];

  @Field(() => [GpuType])
  gpuTypes!: GpuType[];

  @Field(() => Technology)
  technology!: Technology;

  @Field(() => GpuMarket)
  gpuMarket!: GpuMarket;

  @Field(() => [Lab])
  labs!: Lab[];

  @Field(() => [AiModel])
  models!: AiModel[];

  @Field(() => [ScenarioEvent])
  events!: ScenarioEvent[];
}

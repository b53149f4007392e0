import { Field, InputType, Int } from '@nestjs/graphql';
import { SegmentInput } from '../../demand/dto/segment.input.js';
import { GpuMarketInput, GpuTypeInput, TechnologyInput } from '../../gpu-types/dto/gpu-type.input.js';
import { AiModelInput } from '../../labs/dto/ai-model.input.js';
import { LabInput } from '../../labs/dto/lab.input.js';
import { TierInput } from '../../tiers/dto/tier.input.js';
import { ScenarioEventInput } from '../models/scenario-event.model.js';
import { NumInput } from '../values/num-value.model.js';

@InputType({ description: 'A whole scenario, typed (MODEL.md section 1). Validated by the engine; errors name document paths.' })
export class ScenarioInput {
  @Field({ description: 'Unique among scenarios' })
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field({ description: 'YYYY-MM-DD' })
  startDate!: string;

  @Field(() => Int)
  periods!: number;

  @Field(() => Int)
  periodMonths!: number;

  @Field(() => NumInput, { nullable: true })
  priceFloor?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  maxChangePerPeriod?: NumInput | null;

  @Field(() => [TierInput])
  tiers!: TierInput[];

  @Field(() => [SegmentInput])
  segments!: SegmentInput[];

  @Field(() => [GpuTypeInput])
  gpuTypes!: GpuTypeInput[];

  @Field(() => TechnologyInput)
  technology!: TechnologyInput;

  @Field(() => GpuMarketInput)
  gpuMarket!: GpuMarketInput;

  @Field(() => [LabInput])
  labs!: LabInput[];

  @Field(() => [AiModelInput])
  models!: AiModelInput[];

  @Field(() => [ScenarioEventInput], { nullable: true })
  events?: ScenarioEventInput[] | null;
}

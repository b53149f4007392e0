import { Field, InputType } from '@nestjs/graphql';
import { PricingInput } from '../../pricing/dto/pricing.input.js';
import { NumInput } from '../../scenarios/values/num-value.model.js';

@InputType()
export class FleetEntryInput {
  @Field()
  gpuType!: string;

  @Field(() => NumInput)
  count!: NumInput;
}

@InputType()
export class RoadmapInput {
  @Field(() => NumInput)
  cadenceMonths!: NumInput;

  @Field(() => NumInput)
  capabilityStep!: NumInput;

  @Field(() => NumInput)
  computeMultiplierPer10Points!: NumInput;
}

@InputType({ description: 'A lab (MODEL.md section 1).' })
export class LabInput {
  @Field()
  name!: string;

  @Field(() => PricingInput)
  pricing!: PricingInput;

  @Field(() => [FleetEntryInput])
  fleet!: FleetEntryInput[];

  @Field(() => NumInput)
  servingShare!: NumInput;

  @Field()
  cloudBurst!: boolean;

  @Field(() => NumInput)
  brand!: NumInput;

  @Field(() => NumInput, { nullable: true })
  cash?: NumInput | null;

  @Field(() => NumInput)
  fixedCostPerPeriod!: NumInput;

  @Field(() => RoadmapInput, { nullable: true })
  roadmap?: RoadmapInput | null;
}

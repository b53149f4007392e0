import { Field, InputType } from '@nestjs/graphql';
import { NumInput } from '../../scenarios/values/num-value.model.js';

@InputType({ description: 'A demand segment, one per tier (MODEL.md section 5).' })
export class SegmentInput {
  @Field()
  tier!: string;

  @Field(() => NumInput)
  baseVolume!: NumInput;

  @Field(() => NumInput)
  referencePrice!: NumInput;

  @Field(() => NumInput)
  elasticity!: NumInput;

  @Field(() => NumInput)
  growthPerYear!: NumInput;

  @Field(() => NumInput, { nullable: true })
  saturationVolume?: NumInput | null;

  @Field(() => NumInput)
  alpha!: NumInput;

  @Field(() => NumInput)
  beta!: NumInput;
}

import { Field, InputType } from '@nestjs/graphql';
import { NumInput } from '../../scenarios/values/num-value.model.js';

@InputType({ description: 'A capability tier; list tiers lowest threshold first.' })
export class TierInput {
  @Field()
  name!: string;

  @Field(() => NumInput)
  threshold!: NumInput;
}

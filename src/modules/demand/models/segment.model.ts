import { Field, ObjectType } from '@nestjs/graphql';
import { NumValue } from '../../scenarios/values/num-value.model.js';

@ObjectType({ description: 'The demand of use cases that need a tier (MODEL.md section 5).' })
export class Segment {
  @Field({ description: 'Name of the tier it needs' })
  tier!: string;

  @Field(() => NumValue, { description: 'A_k(0): M tokens per period at the reference price' })
  baseVolume!: NumValue;

  @Field(() => NumValue, { description: 'USD per 1M tokens' })
  referencePrice!: NumValue;

  @Field(() => NumValue, { description: 'epsilon_k; > 1 is Jevons' })
  elasticity!: NumValue;

  @Field(() => NumValue, { description: 'g_k, factor per year' })
  growthPerYear!: NumValue;

  @Field(() => NumValue, { nullable: true, description: 'Logistic ceiling of A_k(t)' })
  saturationVolume?: NumValue | null;

  @Field(() => NumValue, { description: 'Logit price sensitivity' })
  alpha!: NumValue;

  @Field(() => NumValue, { description: 'Logit capability weight' })
  beta!: NumValue;
}

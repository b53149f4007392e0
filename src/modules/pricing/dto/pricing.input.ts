import { Field, InputType } from '@nestjs/graphql';
import { NumInput } from '../../scenarios/values/num-value.model.js';
import { PricingStrategy } from '../models/pricing.model.js';

@InputType({ description: 'A pricing block (MODEL.md section 4): give the parameters of its strategy only.' })
export class PricingInput {
  @Field(() => PricingStrategy)
  strategy!: PricingStrategy;

  @Field(() => NumInput, { nullable: true })
  premiumMultiple?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  halfLifeMonths?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  floorMultiple?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  supersededFactor?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  discount?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  qualityExponent?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  minMultiple?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  leaderMarkup?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  markup?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  subsidy?: NumInput | null;

  @Field(() => String, { nullable: true })
  untilDate?: string | null;

  @Field(() => PricingInput, { nullable: true })
  then?: PricingInput | null;

  @Field(() => NumInput, { nullable: true })
  priceFloor?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  maxChangePerPeriod?: NumInput | null;
}

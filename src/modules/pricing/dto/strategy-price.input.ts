import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { PricingInput } from './pricing.input.js';

@InputType({ description: "A tier's leader model as a parity price reads it." })
export class LeaderPriceInput {
  @Field(() => Float, { description: 'USD per 1M tokens' })
  price!: number;

  @Field(() => Float)
  capability!: number;
}

@InputType({ description: 'A segment for NASH best responses (MODEL.md section 5); it needs tier `tier` (its list index by default).' })
export class PricingSegmentInput {
  @Field(() => Int, { nullable: true })
  tier?: number | null;

  @Field(() => Float)
  threshold!: number;

  @Field(() => Float)
  alpha!: number;

  @Field(() => Float)
  beta!: number;

  @Field(() => Float)
  elasticity!: number;

  @Field(() => Float)
  referencePrice!: number;

  @Field(() => Float, { description: 'A_k(t), M tokens per period at the reference price' })
  volume!: number;
}

@InputType({ description: 'A rival model at a fixed price (NASH best responses).' })
export class RivalInput {
  @Field(() => Float)
  price!: number;

  @Field(() => Float)
  capability!: number;

  @Field(() => Int, { description: 'Tier index, -1 below every tier' })
  tier!: number;

  @Field(() => Float, { defaultValue: 0 })
  brand!: number;
}

@InputType({ description: "One model's situation: what its strategy needs to set a price (MODEL.md section 4). Numbers only, no distributions." })
export class StrategyPriceInput {
  @Field(() => PricingInput)
  pricing!: PricingInput;

  @Field(() => Float, { description: 'c: USD per 1M tokens' })
  cost!: number;

  @Field(() => Float)
  capability!: number;

  @Field(() => Int, { description: 'Tier index of the model, -1 below every tier' })
  tier!: number;

  @Field(() => Float, { defaultValue: 0 })
  brand!: number;

  @Field({ defaultValue: false, description: "Its lab leads the model's tier" })
  leadsTier!: boolean;

  @Field(() => Float, { nullable: true, description: "Months since the tier's first follower; absent while the leader is alone" })
  monthsSinceFirstFollower?: number | null;

  @Field({ defaultValue: false, description: 'Its lab has released a model of a higher tier' })
  superseded!: boolean;

  @Field(() => LeaderPriceInput, { nullable: true, description: 'The leader model a parity price reads; absent: it prices as a leader' })
  leader?: LeaderPriceInput | null;

  @Field(() => Float, { nullable: true, description: "Last period's price, for maxChangePerPeriod" })
  prevPrice?: number | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD start of the period (ZERO_MARGIN untilDate); default before any date' })
  periodStart?: string | null;

  @Field({ defaultValue: false, description: "The lab's cash has run out (ZERO_MARGIN switches to `then`)" })
  cashExhausted!: boolean;

  @Field(() => [PricingSegmentInput], { defaultValue: [], description: 'NASH only' })
  segments!: PricingSegmentInput[];

  @Field(() => [RivalInput], { defaultValue: [], description: 'NASH only' })
  rivals!: RivalInput[];
}

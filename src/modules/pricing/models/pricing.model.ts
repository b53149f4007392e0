import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { NumValue } from '../../scenarios/values/num-value.model.js';

/** The pricing strategies of MODEL.md section 4. */
export enum PricingStrategy {
  FRONTIER_PREMIUM = 'FRONTIER_PREMIUM',
  PRICE_PERFORMANCE_PARITY = 'PRICE_PERFORMANCE_PARITY',
  COST_PLUS = 'COST_PLUS',
  ZERO_MARGIN = 'ZERO_MARGIN',
  NASH = 'NASH',
}
registerEnumType(PricingStrategy, { name: 'PricingStrategy', description: 'A pricing strategy (MODEL.md section 4).' });

@ObjectType({
  description:
    'A pricing block (MODEL.md section 4): the strategy and its parameters. Only the parameters of its strategy are set; priceFloor and maxChangePerPeriod may sit on any block.',
})
export class Pricing {
  @Field(() => PricingStrategy)
  strategy!: PricingStrategy;

  @Field(() => NumValue, { nullable: true, description: 'FRONTIER_PREMIUM: M0' })
  premiumMultiple?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'FRONTIER_PREMIUM' })
  halfLifeMonths?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'FRONTIER_PREMIUM' })
  floorMultiple?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'FRONTIER_PREMIUM, default 0.5' })
  supersededFactor?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'PRICE_PERFORMANCE_PARITY, default 0' })
  discount?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'PRICE_PERFORMANCE_PARITY gamma, default 1' })
  qualityExponent?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'PRICE_PERFORMANCE_PARITY and NASH, default 1' })
  minMultiple?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'PRICE_PERFORMANCE_PARITY, default 1' })
  leaderMarkup?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'COST_PLUS' })
  markup?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'ZERO_MARGIN sigma, default 0' })
  subsidy?: NumValue | null;

  @Field(() => String, { nullable: true, description: 'ZERO_MARGIN: YYYY-MM-DD after which `then` prices' })
  untilDate?: string | null;

  @Field(() => Pricing, { nullable: true, description: 'ZERO_MARGIN: the strategy after untilDate or once cash runs out' })
  then?: Pricing | null;

  @Field(() => NumValue, { nullable: true, description: 'USD per 1M tokens, default 1e-6' })
  priceFloor?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'Fraction m: price within [p(1-m), p(1+m)] of last period' })
  maxChangePerPeriod?: NumValue | null;
}

import { Field, Float, ObjectType } from '@nestjs/graphql';
import { PricingStrategy } from './pricing.model.js';

@ObjectType({ description: 'The price a strategy sets (MODEL.md section 4).' })
export class StrategyPrice {
  @Field(() => Float, { description: 'USD per 1M tokens' })
  price!: number;

  @Field(() => Float, { description: 'price / cost' })
  markupMultiple!: number;

  @Field(() => PricingStrategy, { description: 'The strategy in force (ZERO_MARGIN may have switched to its `then`)' })
  strategy!: PricingStrategy;

  @Field({ description: 'NASH: the best response converged (always true for other strategies)' })
  nashConverged!: boolean;
}

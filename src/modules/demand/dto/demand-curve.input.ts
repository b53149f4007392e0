import { Field, Float, InputType, Int } from '@nestjs/graphql';

@InputType({ description: 'One segment\'s demand parameters at a moment (MODEL.md section 5).' })
export class CurveSegmentInput {
  @Field(() => Float, { description: 'Capability threshold of the tier the segment needs' })
  threshold!: number;

  @Field(() => Float, { description: 'Logit price sensitivity, > 0' })
  alpha!: number;

  @Field(() => Float, { description: 'Logit capability weight, >= 0' })
  beta!: number;

  @Field(() => Float, { description: 'epsilon_k > 0; > 1 is Jevons' })
  elasticity!: number;

  @Field(() => Float, { description: 'USD per 1M tokens' })
  referencePrice!: number;

  @Field(() => Float, { description: 'A_k(t): M tokens per period at the reference price' })
  volume!: number;
}

@InputType({ description: 'A model competing in the segment at a fixed price.' })
export class CurveCompetitorInput {
  @Field(() => Float, { description: 'USD per 1M tokens' })
  price!: number;

  @Field(() => Float, { description: 'At least the segment threshold (eligible)' })
  capability!: number;

  @Field(() => Float, { defaultValue: 0 })
  brand!: number;
}

@InputType({ description: 'The priced model.' })
export class CurveFocalInput {
  @Field(() => Float, { description: 'At least the segment threshold' })
  capability!: number;

  @Field(() => Float, { defaultValue: 0 })
  brand!: number;
}

@InputType({ description: 'Prices to evaluate, USD per 1M tokens.' })
export class PriceRangeInput {
  @Field(() => Float)
  min!: number;

  @Field(() => Float)
  max!: number;

  @Field(() => Int, { defaultValue: 25, description: '2 to 200 points' })
  points!: number;

  @Field({ defaultValue: false, description: 'Evenly spaced; default geometric' })
  linear!: boolean;
}

@InputType({ description: 'A segment\'s demand curve as one model\'s price moves, others fixed.' })
export class DemandCurveInput {
  @Field(() => CurveSegmentInput)
  segment!: CurveSegmentInput;

  @Field(() => CurveFocalInput, { nullable: true, description: 'Default: capability at the threshold, brand 0' })
  focal?: CurveFocalInput | null;

  @Field(() => [CurveCompetitorInput], { defaultValue: [] })
  competitors!: CurveCompetitorInput[];

  @Field(() => PriceRangeInput)
  priceRange!: PriceRangeInput;
}

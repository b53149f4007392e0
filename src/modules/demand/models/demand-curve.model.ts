import { Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'The segment at one price of the focal model.' })
export class DemandCurvePoint {
  @Field(() => Float, { description: 'Focal model price, USD per 1M tokens' })
  price!: number;

  @Field(() => Float, { description: 'Focal model logit share s_jk' })
  share!: number;

  @Field(() => Float, { description: 'Focal model demand, M tokens per period' })
  demand!: number;

  @Field(() => Float, { description: 'Q_k, M tokens per period' })
  volume!: number;

  @Field(() => Float, { description: 'P_k, quality-adjusted price index' })
  priceIndex!: number;

  @Field(() => Float, { description: 'Segment spend at list prices, USD per period' })
  spend!: number;

  @Field(() => Float, { description: 'Focal model revenue, USD per period' })
  revenue!: number;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Segment spend is higher at the next lower price of the curve than here (Jevons); null at the lowest price',
  })
  spendRisesAsPriceFalls!: boolean | null;
}

@ObjectType({ description: 'A demand curve (MODEL.md section 5), prices ascending.' })
export class DemandCurve {
  @Field(() => [DemandCurvePoint])
  points!: DemandCurvePoint[];

  @Field({ description: 'elasticity > 1: with one model, spend scales as P^(1 - epsilon) and rises as price falls' })
  jevons!: boolean;
}

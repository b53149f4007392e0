import { Field, ObjectType } from '@nestjs/graphql';
import { NumValue } from '../../scenarios/values/num-value.model.js';

@ObjectType({ description: 'A GPU type (MODEL.md section 1).' })
export class GpuType {
  @Field()
  name!: string;

  @Field(() => NumValue, { description: '1e9 bytes' })
  memoryGB!: NumValue;

  @Field(() => NumValue, { description: '1e12 bytes/s' })
  bandwidthTBs!: NumValue;

  @Field(() => NumValue, { description: '1e12 FLOP/s, dense at the serving precision' })
  tflops!: NumValue;

  @Field(() => NumValue, { description: 'USD per owned GPU-hour (capex amortised + opex)' })
  tcoPerHour!: NumValue;
}

@ObjectType({ description: 'Serving technology shared by every model (MODEL.md sections 1-3).' })
export class Technology {
  @Field(() => NumValue, { description: 'Software gain on existing models, factor per year' })
  servingEfficiencyGainPerYear!: NumValue;

  @Field(() => NumValue, { description: 'Gain for roadmap successors, factor per year' })
  algorithmicEfficiencyGainPerYear!: NumValue;

  @Field(() => NumValue, { description: 'Tokens of context per sequence' })
  avgContextTokens!: NumValue;

  @Field(() => NumValue)
  memUtil!: NumValue;

  @Field(() => NumValue)
  bwUtil!: NumValue;

  @Field(() => NumValue)
  mfu!: NumValue;

  @Field(() => NumValue)
  maxBatch!: NumValue;

  @Field(() => NumValue)
  loadFactor!: NumValue;
}

@ObjectType({ description: 'The GPU rental market (MODEL.md section 6).' })
export class GpuMarket {
  @Field(() => NumValue, { description: 'USD per GPU-hour at the start' })
  rentalPrice!: NumValue;

  @Field(() => NumValue, { description: 'GPU-hours per period' })
  supplyHours!: NumValue;

  @Field(() => NumValue, { description: 'Factor per year' })
  supplyGrowthPerYear!: NumValue;

  @Field(() => NumValue, { description: 'u*' })
  targetUtilization!: NumValue;

  @Field(() => NumValue, { description: 'eta' })
  priceElasticity!: NumValue;

  @Field(() => NumValue, { description: 'GPU-hours per period' })
  exogenousDemandHours!: NumValue;
}

import { Field, InputType } from '@nestjs/graphql';
import { NumInput } from '../../scenarios/values/num-value.model.js';

@InputType({ description: 'A GPU type (MODEL.md section 1).' })
export class GpuTypeInput {
  @Field()
  name!: string;

  @Field(() => NumInput, { description: '1e9 bytes' })
  memoryGB!: NumInput;

  @Field(() => NumInput, { description: '1e12 bytes/s' })
  bandwidthTBs!: NumInput;

  @Field(() => NumInput, { description: '1e12 FLOP/s' })
  tflops!: NumInput;

  @Field(() => NumInput, { description: 'USD per owned GPU-hour' })
  tcoPerHour!: NumInput;
}

@InputType()
export class TechnologyInput {
  @Field(() => NumInput)
  servingEfficiencyGainPerYear!: NumInput;

  @Field(() => NumInput)
  algorithmicEfficiencyGainPerYear!: NumInput;

  @Field(() => NumInput)
  avgContextTokens!: NumInput;

  @Field(() => NumInput)
  memUtil!: NumInput;

  @Field(() => NumInput)
  bwUtil!: NumInput;

  @Field(() => NumInput)
  mfu!: NumInput;

  @Field(() => NumInput)
  maxBatch!: NumInput;

  @Field(() => NumInput)
  loadFactor!: NumInput;
}

@InputType()
export class GpuMarketInput {
  @Field(() => NumInput)
  rentalPrice!: NumInput;

  @Field(() => NumInput)
  supplyHours!: NumInput;

  @Field(() => NumInput)
  supplyGrowthPerYear!: NumInput;

  @Field(() => NumInput)
  targetUtilization!: NumInput;

  @Field(() => NumInput)
  priceElasticity!: NumInput;

  @Field(() => NumInput)
  exogenousDemandHours!: NumInput;
}

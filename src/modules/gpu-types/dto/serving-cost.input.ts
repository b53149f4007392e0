import { Field, Float, InputType, Int } from '@nestjs/graphql';

@InputType({ description: 'A model\'s roofline inputs (MODEL.md section 2).' })
export class RooflineSpecInput {
  @Field(() => Float, { description: 'Billions of parameters read per decode step' })
  activeParamsB!: number;

  @Field(() => Float, { nullable: true, description: 'Billions resident; default activeParamsB' })
  totalParamsB?: number | null;

  @Field(() => Float, { nullable: true, description: 'Default 2 (16-bit weights)' })
  bytesPerParam?: number | null;

  @Field(() => Float, { nullable: true, description: 'Bytes of KV cache per token; default 0' })
  kvBytesPerToken?: number | null;

  @Field(() => Int, { nullable: true, description: 'Default: the smallest n with weights <= 0.8 n memory' })
  gpusPerReplica?: number | null;
}

@InputType({ description: 'A GPU type for the calculator.' })
export class CalculatorGpuInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Float, { description: '1e9 bytes' })
  memoryGB!: number;

  @Field(() => Float, { description: '1e12 bytes/s' })
  bandwidthTBs!: number;

  @Field(() => Float, { description: '1e12 FLOP/s' })
  tflops!: number;

  @Field(() => Float, { description: 'USD per owned GPU-hour' })
  tcoPerHour!: number;
}

@InputType({ description: 'Serving technology for the calculator (MODEL.md section 2).' })
export class CalculatorTechnologyInput {
  @Field(() => Float)
  avgContextTokens!: number;

  @Field(() => Float)
  memUtil!: number;

  @Field(() => Float)
  bwUtil!: number;

  @Field(() => Float)
  mfu!: number;

  @Field(() => Int)
  maxBatch!: number;

  @Field(() => Float)
  loadFactor!: number;

  @Field(() => Float, { defaultValue: 1, description: 'S(t) = this ^ years' })
  servingEfficiencyGainPerYear!: number;
}

@InputType({ description: 'Serving cost of a model spec on a GPU type, without a run.' })
export class ServingCostInput {
  @Field(() => RooflineSpecInput)
  serving!: RooflineSpecInput;

  @Field(() => CalculatorGpuInput)
  gpu!: CalculatorGpuInput;

  @Field(() => CalculatorTechnologyInput)
  technology!: CalculatorTechnologyInput;

  @Field(() => Float, { nullable: true, description: 'USD per GPU-hour; default gpu.tcoPerHour (owned). Pass the rental price for a cloudBurst lab.' })
  hourCost?: number | null;

  @Field(() => Float, { defaultValue: 0, description: 'Years since the scenario start, for the software gain S(t)' })
  years!: number;
}

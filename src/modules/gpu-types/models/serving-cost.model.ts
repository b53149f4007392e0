import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum RooflineBinding {
  BANDWIDTH = 'bandwidth',
  COMPUTE = 'compute',
}
registerEnumType(RooflineBinding, { name: 'RooflineBinding', description: 'Which roof limits tokens per second: memory bandwidth or compute.' });

@ObjectType({ description: 'The roofline of a serving spec on a GPU type (MODEL.md section 2).' })
export class ServingCost {
  @Field(() => Int, { description: 'n: GPUs per replica' })
  gpusPerReplica!: number;

  @Field(() => Int, { description: 'B: concurrent sequences per replica' })
  batch!: number;

  @Field(() => RooflineBinding)
  binding!: RooflineBinding;

  @Field(() => Float, { description: 'R: tokens per second per replica' })
  tokensPerSecond!: number;

  @Field(() => Float, { description: 'h: raw GPU-hours per 1M tokens' })
  rawGpuHoursPerMTokens!: number;

  @Field(() => Float, { description: 'S(t) = servingEfficiencyGainPerYear ^ years' })
  servingGain!: number;

  @Field(() => Float, { description: 'e = h / (loadFactor S): GPU-hours per 1M tokens a fleet spends' })
  gpuHoursPerMTokens!: number;

  @Field(() => Float, { description: 'USD per GPU-hour used' })
  hourCost!: number;

  @Field(() => Float, { description: 'c = e x hourCost, USD per 1M tokens' })
  costPerMTokens!: number;

  @Field(() => Float, { description: 'W_tot in 1e9 bytes' })
  weightsGB!: number;

  @Field(() => Float, { description: 'K: KV cache budget per replica, 1e9 bytes' })
  kvBudgetGB!: number;
}

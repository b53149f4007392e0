import { Field, ObjectType } from '@nestjs/graphql';
import { Pricing } from '../../pricing/models/pricing.model.js';
import { NumValue } from '../../scenarios/values/num-value.model.js';

@ObjectType({ description: 'How a model is served (MODEL.md section 2): the roofline inputs, or a given cost.' })
export class ServingSpec {
  @Field()
  gpuType!: string;

  @Field(() => NumValue, { nullable: true, description: 'Billions' })
  activeParamsB?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'Billions' })
  totalParamsB?: NumValue | null;

  @Field(() => NumValue, { nullable: true })
  bytesPerParam?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'Bytes of KV cache per token of context' })
  kvBytesPerToken?: NumValue | null;

  @Field(() => NumValue, { nullable: true })
  gpusPerReplica?: NumValue | null;

  @Field(() => NumValue, { nullable: true, description: 'USD per 1M tokens; when set the roofline is not used' })
  costPerMTokens?: NumValue | null;
}

@ObjectType({ description: 'An observed list price (MODEL.md section 4).' })
export class PricePoint {
  @Field({ description: 'YYYY-MM-DD' })
  date!: string;

  @Field(() => NumValue, { description: 'USD per 1M tokens' })
  price!: NumValue;
}

@ObjectType({ description: 'An AI model a lab releases (MODEL.md section 1).' })
export class AiModel {
  @Field()
  name!: string;

  @Field({ description: 'Name of its lab' })
  lab!: string;

  @Field({ description: 'YYYY-MM-DD' })
  releaseDate!: string;

  @Field(() => String, { nullable: true })
  retireDate?: string | null;

  @Field(() => NumValue, { description: '0-100 index' })
  capability!: NumValue;

  @Field()
  openWeights!: boolean;

  @Field(() => NumValue, { nullable: true, description: 'USD, expensed at release' })
  trainingCost?: NumValue | null;

  @Field(() => ServingSpec)
  serving!: ServingSpec;

  @Field(() => Pricing, { nullable: true, description: "Overrides the lab's strategy" })
  pricing?: Pricing | null;

  @Field(() => [PricePoint])
  priceHistory!: PricePoint[];
}

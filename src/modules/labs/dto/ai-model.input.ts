import { Field, InputType } from '@nestjs/graphql';
import { PricingInput } from '../../pricing/dto/pricing.input.js';
import { NumInput } from '../../scenarios/values/num-value.model.js';

@InputType()
export class ServingSpecInput {
  @Field()
  gpuType!: string;

  @Field(() => NumInput, { nullable: true })
  activeParamsB?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  totalParamsB?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  bytesPerParam?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  kvBytesPerToken?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  gpusPerReplica?: NumInput | null;

  @Field(() => NumInput, { nullable: true })
  costPerMTokens?: NumInput | null;
}

@InputType()
export class PricePointInput {
  @Field()
  date!: string;

  @Field(() => NumInput)
  price!: NumInput;
}

@InputType({ description: 'An AI model (MODEL.md section 1).' })
export class AiModelInput {
  @Field()
  name!: string;

  @Field()
  lab!: string;

  @Field()
  releaseDate!: string;

  @Field(() => String, { nullable: true })
  retireDate?: string | null;

  @Field(() => NumInput)
  capability!: NumInput;

  @Field(() => Boolean, { nullable: true })
  openWeights?: boolean | null;

  @Field(() => NumInput, { nullable: true })
  trainingCost?: NumInput | null;

  @Field(() => ServingSpecInput)
  serving!: ServingSpecInput;

  @Field(() => PricingInput, { nullable: true })
  pricing?: PricingInput | null;

  @Field(() => [PricePointInput], { nullable: true })
  priceHistory?: PricePointInput[] | null;
}

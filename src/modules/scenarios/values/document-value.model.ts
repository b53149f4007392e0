import { Field, Float, InputType, ObjectType } from '@nestjs/graphql';
import { PricingInput } from '../../pricing/dto/pricing.input.js';
import { Pricing } from '../../pricing/models/pricing.model.js';
import { Distribution, DistributionInput } from './distribution.model.js';
import { JsonDocumentScalar } from './json-document.scalar.js';

@ObjectType({
  description:
    'A value written at a document path (events, overrides): exactly one field is set. A pricing block is typed; any other object or list is a documentPart.',
})
export class DocumentValue {
  @Field(() => Float, { nullable: true })
  number?: number | null;

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => Boolean, { nullable: true })
  boolean?: boolean | null;

  @Field(() => Distribution, { nullable: true })
  dist?: Distribution | null;

  @Field(() => Pricing, { nullable: true })
  pricing?: Pricing | null;

  @Field(() => JsonDocumentScalar, { nullable: true, description: 'Any other part of a document (an object or a list), as JSON' })
  documentPart?: unknown;
}

@InputType({ description: 'A value to write at a document path: give exactly one field.' })
export class DocumentValueInput {
  @Field(() => Float, { nullable: true })
  number?: number | null;

  @Field(() => String, { nullable: true })
  text?: string | null;

  @Field(() => Boolean, { nullable: true })
  boolean?: boolean | null;

  @Field(() => DistributionInput, { nullable: true })
  dist?: DistributionInput | null;

  @Field(() => PricingInput, { nullable: true })
  pricing?: PricingInput | null;

  @Field(() => JsonDocumentScalar, { nullable: true, description: 'Any other part of a document (an object or a list), as JSON' })
  documentPart?: unknown;
}

@InputType({ description: "A change to a scenario's document: the value at a path (MODEL.md section 1 path syntax, e.g. labs[OpenLab].pricing.subsidy)." })
export class OverrideInput {
  @Field()
  path!: string;

  @Field(() => DocumentValueInput)
  value!: DocumentValueInput;
}

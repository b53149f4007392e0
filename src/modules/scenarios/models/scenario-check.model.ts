import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A validation error at a document path (MODEL.md section 1 syntax).' })
export class ScenarioFieldError {
  @Field({ description: "e.g. labs[OpenLab].pricing.subsidy; '' for the whole document" })
  path!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'The outcome of validating a document without storing it.' })
export class ScenarioCheck {
  @Field()
  valid!: boolean;

  @Field(() => [ScenarioFieldError])
  errors!: ScenarioFieldError[];

  @Field(() => String, { nullable: true, description: 'sha256 of the canonical JSON, when valid' })
  contentHash!: string | null;
}

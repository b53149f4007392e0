import { Field, Float, InputType, ObjectType } from '@nestjs/graphql';
import { Distribution, DistributionInput } from './distribution.model.js';

@ObjectType({ description: 'A numeric leaf of a scenario: exactly one of a plain number (value) or a distribution (dist).' })
export class NumValue {
  @Field(() => Float, { nullable: true })
  value?: number;

  @Field(() => Distribution, { nullable: true })
  dist?: Distribution;
}

@InputType({ description: 'A numeric leaf: give exactly one of value (a finite number) or dist (a distribution).' })
export class NumInput {
  @Field(() => Float, { nullable: true })
  value?: number | null;

  @Field(() => DistributionInput, { nullable: true })
  dist?: DistributionInput | null;
}

import { Field, ObjectType } from '@nestjs/graphql';
import { NumValue } from '../../scenarios/values/num-value.model.js';

@ObjectType({ description: 'A capability tier (MODEL.md section 3): reached at capability >= threshold.' })
export class Tier {
  @Field()
  name!: string;

  @Field(() => NumValue, { description: 'On the 0-100 capability index' })
  threshold!: NumValue;
}

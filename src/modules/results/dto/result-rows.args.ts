import { Field, InputType, Int } from '@nestjs/graphql';
import { EntityTypeEnum } from '../models/results.model.js';

@InputType({ description: 'Filters of a run\'s result rows; all optional.' })
export class ResultRowFilter {
  @Field(() => EntityTypeEnum, { nullable: true }) entityType?: EntityTypeEnum | null;
  @Field(() => [String], { nullable: true, description: 'At most 200.' }) entities?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'At most 100.' }) metrics?: string[] | null;
  @Field(() => Int, { nullable: true }) periodFrom?: number | null;
  @Field(() => Int, { nullable: true }) periodTo?: number | null;
}

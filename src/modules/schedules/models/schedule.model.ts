import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Schedule', { description: 'Starts a run of a scenario on a cron pattern (or every N ms); each firing is a run labelled schedule:<name>.' })
export class ScheduleModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ID) scenarioId!: string;
  @Field(() => String, { nullable: true }) cron!: string | null;
  @Field(() => Int, { nullable: true }) everyMs!: number | null;
  @Field(() => String, { nullable: true }) timezone!: string | null;
  @Field(() => Int) paths!: number;
  @Field(() => Int) seed!: number;
  @Field(() => Int, { nullable: true }) periods!: number | null;
  @Field(() => Int, { nullable: true }) chunkSize!: number | null;
  @Field(() => Int) priority!: number;
  @Field() keepPaths!: boolean;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Next firing; null while its scheduler is being restored.' }) nextRunAt!: Date | null;
}

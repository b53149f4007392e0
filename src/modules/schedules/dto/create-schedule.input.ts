import { Field, ID, InputType, Int } from '@nestjs/graphql';

@InputType({ description: 'Exactly one of cron and everyMs.' })
export class CreateScheduleInput {
  @Field({ description: 'Unique, 1..100 characters; runs are labelled schedule:<name>.' }) name!: string;
  @Field(() => ID) scenarioId!: string;
  @Field(() => String, { nullable: true, description: 'Cron pattern, e.g. "0 6 * * 1" (Mondays 06:00).' }) cron?: string | null;
  @Field(() => Int, { nullable: true, description: 'Fire every N milliseconds (>= 1000) instead of a cron pattern.' }) everyMs?: number | null;
  @Field(() => String, { nullable: true, description: 'IANA time zone of the cron pattern; default UTC.' }) timezone?: string | null;
  @Field(() => Int) paths!: number;
  @Field(() => Int) seed!: number;
  @Field(() => Int, { nullable: true }) periods?: number | null;
  @Field(() => Int, { nullable: true }) chunkSize?: number | null;
  @Field(() => Int, { nullable: true }) priority?: number | null;
  @Field(() => Boolean, { nullable: true }) keepPaths?: boolean | null;
}

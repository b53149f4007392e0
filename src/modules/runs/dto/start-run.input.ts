import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { RunStatusEnum } from '../models/run.model.js';

@InputType({ description: 'Options of a run; bounds are checked with the field named (see docs/runs.md).' })
export class StartRunInput {
  @Field(() => Int, { description: '1..100,000 Monte Carlo paths.' }) paths!: number;
  @Field(() => Int, { description: '0..2,147,483,647; the same seed gives the same results.' }) seed!: number;
  @Field(() => Int, { nullable: true, description: '1..600; default: the scenario\'s periods.' }) periods?: number | null;
  @Field(() => Int, { nullable: true, description: 'Paths per chunk job; default paths / 16 within 10..250 (at most 1,000 chunks).' }) chunkSize?: number | null;
  @Field(() => Int, { nullable: true, description: '0..100, higher runs first; default 0.' }) priority?: number | null;
  @Field(() => String, { nullable: true }) label?: string | null;
  @Field(() => String, { nullable: true, description: 'Calls with the same key return the same run.' }) idempotencyKey?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Also store every path\'s values (at most 100 paths).' }) keepPaths?: boolean | null;
}

@InputType()
export class RunFilterInput {
  @Field(() => ID, { nullable: true }) scenarioId?: string | null;
  @Field(() => RunStatusEnum, { nullable: true }) status?: RunStatusEnum | null;
  @Field(() => ID, { nullable: true }) scheduleId?: string | null;
  @Field(() => String, { nullable: true }) label?: string | null;
}

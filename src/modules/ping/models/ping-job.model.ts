import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { PingState } from '../ping.service.js';

export enum PingJobState {
  QUEUED = 'QUEUED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}
registerEnumType(PingJobState, { name: 'PingJobState', description: 'Where a ping job is in its round trip.' });

@ObjectType({ description: 'A job sent through the queue to a worker and back: proves the wiring.' })
export class PingJob {
  @Field(() => ID)
  id!: string;

  @Field()
  message!: string;

  @Field(() => PingJobState)
  state!: PingState;

  @Field(() => GraphQLISODateTime)
  enqueuedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Set once a worker has answered.' })
  reply!: string | null;

  @Field(() => Int, { nullable: true, description: 'Process id of the worker that answered.' })
  workerPid!: number | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  processedAt!: Date | null;
}

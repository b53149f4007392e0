import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { PingJob } from './models/ping-job.model.js';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { InvalidPingError, PingService, type PingView } from './ping.service.js';

@Resolver(() => PingJob)
export class PingResolver {
  constructor(private readonly ping: PingService) {}

  @Mutation(() => PingJob, { description: 'Enqueue a ping; a worker answers it (see pingJob).' })
  @RequireRole(Role.Editor)
  async pingQueue(@Args('message') message: string): Promise<PingView> {
    try {
      return await this.ping.enqueue(message, new Date());
    } catch (err) {
      if (err instanceof InvalidPingError) {
        throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', field: 'message' } });
      }
      throw err;
    }
  }

  @Query(() => PingJob, { nullable: true, description: 'A ping job by id; null if unknown.' })
  @RequireRole(Role.Viewer)
  async pingJob(@Args('id', { type: () => ID }) id: string): Promise<PingView | null> {
    return this.ping.find(id);
  }
}

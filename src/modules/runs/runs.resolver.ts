import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { RunFilterInput, StartRunInput } from './dto/start-run.input.js';
import { RunModel, RunPage, RunProgress, type RunKpisModel, type RunStatusEnum } from './models/run.model.js';
import { InvalidRunInputError, progressOf, RunNotFoundError, RunStateError, ScenarioNotFoundError, type RunRecord } from './run.types.js';
import { RunsService } from './runs.service.js';

function toModel(run: RunRecord): RunModel {
  return { ...run, status: run.status as RunStatusEnum, progress: progressOf(run), kpis: (run.kpis as RunKpisModel | null) ?? null };
}

/** Domain errors -> GraphQL errors with a code (and the field, for bad input). */
function mapError(err: unknown): never {
  if (err instanceof InvalidRunInputError) throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', field: err.field } });
  if (err instanceof RunNotFoundError || err instanceof ScenarioNotFoundError) throw new GraphQLError(err.message, { extensions: { code: 'NOT_FOUND' } });
  if (err instanceof RunStateError) throw new GraphQLError(err.message, { extensions: { code: 'FAILED_PRECONDITION' } });
  throw err;
}

@Resolver(() => RunModel)
export class RunsResolver {
  constructor(private readonly service: RunsService) {}

  @RequireRole(Role.Editor)
  @Mutation(() => RunModel, { description: 'Queues a run of the scenario\'s latest version; returns at once (QUEUED).' })
  async startRun(@Args('scenarioId', { type: () => ID }) scenarioId: string, @Args('options') options: StartRunInput): Promise<RunModel> {
    return this.service.start(scenarioId, options, new Date()).then(toModel, mapError);
  }

  @RequireRole(Role.Editor)
  @Mutation(() => RunModel, { description: 'Cancels a QUEUED or RUNNING run; nothing of it becomes visible.' })
  async cancelRun(@Args('id', { type: () => ID }) id: string): Promise<RunModel> {
    return this.service.cancel(id, new Date()).then(toModel, mapError);
  }

  @RequireRole(Role.Editor)
  @Mutation(() => RunModel, { description: 'Runs a FAILED or CANCELLED run again from the start.' })
  async retryRun(@Args('id', { type: () => ID }) id: string): Promise<RunModel> {
    return this.service.retry(id, new Date()).then(toModel, mapError);
  }

  @RequireRole(Role.Viewer)
  @Query(() => RunModel, { nullable: true, description: 'A run by id; null if unknown.' })
  async run(@Args('id', { type: () => ID }) id: string): Promise<RunModel | null> {
    const run = await this.service.get(id);
    return run ? toModel(run) : null;
  }

  @RequireRole(Role.Viewer)
  @Query(() => RunPage, { description: 'Runs, newest first, at most 100 per page.' })
  async runs(
    @Args('filter', { type: () => RunFilterInput, nullable: true }) filter: RunFilterInput | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => ID, nullable: true }) after: string | null,
  ): Promise<RunPage> {
    const items = await this.service
      .list(
        { scenarioId: filter?.scenarioId ?? undefined, status: filter?.status ?? undefined, scheduleId: filter?.scheduleId ?? undefined, label: filter?.label ?? undefined },
        first,
        after ?? undefined,
      )
      .catch(mapError);
    return { items: items.map(toModel), nextCursor: items.length === first ? items[items.length - 1]!.id : null };
  }

  @RequireRole(Role.Viewer)
  @Subscription(() => RunProgress, {
    description: 'The run\'s progress: its current state at once, then after each chunk, until it finishes.',
    resolve: (event: RunProgress) => event,
  })
  runProgress(@Args('runId', { type: () => ID }) runId: string): AsyncIterableIterator<RunProgress> {
    return this.service.progressEvents(runId) as AsyncIterableIterator<RunProgress>;
  }
}

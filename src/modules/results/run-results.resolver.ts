import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import type { EntityType } from '../../engine/simulation/types.js';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { RunModel, RunStatusEnum } from '../runs/models/run.model.js';
import { ResultRowFilter } from './dto/result-rows.args.js';
import { EntityTypeEnum, ResultKpisModel, ResultRowModel, ResultRowPage, ResultSeries, RunSeries, SeriesPoint, StatEnum } from './models/results.model.js';
import { InvalidResultArgsError, ResultRunNotFoundError, ResultsNotReadyError } from './results.errors.js';
import { ResultLoaders } from './results-loaders.js';
import type { StoredResultRow } from './results.repository.js';
import { RESULT_LIMITS, ResultsService } from './results.service.js';

/** Domain errors -> GraphQL errors with a code (and the argument, for bad input). */
export function mapResultError(err: unknown): never {
  if (err instanceof InvalidResultArgsError) throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', field: err.field } });
  if (err instanceof ResultRunNotFoundError) throw new GraphQLError(err.message, { extensions: { code: 'NOT_FOUND' } });
  if (err instanceof ResultsNotReadyError) throw new GraphQLError(err.message, { extensions: { code: 'FAILED_PRECONDITION' } });
  throw err;
}

function points(rows: readonly StoredResultRow[], stat: StatEnum): SeriesPoint[] {
  return rows.map((r) => ({ date: r.date, period: r.period, value: r[stat] }));
}

function rowModel(r: StoredResultRow): ResultRowModel {
  return { ...r, entityType: r.entityType as EntityTypeEnum };
}

/** Results of a run, as fields of Run (batched per request) and compareRuns across runs. */
@Resolver(() => RunModel)
export class RunResultsResolver {
  constructor(
    private readonly results: ResultsService,
    private readonly loaders: ResultLoaders,
  ) {}

  @ResolveField(() => [ResultSeries], {
    description:
      'One series per entity of a metric (MODEL.md section 7) with the chosen statistic; entities in the given order, ' +
      'or all in the engine\'s order. Empty until the run has SUCCEEDED.',
  })
  @RequireRole(Role.Viewer)
  async series(
    @Parent() run: RunModel,
    @Args('entityType', { type: () => EntityTypeEnum }) entityType: EntityTypeEnum,
    @Args('metric') metric: string,
    @Args('entities', { type: () => [String], nullable: true, description: `At most ${RESULT_LIMITS.entitiesMax}; all when absent.` })
    entities: string[] | null,
    @Args('stat', { type: () => StatEnum, defaultValue: StatEnum.MEAN }) stat: StatEnum,
    @Context() ctx: object,
  ): Promise<readonly ResultSeries[]> {
    try {
      this.results.checkListSize('entities', entities, RESULT_LIMITS.entitiesMax);
    } catch (err) {
      mapResultError(err);
    }
    const key = `${run.id}|${entityType}|${stat}|${metric}`;
    const series = await this.loaders.series(ctx, key, run.status === RunStatusEnum.SUCCEEDED);
    return entities ? entities.map((entity) => ({ entity, points: series.byEntity.get(entity) ?? [] })) : series.all;
  }

  @ResolveField(() => ResultKpisModel, { nullable: true, description: 'All KPIs, from the stored rows; null until the run has SUCCEEDED.' })
  @RequireRole(Role.Viewer)
  async resultKpis(@Parent() run: RunModel, @Context() ctx: object): Promise<ResultKpisModel | null> {
    return this.loaders.for(ctx).kpis.load(run.id);
  }

  @ResolveField(() => ResultRowPage, { description: `Raw result rows in the engine's order, at most ${RESULT_LIMITS.pageMax} per page.` })
  @RequireRole(Role.Viewer)
  async resultRows(
    @Parent() run: RunModel,
    @Args('filter', { type: () => ResultRowFilter, nullable: true }) filter: ResultRowFilter | null,
    @Args('first', { type: () => Int, defaultValue: RESULT_LIMITS.pageDefault }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Context() ctx: object,
  ): Promise<ResultRowPage> {
    let cursor: string | null;
    try {
      this.results.checkPageSize(first);
      this.results.checkListSize('filter.entities', filter?.entities, RESULT_LIMITS.entitiesMax);
      this.results.checkListSize('filter.metrics', filter?.metrics, RESULT_LIMITS.metricsMax);
      cursor = this.results.checkCursor(after);
    } catch (err) {
      mapResultError(err);
    }
    const key = JSON.stringify({
      runId: run.id,
      filter: {
        entityType: (filter?.entityType ?? undefined) as EntityType | undefined,
        entities: filter?.entities ?? undefined,
        metrics: filter?.metrics ?? undefined,
        periodFrom: filter?.periodFrom ?? undefined,
        periodTo: filter?.periodTo ?? undefined,
      },
      after: cursor,
      first,
    });
    const page = await this.loaders.for(ctx).rowPages.load(key);
    return { items: page.rows.map(rowModel), nextCursor: page.nextCursor };
  }

  @Query(() => [RunSeries], { description: `The same series (one entity's metric) in each run, in the order given; at most ${RESULT_LIMITS.compareRunsMax} runs.` })
  @RequireRole(Role.Viewer)
  async compareRuns(
    @Args('runIds', { type: () => [ID] }) runIds: string[],
    @Args('entityType', { type: () => EntityTypeEnum }) entityType: EntityTypeEnum,
    @Args('entity') entity: string,
    @Args('metric') metric: string,
    @Args('stat', { type: () => StatEnum, defaultValue: StatEnum.MEAN }) stat: StatEnum,
  ): Promise<RunSeries[]> {
    const found = await this.results.compare(runIds, entityType as EntityType, entity, metric).catch(mapResultError);
    return found.map((f) => ({ runId: f.runId, label: f.label, points: points(f.rows, stat) }));
  }
}

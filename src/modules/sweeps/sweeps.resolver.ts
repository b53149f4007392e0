import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import type { RunStatusEnum } from '../runs/models/run.model.js';
import { ScenarioNotFoundError } from '../runs/run.types.js';
import { SweepFilterInput, StartSweepOptionsInput, SweepSpecInput } from './dto/start-sweep.input.js';
import {
  SweepModel,
  SweepPage,
  SweepParameterModel,
  SweepProgressModel,
  SweepVariantPage,
  TornadoBarModel,
  type SweepKindEnum,
} from './models/sweep.model.js';
import { InvalidSweepInputError, SweepNotFoundError, SweepStateError, type SweepRecord, type SweepVariantRecord } from './sweep.types.js';
import { SweepsService } from './sweeps.service.js';

/** What the field resolvers get as parent: the model plus the stored record. */
type SweepParent = SweepModel & { record: SweepRecord };

function toModel(sweep: SweepRecord): SweepParent {
  const parameters: SweepParameterModel[] = sweep.spec.grid
    ? sweep.spec.grid.map((p) => ({ path: p.path, values: p.values, low: null, high: null }))
    : (sweep.spec.tornado ?? []).map((p) => ({ path: p.path, values: null, low: p.low, high: p.high }));
  return { ...sweep, kind: sweep.kind as SweepKindEnum, status: sweep.status as RunStatusEnum, parameters, record: sweep };
}

function variantModel(v: SweepVariantRecord) {
  return {
    index: v.index,
    role: v.role,
    parameter: v.parameter,
    overrides: v.overrides,
    runId: v.runId,
    runStatus: v.runStatus as RunStatusEnum,
    runError: v.runError,
    kpis: Object.entries(v.kpis ?? {}).map(([name, value]) => ({ name, value })),
  };
}

/** Domain errors -> GraphQL errors with a code (and the field, for bad input). */
function mapError(err: unknown): never {
  if (err instanceof InvalidSweepInputError) throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', field: err.field } });
  if (err instanceof SweepNotFoundError || err instanceof ScenarioNotFoundError) throw new GraphQLError(err.message, { extensions: { code: 'NOT_FOUND' } });
  // CONFLICT: the sweep's state conflicts with the request (and it is a code the error formatter lets through).
  if (err instanceof SweepStateError) throw new GraphQLError(err.message, { extensions: { code: 'CONFLICT' } });
  throw err;
}

@Resolver(() => SweepModel)
export class SweepsResolver {
  constructor(private readonly service: SweepsService) {}

  @RequireRole(Role.Editor)
  @Mutation(() => SweepModel, { description: 'Checks every variant, then queues them all as runs in one flow; returns at once.' })
  async startSweep(
    @Args('scenarioId', { type: () => ID }) scenarioId: string,
    @Args('spec') spec: SweepSpecInput,
    @Args('options') options: StartSweepOptionsInput,
  ): Promise<SweepModel> {
    return this.service.start(scenarioId, spec, options, new Date()).then(toModel, mapError);
  }

  @RequireRole(Role.Editor)
  @Mutation(() => SweepModel, { description: 'Cancels the sweep and every variant still queued or running.' })
  async cancelSweep(@Args('id', { type: () => ID }) id: string): Promise<SweepModel> {
    return this.service.cancel(id, new Date()).then(toModel, mapError);
  }

  @RequireRole(Role.Viewer)
  @Query(() => SweepModel, { nullable: true, description: 'A sweep by id; null if unknown.' })
  async sweep(@Args('id', { type: () => ID }) id: string): Promise<SweepModel | null> {
    const sweep = await this.service.get(id);
    return sweep ? toModel(sweep) : null;
  }

  @RequireRole(Role.Viewer)
  @Query(() => SweepPage, { description: 'Sweeps, newest first, at most 100 per page.' })
  async sweeps(
    @Args('filter', { type: () => SweepFilterInput, nullable: true }) filter: SweepFilterInput | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => ID, nullable: true }) after: string | null,
  ): Promise<SweepPage> {
    const items = await this.service
      .list({ scenarioId: filter?.scenarioId ?? undefined, status: filter?.status ?? undefined, label: filter?.label ?? undefined }, first, after ?? undefined)
      .catch(mapError);
    return { items: items.map(toModel), nextCursor: items.length === first ? items[items.length - 1]!.id : null };
  }

  @RequireRole(Role.Viewer)
  @ResolveField(() => SweepProgressModel, { description: 'Over every variant\'s chunks.' })
  async progress(@Parent() sweep: SweepParent): Promise<SweepProgressModel> {
    const p = await this.service.progress(sweep.id);
    const fraction = sweep.status === 'SUCCEEDED' ? 1 : p.chunksTotal === 0 ? 0 : Math.min(1, p.chunksDone / p.chunksTotal);
    return { ...p, fraction };
  }

  @RequireRole(Role.Viewer)
  @ResolveField(() => String, { name: 'currentStatus', description: 'status, but RUNNING once any variant has started.' })
  async currentStatus(@Parent() sweep: SweepParent): Promise<string> {
    return SweepsService.displayStatus(sweep.record, await this.service.progress(sweep.id));
  }

  @RequireRole(Role.Viewer)
  @ResolveField(() => SweepVariantPage, { description: 'The KPI table: variants in index order with overrides and KPIs (at most 1,000 per page).' })
  async variants(
    @Parent() sweep: SweepParent,
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
    @Args('after', { type: () => Int, nullable: true, description: 'The index of the last variant of the previous page.' }) after: number | null,
  ): Promise<SweepVariantPage> {
    const items = await this.service.variants(sweep.id, first, after).catch(mapError);
    return { items: items.map(variantModel), nextCursor: items.length === first ? items[items.length - 1]!.index : null };
  }

  @RequireRole(Role.Viewer)
  @ResolveField(() => [String], { description: 'The KPI names of the table (empty until the summary is written).' })
  async kpiNames(@Parent() sweep: SweepParent): Promise<string[]> {
    return this.service.kpiNames(sweep.id);
  }

  @RequireRole(Role.Viewer)
  @ResolveField(() => [TornadoBarModel], { description: 'TORNADO: one bar per parameter for this KPI, sorted by swing; empty for a grid.' })
  async tornado(@Parent() sweep: SweepParent, @Args('kpi') kpi: string): Promise<TornadoBarModel[]> {
    return this.service.tornado(sweep.record, kpi);
  }
}

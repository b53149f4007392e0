import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { CreateScheduleInput } from './dto/create-schedule.input.js';
import { ScheduleModel } from './models/schedule.model.js';
import { InvalidScheduleInputError, ScheduleNotFoundError } from './schedule.types.js';
import { SchedulesService } from './schedules.service.js';

function mapError(err: unknown): never {
  if (err instanceof InvalidScheduleInputError) throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', field: err.field } });
  if (err instanceof ScheduleNotFoundError) throw new GraphQLError(err.message, { extensions: { code: 'NOT_FOUND' } });
  throw err;
}

/** Schedules are an admin matter: they spend compute on their own. */
@Resolver(() => ScheduleModel)
export class SchedulesResolver {
  constructor(private readonly service: SchedulesService) {}

  @RequireRole(Role.Admin)
  @Mutation(() => ScheduleModel)
  async createSchedule(@Args('input') input: CreateScheduleInput): Promise<ScheduleModel> {
    return this.service.create(input, new Date()).catch(mapError);
  }

  @RequireRole(Role.Admin)
  @Mutation(() => ScheduleModel, { description: 'Deletes the schedule; the runs it started stay.' })
  async deleteSchedule(@Args('id', { type: () => ID }) id: string): Promise<ScheduleModel> {
    return this.service.delete(id).then((s) => ({ ...s, nextRunAt: null }), mapError);
  }

  @RequireRole(Role.Admin)
  @Query(() => [ScheduleModel], { description: 'Every schedule, by name.' })
  async schedules(): Promise<ScheduleModel[]> {
    return this.service.list();
  }

  @RequireRole(Role.Admin)
  @Query(() => ScheduleModel, { nullable: true })
  async schedule(@Args('id', { type: () => ID }) id: string): Promise<ScheduleModel | null> {
    return this.service.get(id);
  }
}

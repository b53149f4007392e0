import { Module } from '@nestjs/common';
import { RunSchedulers } from '../../jobs/run-schedulers.js';
import { RunsModule } from '../runs/runs.module.js';
import { SchedulesRepository } from './schedules.repository.js';
import { SchedulesResolver } from './schedules.resolver.js';
import { SchedulesService } from './schedules.service.js';

@Module({
  imports: [RunsModule],
  providers: [SchedulesRepository, RunSchedulers, SchedulesService, SchedulesResolver],
  exports: [SchedulesService],
})
export class SchedulesModule {}

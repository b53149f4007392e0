import { Module } from '@nestjs/common';
import { PingModule } from '../modules/ping/ping.module.js';
import { PingProcessor } from './ping.processor.js';
import { RunsModule } from '../modules/runs/runs.module.js';
import { SchedulesModule } from '../modules/schedules/schedules.module.js';
import { RunChunkProcessor } from './run-chunk.processor.js';
import { RunMergeProcessor } from './run-merge.processor.js';
import { RunRecoveryTimer } from './run-recovery.timer.js';
import { ScheduledRunProcessor } from './scheduled-run.processor.js';
import { SweepsModule } from '../modules/sweeps/sweeps.module.js';
import { SweepRecoveryTimer, SweepSummaryProcessor } from './sweep-summary.processor.js';

/** The processors: imported by the worker only, so the API never consumes a queue. */
@Module({
  imports: [PingModule, RunsModule, SchedulesModule, SweepsModule],
  providers: [PingProcessor, RunChunkProcessor, RunMergeProcessor, ScheduledRunProcessor, RunRecoveryTimer, SweepSummaryProcessor, SweepRecoveryTimer],
})
export class JobsModule {}

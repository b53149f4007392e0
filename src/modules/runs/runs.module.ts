import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { RUN_FLOW_PRODUCER, RunFlows } from '../../jobs/run-flows.js';
import { RunChunksRepository } from './run-chunks.repository.js';
import { RunExecution } from './run-execution.service.js';
import { RunFinalizer } from './run-finalizer.repository.js';
import { RunProgressBus } from './run-progress.bus.js';
import { RunRecovery } from './run-recovery.service.js';
import { RunsRepository } from './runs.repository.js';
import { RunsResolver } from './runs.resolver.js';
import { RunThreads } from './run-threads.js';
import { RunsService } from './runs.service.js';

/** Runs: the API side (resolver, service) and what the run jobs call in the worker (RunExecution). */
@Module({
  imports: [BullModule.registerFlowProducer({ name: RUN_FLOW_PRODUCER })],
  providers: [RunsRepository, RunChunksRepository, RunFinalizer, RunProgressBus, RunFlows, RunsService, RunExecution, RunThreads, RunRecovery, RunsResolver],
  exports: [RunsService, RunExecution, RunThreads, RunRecovery],
})
export class RunsModule {}

import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { SWEEP_FLOW_PRODUCER, SweepFlows } from '../../jobs/sweep-flows.js';
import { SweepSummary } from './sweep-summary.service.js';
import { SweepsRepository } from './sweeps.repository.js';
import { SweepsResolver } from './sweeps.resolver.js';
import { SweepsService } from './sweeps.service.js';

/** Sweeps: the API side (resolver, service) and the summary the worker's sweep job calls. */
@Module({
  imports: [BullModule.registerFlowProducer({ name: SWEEP_FLOW_PRODUCER })],
  providers: [SweepsRepository, SweepFlows, SweepsService, SweepSummary, SweepsResolver],
  exports: [SweepsService, SweepSummary],
})
export class SweepsModule {}

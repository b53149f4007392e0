import { DemandModule } from './modules/demand/demand.module.js';
import { GpuTypesModule } from './modules/gpu-types/gpu-types.module.js';
import { LabsModule } from './modules/labs/labs.module.js';
import { PricingModule } from './modules/pricing/pricing.module.js';
import { ScenariosModule } from './modules/scenarios/scenarios.module.js';
import { TiersModule } from './modules/tiers/tiers.module.js';
import { PingModule } from './modules/ping/ping.module.js';
import { RunsModule } from './modules/runs/runs.module.js';
import { SchedulesModule } from './modules/schedules/schedules.module.js';
import { SweepsModule } from './modules/sweeps/sweeps.module.js';
import { ResultsModule } from './modules/results/results.module.js';
import { ExportModule } from './modules/export/export.module.js';

/**
 * The feature modules, one per thing a user names. Both entrypoints import all of them, so a
 * service a job needs is the same object graph in the API and in the worker. Add new ones here.
 */
export const FEATURE_MODULES = [
  PingModule,
  RunsModule,
  SchedulesModule,
  ScenariosModule,
  LabsModule,
  TiersModule,
  PricingModule,
  DemandModule,
  GpuTypesModule,
  SweepsModule,
  ResultsModule,
  ExportModule,
];

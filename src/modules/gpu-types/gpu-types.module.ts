import { Module } from '@nestjs/common';
import { GpuTypesResolver } from './gpu-types.resolver.js';
import { ScenarioServingCostResolver } from './scenario-serving-cost.resolver.js';
import { ServingCostService } from './serving-cost.service.js';

/** GPU types, technology and the GPU market as typed parts of a scenario, and the servingCost calculator. */
@Module({ providers: [ServingCostService, GpuTypesResolver, ScenarioServingCostResolver], exports: [ServingCostService] })
export class GpuTypesModule {}

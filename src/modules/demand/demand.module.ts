import { Module } from '@nestjs/common';
import { DemandCurveService } from './demand-curve.service.js';
import { DemandResolver } from './demand.resolver.js';

/** Demand segments as typed parts of a scenario, and the demandCurve calculator. */
@Module({ providers: [DemandCurveService, DemandResolver], exports: [DemandCurveService] })
export class DemandModule {}

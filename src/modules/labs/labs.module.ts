import { Module } from '@nestjs/common';
import { LabsResolver } from './labs.resolver.js';

/** Labs, their fleets, roadmaps and models as typed parts of a scenario. */
@Module({ providers: [LabsResolver] })
export class LabsModule {}

import { Module } from '@nestjs/common';
import { TiersResolver } from './tiers.resolver.js';

/** Capability tiers as typed parts of a scenario, and tier look-up by capability. */
@Module({ providers: [TiersResolver] })
export class TiersModule {}

import { Module } from '@nestjs/common';
import { PricingResolver } from './pricing.resolver.js';
import { StrategyPriceService } from './strategy-price.service.js';

/** Pricing blocks as typed parts of a scenario, and the strategyPrice calculator. */
@Module({ providers: [StrategyPriceService, PricingResolver], exports: [StrategyPriceService] })
export class PricingModule {}

import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { mapErrors } from '../scenarios/scenario-graphql.errors.js';
import { StrategyPriceInput } from './dto/strategy-price.input.js';
import { StrategyPrice } from './models/strategy-price.model.js';
import { StrategyPriceService } from './strategy-price.service.js';

@Resolver(() => StrategyPrice)
export class PricingResolver {
  constructor(private readonly prices: StrategyPriceService) {}

  @Query(() => StrategyPrice, { description: 'The price a strategy would set for a given cost, tier state and rival prices, without a run.' })
  @RequireRole(Role.Viewer)
  async strategyPrice(@Args('input') input: StrategyPriceInput): Promise<StrategyPrice> {
    return mapErrors(async () => this.prices.compute(input));
  }
}

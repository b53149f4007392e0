import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { mapErrors } from '../scenarios/scenario-graphql.errors.js';
import { ServingCostInput } from './dto/serving-cost.input.js';
import { ServingCost } from './models/serving-cost.model.js';
import { ServingCostService } from './serving-cost.service.js';

@Resolver(() => ServingCost)
export class GpuTypesResolver {
  constructor(private readonly servingCost: ServingCostService) {}

  @Query(() => ServingCost, {
    name: 'servingCost',
    description: 'The roofline of a serving spec on a GPU type without a run: cost and GPU-hours per 1M tokens, batch, replica size, binding constraint.',
  })
  @RequireRole(Role.Viewer)
  async compute(@Args('input') input: ServingCostInput): Promise<ServingCost> {
    return mapErrors(async () => this.servingCost.compute(input));
  }
}

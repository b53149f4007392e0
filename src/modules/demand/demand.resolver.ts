import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { mapErrors } from '../scenarios/scenario-graphql.errors.js';
import { DemandCurveService } from './demand-curve.service.js';
import { DemandCurveInput } from './dto/demand-curve.input.js';
import { DemandCurve } from './models/demand-curve.model.js';

@Resolver(() => DemandCurve)
export class DemandResolver {
  constructor(private readonly curves: DemandCurveService) {}

  @Query(() => DemandCurve, { description: "A segment's volume, spend and price index over a price range of one model, without a run." })
  @RequireRole(Role.Viewer)
  async demandCurve(@Args('input') input: DemandCurveInput): Promise<DemandCurve> {
    return mapErrors(async () => this.curves.compute(input));
  }
}

import { Args, Float, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { centralValue, isDistribution } from '../../engine/random/distributions.js';
import type { Num } from '../../engine/scenario/types.js';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { ScenarioContent } from '../scenarios/models/scenario-content.model.js';
import { ScenarioInputError } from '../scenarios/scenario.errors.js';
import { mapErrors } from '../scenarios/scenario-graphql.errors.js';
import { ServingCost } from './models/serving-cost.model.js';
import { ServingCostService } from './serving-cost.service.js';

/** One number for a leaf: itself, or its distribution's central value (as validation reads it). */
function central(leaf: Num | undefined): number | undefined {
  if (leaf === undefined) return undefined;
  return isDistribution(leaf) ? centralValue(leaf) : leaf;
}

/** The serving-cost calculator on a stored scenario's own model, GPU type and technology. */
@Resolver(() => ScenarioContent)
export class ScenarioServingCostResolver {
  constructor(private readonly calculator: ServingCostService) {}

  @ResolveField(() => ServingCost, {
    description:
      "The roofline of one of this scenario's models on its GPU type (MODEL.md section 2), distributions at their central values, owned hour cost unless hourCost is given. Refused for a model priced by costPerMTokens.",
  })
  @RequireRole(Role.Viewer)
  async servingCost(
    @Parent() content: ScenarioContent,
    @Args('model') name: string,
    @Args('years', { type: () => Float, defaultValue: 0 }) years: number,
    @Args('hourCost', { type: () => Float, nullable: true }) hourCost?: number,
  ): Promise<ServingCost> {
    return mapErrors(async () => {
      const doc = content.doc;
      const model = doc.models.find((m) => m.name === name);
      if (!model) throw new ScenarioInputError([{ path: 'model', message: `no model named ${JSON.stringify(name)} in this scenario` }], 'invalid serving cost input');
      const s = model.serving;
      if (s.costPerMTokens !== undefined) {
        throw new ScenarioInputError([{ path: 'model', message: `${name} is priced by a given costPerMTokens; it has no roofline` }], 'invalid serving cost input');
      }
      const gpu = doc.gpuTypes.find((g) => g.name === s.gpuType)!;
      const t = doc.technology;
      const gpusPerReplica = central(s.gpusPerReplica);
      return this.calculator.compute({
        serving: {
          activeParamsB: central(s.activeParamsB)!,
          totalParamsB: central(s.totalParamsB),
          bytesPerParam: central(s.bytesPerParam),
          kvBytesPerToken: central(s.kvBytesPerToken),
          gpusPerReplica: gpusPerReplica === undefined ? undefined : Math.round(gpusPerReplica),
        },
        gpu: { name: gpu.name, memoryGB: central(gpu.memoryGB)!, bandwidthTBs: central(gpu.bandwidthTBs)!, tflops: central(gpu.tflops)!, tcoPerHour: central(gpu.tcoPerHour)! },
        technology: {
          avgContextTokens: central(t.avgContextTokens)!,
          memUtil: central(t.memUtil)!,
          bwUtil: central(t.bwUtil)!,
          mfu: central(t.mfu)!,
          maxBatch: Math.round(central(t.maxBatch)!),
          loadFactor: central(t.loadFactor)!,
          servingEfficiencyGainPerYear: central(t.servingEfficiencyGainPerYear)!,
        },
        hourCost,
        years,
      });
    });
  }
}

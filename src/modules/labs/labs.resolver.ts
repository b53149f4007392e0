import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { ScenarioContent } from '../scenarios/models/scenario-content.model.js';
import { labView, modelView } from './labs.mapper.js';
import { AiModel } from './models/ai-model.model.js';
import { Lab } from './models/lab.model.js';

/** Look-ups of one lab or model of a scenario's document by name (in memory, no query). */
@Resolver(() => ScenarioContent)
export class LabsResolver {
  @ResolveField(() => Lab, { nullable: true, description: 'The lab with this name; null if none' })
  @RequireRole(Role.Viewer)
  lab(@Parent() content: ScenarioContent, @Args('name') name: string): Lab | null {
    const found = content.doc.labs.find((l) => l.name === name);
    return found ? labView(found, content.doc.gpuTypes.map((g) => g.name)) : null;
  }

  @ResolveField(() => AiModel, { nullable: true, description: 'The model with this name; null if none' })
  @RequireRole(Role.Viewer)
  model(@Parent() content: ScenarioContent, @Args('name') name: string): AiModel | null {
    const found = content.doc.models.find((m) => m.name === name);
    return found ? modelView(found) : null;
  }

  @ResolveField(() => [AiModel], { description: "The models of one lab, in document order" })
  @RequireRole(Role.Viewer)
  modelsOfLab(@Parent() content: ScenarioContent, @Args('lab') lab: string): AiModel[] {
    return content.doc.models.filter((m) => m.lab === lab).map(modelView);
  }
}

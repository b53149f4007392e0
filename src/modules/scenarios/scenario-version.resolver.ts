import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ScenarioDoc } from '../../engine/scenario/types.js';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { contentView } from './mappers/scenario-document.mapper.js';
import { ScenarioContent } from './models/scenario-content.model.js';
import { ScenarioVersion } from './models/scenario.model.js';
import { JsonDocumentScalar } from './values/json-document.scalar.js';

/** A version's document: exported as JSON, or read field by field. Computed in memory, no query. */
@Resolver(() => ScenarioVersion)
export class ScenarioVersionResolver {
  @ResolveField(() => JsonDocumentScalar, { description: 'The exact document the engine reads (export)' })
  @RequireRole(Role.Viewer)
  document(@Parent() version: ScenarioVersion): unknown {
    return version.raw;
  }

  @ResolveField(() => ScenarioContent, { description: 'The document, typed field by field' })
  @RequireRole(Role.Viewer)
  content(@Parent() version: ScenarioVersion): ScenarioContent {
    return contentView(version.raw as ScenarioDoc);
  }
}

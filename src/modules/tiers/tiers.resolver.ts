import { Args, Float, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { centralValue, isDistribution } from '../../engine/random/distributions.js';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { ScenarioContent } from '../scenarios/models/scenario-content.model.js';
import { Tier } from './models/tier.model.js';
import { tierView } from './tiers.mapper.js';

/** tier(q): the highest tier whose threshold q reaches (MODEL.md section 3); distributions read at their central value. */
export function tierIndexOf(capability: number, thresholds: readonly number[]): number {
  let k = -1;
  thresholds.forEach((t, i) => {
    if (capability >= t) k = i;
  });
  return k;
}

@Resolver(() => ScenarioContent)
export class TiersResolver {
  @ResolveField(() => Tier, {
    nullable: true,
    description: 'The tier a capability reaches (the highest threshold <= capability); null below every tier. A random threshold reads at its central value.',
  })
  @RequireRole(Role.Viewer)
  tierOf(@Parent() content: ScenarioContent, @Args('capability', { type: () => Float }) capability: number): Tier | null {
    const thresholds = content.doc.tiers.map((t) => (isDistribution(t.threshold) ? centralValue(t.threshold) : t.threshold));
    const k = tierIndexOf(capability, thresholds);
    return k < 0 ? null : tierView(content.doc.tiers[k]!);
  }
}

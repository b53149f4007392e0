import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Override } from '../../engine/scenario/overrides.js';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { ScenarioInput } from './dto/scenario.input.js';
import { ListScenariosArgs, ScenarioLookupArgs } from './dto/scenario.args.js';
import { documentValueFromInput } from './mappers/document-value.mapper.js';
import { documentFromInput } from './mappers/scenario-document.mapper.js';
import { ScenarioCheck } from './models/scenario-check.model.js';
import { DeletedScenario, Scenario, ScenarioConnection, ScenarioVersion } from './models/scenario.model.js';
import { ScenarioInputError } from './scenario.errors.js';
import { mapErrors } from './scenario-graphql.errors.js';
import { ScenarioLoaders } from './scenario-loaders.js';
import type { ScenarioRecord, ScenarioVersionRecord } from './scenarios.repository.js';
import { encodeCursor, ScenariosService } from './scenarios.service.js';
import { OverrideInput } from './values/document-value.model.js';
import { InputErrors } from './values/num-value.mapper.js';
import { JsonDocumentScalar } from './values/json-document.scalar.js';

function versionView(row: ScenarioVersionRecord): ScenarioVersion {
  return { id: row.id, scenarioId: row.scenarioId, version: row.version, contentHash: row.contentHash, createdAt: row.createdAt, raw: row.document };
}

/** The document a typed input spells, or BAD_USER_INPUT with the fields that could not be reshaped. */
function typedDocument(input: ScenarioInput): unknown {
  const mapped = documentFromInput(input);
  if (!mapped.ok) throw new ScenarioInputError(mapped.errors);
  return mapped.doc;
}

function overridesOf(inputs: readonly OverrideInput[]): Override[] {
  const errs = new InputErrors();
  const out = inputs.map((o, i) => ({ path: o.path, value: documentValueFromInput(o.value, `overrides[${i}].value`, errs) }));
  if (errs.errors.length > 0) throw new ScenarioInputError(errs.errors);
  return out;
}

/** Scenarios over GraphQL (SERVICE.md "GraphQL"): thin, each method one service call. */
@Resolver(() => Scenario)
export class ScenariosResolver {
  constructor(
    private readonly service: ScenariosService,
    private readonly loaders: ScenarioLoaders,
  ) {}

  @Query(() => ScenarioConnection, { description: 'Scenarios ordered by name, filtered, one page at a time.' })
  @RequireRole(Role.Viewer)
  async scenarios(@Args() args: ListScenariosArgs): Promise<ScenarioConnection> {
    const f = args.filter ?? {};
    const page = await mapErrors(() =>
      this.service.list(
        { nameContains: f.nameContains ?? undefined, tag: f.tag ?? undefined, archived: f.archived ?? undefined, isPreset: f.isPreset ?? undefined },
        args.first,
        args.after,
      ),
    );
    return {
      edges: page.rows.map((node) => ({ node, cursor: encodeCursor(node.name) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      totalCount: page.totalCount,
    };
  }

  @Query(() => [Scenario], { description: 'The built-in presets (MODEL.md section 10), seeded by the seed command; clone them to edit.' })
  @RequireRole(Role.Viewer)
  async presets(): Promise<ScenarioRecord[]> {
    return (await mapErrors(() => this.service.list({ isPreset: true }, 100))).rows;
  }

  @Query(() => Scenario, { nullable: true, description: 'A scenario by id or by name (give exactly one); null if none.' })
  @RequireRole(Role.Viewer)
  async scenario(@Args() by: ScenarioLookupArgs): Promise<ScenarioRecord | null> {
    return mapErrors(() => this.service.find(by));
  }

  @Query(() => ScenarioVersion, { nullable: true, description: 'One immutable version by its id; null if none.' })
  @RequireRole(Role.Viewer)
  async scenarioVersion(@Args('id', { type: () => ID }) id: string): Promise<ScenarioVersion | null> {
    const row = await mapErrors(() => this.service.versionById(id));
    return row ? versionView(row) : null;
  }

  @Query(() => JsonDocumentScalar, { description: 'The exact document the engine reads for a version (the latest when version is absent).' })
  @RequireRole(Role.Viewer)
  async exportScenario(@Args('id', { type: () => ID }) id: string, @Args('version', { type: () => Int, nullable: true }) version?: number): Promise<unknown> {
    return mapErrors(() => this.service.export(id, version));
  }

  @Query(() => ScenarioCheck, { description: 'Validates a whole JSON document as importScenario would, without storing it.' })
  @RequireRole(Role.Viewer)
  checkScenario(@Args('document', { type: () => JsonDocumentScalar }) document: unknown): ScenarioCheck {
    return this.service.check(document);
  }

  @Mutation(() => Scenario, { description: 'Creates a scenario (version 1) from a typed input.' })
  @RequireRole(Role.Editor)
  async createScenario(@Args('input') input: ScenarioInput): Promise<ScenarioRecord> {
    return mapErrors(() => this.service.create(typedDocument(input)));
  }

  @Mutation(() => Scenario, { description: 'Creates a scenario (version 1) from a whole JSON document, as the CLI reads it (MODEL.md section 1).' })
  @RequireRole(Role.Editor)
  async importScenario(@Args('document', { type: () => JsonDocumentScalar }) document: unknown): Promise<ScenarioRecord> {
    return mapErrors(() => this.service.create(document));
  }

  @Mutation(() => Scenario, { description: 'A new immutable version from a typed input; earlier versions stay readable. expectedVersion guards against lost updates.' })
  @RequireRole(Role.Editor)
  async updateScenario(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: ScenarioInput,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number,
  ): Promise<ScenarioRecord> {
    return mapErrors(() => this.service.update(id, typedDocument(input), expectedVersion));
  }

  @Mutation(() => Scenario, { description: 'A new immutable version from a whole JSON document.' })
  @RequireRole(Role.Editor)
  async updateScenarioDocument(
    @Args('id', { type: () => ID }) id: string,
    @Args('document', { type: () => JsonDocumentScalar }) document: unknown,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number,
  ): Promise<ScenarioRecord> {
    return mapErrors(() => this.service.update(id, document, expectedVersion));
  }

  @Mutation(() => Scenario, { description: 'A new scenario from a version of another (the latest by default) with overrides applied in order.' })
  @RequireRole(Role.Editor)
  async cloneScenario(
    @Args('id', { type: () => ID }) id: string,
    @Args('name') name: string,
    @Args('overrides', { type: () => [OverrideInput], defaultValue: [] }) overrides: OverrideInput[],
    @Args('version', { type: () => Int, nullable: true }) version?: number,
  ): Promise<ScenarioRecord> {
    return mapErrors(() => this.service.clone(id, name, overridesOf(overrides), version));
  }

  @Mutation(() => Scenario, { description: 'Archives (or, with archived: false, restores) a scenario.' })
  @RequireRole(Role.Editor)
  async archiveScenario(@Args('id', { type: () => ID }) id: string, @Args('archived', { defaultValue: true }) archived: boolean): Promise<ScenarioRecord> {
    return mapErrors(() => this.service.archive(id, archived));
  }

  @Mutation(() => DeletedScenario, {
    description: 'Deletes a scenario and its versions. Refused while runs reference it unless it is archived (then its runs go too); never while a run is queued or running.',
  })
  @RequireRole(Role.Editor)
  async deleteScenario(@Args('id', { type: () => ID }) id: string): Promise<DeletedScenario> {
    await mapErrors(() => this.service.delete(id));
    return { id };
  }

  @ResolveField(() => ScenarioVersion, { description: 'The latest version' })
  @RequireRole(Role.Viewer)
  async current(@Parent() scenario: ScenarioRecord, @Context() ctx: object): Promise<ScenarioVersion> {
    const row = await this.loaders.latest(ctx, scenario.id, scenario.latestVersion);
    if (!row) throw new Error(`scenario ${scenario.id} has no version ${scenario.latestVersion}`);
    return versionView(row);
  }

  @ResolveField(() => [ScenarioVersion], { description: 'Every version, oldest first' })
  @RequireRole(Role.Viewer)
  async versions(@Parent() scenario: ScenarioRecord, @Context() ctx: object): Promise<ScenarioVersion[]> {
    return (await this.loaders.for(ctx).versionsOfScenario.load(scenario.id)).map(versionView);
  }

  @ResolveField(() => ScenarioVersion, { nullable: true, description: 'One version by number; null if it does not exist' })
  @RequireRole(Role.Viewer)
  async version(@Parent() scenario: ScenarioRecord, @Args('number', { type: () => Int }) number: number, @Context() ctx: object): Promise<ScenarioVersion | null> {
    const row = await this.loaders.latest(ctx, scenario.id, number);
    return row ? versionView(row) : null;
  }
}

import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A named scenario; its content lives in immutable versions (runs point at an exact one).' })
export class Scenario {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique; equals the latest version\'s document name' })
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => [String])
  tags!: string[];

  @Field({ description: 'Seeded from a built-in preset (MODEL.md section 10)' })
  isPreset!: boolean;

  @Field({ description: 'Hidden from default listings; frozen against updates' })
  archived!: boolean;

  @Field(() => Int, { description: 'Number of the newest version' })
  latestVersion!: number;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}

@ObjectType({ description: 'One immutable version of a scenario: the exact document the engine reads.' })
export class ScenarioVersion {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  scenarioId!: string;

  @Field(() => Int)
  version!: number;

  @Field({ description: 'sha256 hex of the canonical JSON (keys sorted) of the document' })
  contentHash!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  /** Resolved as `document` (JSON export) and `content` (typed). */
  raw!: unknown;
}

@ObjectType()
export class ScenarioEdge {
  @Field()
  cursor!: string;

  @Field(() => Scenario)
  node!: Scenario;
}

@ObjectType({ description: 'Cursor pagination state of a scenario listing.' })
export class ScenarioPageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to read the next page' })
  endCursor!: string | null;
}

@ObjectType({ description: 'A page of scenarios ordered by name.' })
export class ScenarioConnection {
  @Field(() => [ScenarioEdge])
  edges!: ScenarioEdge[];

  @Field(() => ScenarioPageInfo)
  pageInfo!: ScenarioPageInfo;

  @Field(() => Int, { description: 'Scenarios matching the filter, over all pages' })
  totalCount!: number;
}

@ObjectType({ description: 'What deleteScenario removed.' })
export class DeletedScenario {
  @Field(() => ID)
  id!: string;
}

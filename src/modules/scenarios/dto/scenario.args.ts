import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../scenarios.service.js';

@InputType({ description: 'Scenario listing filter; all given conditions must hold.' })
export class ScenarioFilterInput {
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the name' })
  nameContains?: string | null;

  @Field(() => String, { nullable: true, description: 'Has this tag (exact)' })
  tag?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Default false: archived scenarios are listed only when asked for' })
  archived?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only presets (true) or only user scenarios (false)' })
  isPreset?: boolean | null;
}

@ArgsType()
export class ListScenariosArgs {
  @Field(() => ScenarioFilterInput, { nullable: true })
  filter?: ScenarioFilterInput | null;

  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  first!: number;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  after?: string | null;
}

@ArgsType()
export class ScenarioLookupArgs {
  @Field(() => ID, { nullable: true })
  id?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;
}

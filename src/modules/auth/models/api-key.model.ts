import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Role } from '../roles.decorator.js';

/** The GraphQL face of Role: upper-case names, the same stored values. */
export const ApiKeyRole = { VIEWER: Role.Viewer, EDITOR: Role.Editor, ADMIN: Role.Admin } as const;
registerEnumType(ApiKeyRole, {
  name: 'ApiKeyRole',
  description: 'What a key may do; each role includes the ones before it.',
  valuesMap: {
    VIEWER: { description: 'Queries, subscriptions, CSV export.' },
    EDITOR: { description: 'Also scenarios, runs, sweeps.' },
    ADMIN: { description: 'Also API keys and schedules.' },
  },
});

@ObjectType({ description: 'An API key. The secret is shown once, when the key is created, and never again.' })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => ApiKeyRole)
  role!: Role;

  @Field({ description: 'The first characters of the secret, to tell keys apart.' })
  keyPrefix!: string;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Refreshed at most once a minute.' })
  lastUsedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType({ description: 'A new key with its secret: store the secret now, it cannot be shown again.' })
export class CreatedApiKey {
  @Field(() => ApiKey)
  key!: ApiKey;

  @Field({ description: 'Send as `Authorization: Bearer <secret>`.' })
  secret!: string;
}

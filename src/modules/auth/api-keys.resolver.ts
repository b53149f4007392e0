import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { ApiKey, CreatedApiKey } from './models/api-key.model.js';
import { CreateApiKeyInput } from './dto/create-api-key.input.js';
import { ApiKeyInputError, ApiKeyNotFoundError, ApiKeysService } from './api-keys.service.js';
import type { ApiKeyRecord } from './api-keys.repository.js';
import { RequireRole, Role } from './roles.decorator.js';

/** Key management: admin only. */
@Resolver(() => ApiKey)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @Mutation(() => CreatedApiKey, { description: 'Create a key; the answer carries its secret, shown this once.' })
  @RequireRole(Role.Admin)
  async createApiKey(@Args('input') input: CreateApiKeyInput): Promise<{ key: ApiKeyRecord; secret: string }> {
    return this.mapErrors(() => this.keys.create(input.name, input.role, new Date()));
  }

  @Query(() => [ApiKey], { description: 'Keys without their secrets; revoked ones only when asked.' })
  @RequireRole(Role.Admin)
  async apiKeys(
    @Args('includeRevoked', { defaultValue: false }) includeRevoked: boolean,
  ): Promise<ApiKeyRecord[]> {
    return this.keys.list(includeRevoked);
  }

  @Mutation(() => ApiKey, { description: 'Revoke a key at once; revoking twice keeps the first time.' })
  @RequireRole(Role.Admin)
  async revokeApiKey(@Args('id', { type: () => ID }) id: string): Promise<ApiKeyRecord> {
    return this.mapErrors(() => this.keys.revoke(id, new Date()));
  }

  private async mapErrors<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ApiKeyInputError) {
        throw new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', field: err.field } });
      }
      if (err instanceof ApiKeyNotFoundError) {
        throw new GraphQLError(err.message, { extensions: { code: 'NOT_FOUND', field: 'id' } });
      }
      throw err;
    }
  }
}

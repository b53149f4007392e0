import { Field, InputType } from '@nestjs/graphql';
import { Role } from '../roles.decorator.js';
import { ApiKeyRole } from '../models/api-key.model.js';

@InputType()
export class CreateApiKeyInput {
  @Field({ description: 'Who or what uses the key (1-100 characters), e.g. "metabase".' })
  name!: string;

  @Field(() => ApiKeyRole)
  role!: Role;
}

import { GraphQLError } from 'graphql';
import { ScenarioConflictError, ScenarioInputError, ScenarioNotFoundError } from './scenario.errors.js';

/**
 * Domain errors as GraphQL errors: invalid input -> BAD_USER_INPUT with every field path in
 * `extensions.fields` (and the first in `extensions.field`); unknown id -> NOT_FOUND; a state that
 * refuses the request -> CONFLICT. Anything else is rethrown for the global error policy.
 */
export function toGraphqlError(err: unknown): unknown {
  if (err instanceof ScenarioInputError) {
    return new GraphQLError(err.message, {
      extensions: { code: 'BAD_USER_INPUT', field: err.fields[0]?.path ?? '', fields: err.fields },
    });
  }
  if (err instanceof ScenarioNotFoundError) return new GraphQLError(err.message, { extensions: { code: 'NOT_FOUND' } });
  if (err instanceof ScenarioConflictError) return new GraphQLError(err.message, { extensions: { code: 'CONFLICT' } });
  return err;
}

/** Runs a service call and maps its domain errors. */
export async function mapErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toGraphqlError(err);
  }
}

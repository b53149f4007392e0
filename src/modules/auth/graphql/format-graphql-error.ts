import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';

/**
 * Codes whose message was written for the client (input errors, auth, limits, not found, and
 * GraphQL's own syntax/validation errors). Anything else is an internal failure.
 */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  /** A state that forbids the operation, e.g. cancelling a finished run or reading a running one. */
  'FAILED_PRECONDITION',
  'RATE_LIMITED',
  'QUERY_LIMIT_EXCEEDED',
  'QUERY_TOO_LARGE',
  'SERVICE_UNAVAILABLE',
]);

export const GENERIC_MESSAGE = 'Internal server error';
const log = new Logger('GraphQL');

/**
 * Apollo formatError. Outside development: no stack traces; an error without a client-facing code
 * becomes INTERNAL_SERVER_ERROR with a generic message (the real one goes to the log); and, when
 * introspection is off, "Did you mean ...?" hints are dropped so they cannot map the schema.
 */
export function makeFormatError(nodeEnv: string, introspection: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (nodeEnv === 'development') return formatted;
    const { stacktrace: _stack, exception: _exception, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
    if (!CLIENT_CODES.has(code)) {
      log.error({ err: error, path: formatted.path }, `internal error in GraphQL operation: ${formatted.message}`);
      return { message: GENERIC_MESSAGE, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    const message = introspection ? formatted.message : formatted.message.replace(/ ?Did you mean [^?]*\?/g, '');
    return { ...formatted, message, extensions: { ...extensions, code } };
  };
}

import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, Kind, type OperationDefinitionNode, parse } from 'graphql';
import type { AppConfig } from '../../../config/app-config.js';
import { measureOperation } from './measure-operation.js';

type Limits = Pick<AppConfig, 'graphqlMaxDepth' | 'graphqlMaxAliases' | 'graphqlMaxCost' | 'graphqlMaxQueryChars'>;

/** A refusal naming the limit, its maximum and what the operation had; HTTP 400. */
function limitError(limit: 'depth' | 'aliases' | 'cost' | 'size', max: number, actual: number, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit, max, actual, http: { status: 400 } },
  });
}

/** The first limit the operation breaks, or null. Without a schema the cost is not checked. */
export function checkLimits(
  limits: Limits,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  schema: Parameters<typeof measureOperation>[3],
): GraphQLError | null {
  const m = measureOperation(document, operation, variables, schema, limits.graphqlMaxDepth + 1);
  if (m.depth > limits.graphqlMaxDepth) {
    return limitError('depth', limits.graphqlMaxDepth, m.depth, `Query is nested ${m.depth} levels deep; the limit is ${limits.graphqlMaxDepth}`);
  }
  if (m.aliases > limits.graphqlMaxAliases) {
    return limitError('aliases', limits.graphqlMaxAliases, m.aliases, `Query uses ${m.aliases} aliases; the limit is ${limits.graphqlMaxAliases}`);
  }
  if (schema && m.cost > limits.graphqlMaxCost) {
    return limitError('cost', limits.graphqlMaxCost, m.cost, `Query would resolve about ${m.cost} fields; the limit is ${limits.graphqlMaxCost} (ask for smaller pages)`);
  }
  return null;
}

/**
 * Apollo plugin: after the operation is parsed and validated (so fragments exist and have no
 * cycles), refuses it when it breaks the depth, alias or cost limit. Runs before any resolver.
 */
export function graphqlLimitsPlugin(limits: Limits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          const error = operation ? checkLimits(limits, document, operation, request.variables ?? {}, schema) : null;
          if (error) throw error;
        },
      };
    },
  };
}

/**
 * The same limits for subscriptions over graphql-ws (which bypass Apollo's pipeline): checked on
 * the raw document, before validation, so the cost (which needs the schema) is left to the
 * subscription's own bounded shape.
 */
export function checkSubscriptionDocument(limits: Limits, query: unknown, variables: unknown): GraphQLError[] | undefined {
  if (typeof query !== 'string') return undefined; // graphql-ws refuses it itself
  if (query.length > limits.graphqlMaxQueryChars) {
    return [limitError('size', limits.graphqlMaxQueryChars, query.length, `Query text is ${query.length} characters; the limit is ${limits.graphqlMaxQueryChars}`)];
  }
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return undefined; // graphql-ws reports the syntax error itself
  }
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    const error = checkLimits(limits, document, def, (variables ?? {}) as Record<string, unknown>, undefined);
    if (error) return [error];
  }
  return undefined;
}

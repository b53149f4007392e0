import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { AppConfig } from '../../../config/app-config.js';
import { makeFormatError } from './format-graphql-error.js';
import { checkSubscriptionDocument, graphqlLimitsPlugin } from './graphql-limits.plugin.js';
import type { GqlContext } from '../roles.guard.js';

/** Answers depend on the caller's key and change as runs progress: no shared cache may keep them. */
const noStorePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/**
 * The security part of the GraphQL module's options, spread into GraphQLModule.forRoot in
 * app.module.ts: limits, error masking, introspection policy, no batching, the context the guard
 * reads, and subscriptions over graphql-ws whose key travels in `connectionParams.authorization`.
 */
export function graphqlSecurityOptions(config: AppConfig): Partial<ApolloDriverConfig> {
  return {
    introspection: config.graphqlIntrospection,
    includeStacktraceInErrorResponses: config.nodeEnv === 'development',
    formatError: makeFormatError(config.nodeEnv, config.graphqlIntrospection),
    // One operation per HTTP request: a JSON array body is refused (HTTP 400) before any work.
    allowBatchedHttpRequests: false,
    // Apollo's default cache-control plugin wraps every field resolver to collect cache hints that
    // this schema never gives (~10% of a dashboard query's CPU); its only effect was the
    // `no-store` header, which noStorePlugin sends instead.
    plugins: [ApolloServerPluginCacheControlDisabled(), noStorePlugin, graphqlLimitsPlugin(config)],
    context: (arg: { req?: unknown; res?: unknown; connectionParams?: Record<string, unknown> }): GqlContext & { res?: unknown } =>
      arg.req ? { req: arg.req as GqlContext['req'], res: arg.res } : { connectionParams: arg.connectionParams ?? {} },
    subscriptions: {
      'graphql-ws': {
        onSubscribe: (_ctx: unknown, _id: string, payload: { query?: unknown; variables?: unknown }) =>
          checkSubscriptionDocument(config, payload.query, payload.variables),
      },
    },
  };
}

import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { AppConfig } from './config/app-config.js';
import { CoreModule } from './core/core.module.js';
import { FEATURE_MODULES } from './feature-modules.js';
import { HealthModule } from './modules/health/health.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { graphqlSecurityOptions } from './modules/auth/graphql/graphql-security-options.js';

/** The API: the shared module graph plus HTTP (GraphQL at /graphql, /health). No job processors. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, 'api'),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          includeStacktraceInErrorResponses: false,
          introspection: true,
          // Limits, error masking, introspection policy, subscriptions (graphql-ws) and the auth context.
          ...graphqlSecurityOptions(config),
        }),
        MetricsModule, // before AuthModule: its middleware also times refused requests
        AuthModule,
        HealthModule,
        ...FEATURE_MODULES,
      ],
    };
  }
}

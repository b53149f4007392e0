import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { AdminKeyBootstrap } from './admin-key-bootstrap.service.js';
import { ApiKeyMiddleware } from './api-key.middleware.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeysResolver } from './api-keys.resolver.js';
import { ApiKeysService } from './api-keys.service.js';
import { GraphqlQuerySizeMiddleware } from './graphql-query-size.middleware.js';
import { RolesGuard } from './roles.guard.js';

/**
 * API keys and who may do what (API only). Installs the global guard that refuses every resolver
 * and route lacking @RequireRole or @Public, and the middleware that authenticates each request
 * once and rate-limits it.
 */
@Module({
  imports: [RateLimitModule],
  providers: [
    ApiKeysRepository,
    ApiKeysService,
    ApiKeysResolver,
    AdminKeyBootstrap,
    ApiKeyMiddleware,
    GraphqlQuerySizeMiddleware,
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [ApiKeysService],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ApiKeyMiddleware, GraphqlQuerySizeMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

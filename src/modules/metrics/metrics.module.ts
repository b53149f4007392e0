import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ApiMetrics } from './api-metrics.js';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { ResolverMetricsInterceptor } from './resolver-metrics.interceptor.js';
import { ScrapeCollectors } from './scrape-collectors.js';

/**
 * Prometheus metrics of the API at /metrics. Import it before AuthModule in AppModule so its
 * middleware runs first and also times the requests that authentication or the rate limit refuses.
 */
@Module({
  providers: [ApiMetrics, HttpMetricsMiddleware, MetricsRepository, ScrapeCollectors, { provide: APP_INTERCEPTOR, useClass: ResolverMetricsInterceptor }],
  controllers: [MetricsController],
  exports: [ApiMetrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

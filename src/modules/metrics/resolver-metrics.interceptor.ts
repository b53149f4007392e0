import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { type Observable, tap } from 'rxjs';
import { ApiMetrics } from './api-metrics.js';

/**
 * Times root GraphQL resolvers (APP_INTERCEPTOR). Nested field resolvers are not enhanced by Nest,
 * so only Query/Mutation/Subscription fields are timed: few labels, no per-row overhead.
 */
@Injectable()
export class ResolverMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ApiMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const info = GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>();
    const labels = { type: info.parentType.name, field: info.fieldName };
    const end = this.metrics.resolverDuration.startTimer(labels);
    return next.handle().pipe(
      tap({
        next: () => undefined,
        complete: () => end({ outcome: 'ok' }),
        error: () => end({ outcome: 'error' }),
      }),
    );
  }
}

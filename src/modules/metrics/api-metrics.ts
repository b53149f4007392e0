import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Seconds; from 5 ms (a cached lookup) to 30 s (a large export). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The API process's Prometheus registry and the metrics its request path records. One registry per
 * application (not prom-client's global one), so several apps in one test process never clash.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route and status code, including refused ones (401, 413, 429).',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly resolverDuration = new Histogram({
    name: 'graphql_resolver_duration_seconds',
    help: 'Root GraphQL resolvers (Query, Mutation, Subscription fields) by outcome.',
    labelNames: ['type', 'field', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

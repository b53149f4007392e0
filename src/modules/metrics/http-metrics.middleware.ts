import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { HttpRequest, HttpResponse, NextFunction } from '../auth/http-types.js';
import { ApiMetrics } from './api-metrics.js';

/** First path segments worth their own label; anything else is `other`, so labels stay few. */
const KNOWN_ROOTS = new Set(['graphql', 'health', 'metrics', 'export']);

/**
 * Route label: the matched controller route when Express knows one (`/export/runs/:id`), else the
 * known root; catch-all patterns (middleware, Apollo's `/graphql/{*path}`) are not routes.
 */
export function routeLabel(req: HttpRequest & { baseUrl?: string; originalUrl?: string }): string {
  const pattern = req.route?.path;
  if (pattern && !pattern.includes('*')) return `${req.baseUrl ?? ''}${pattern}`;
  // originalUrl: inside a mounted router (Apollo's) `path` is relative to the mount point.
  const root = (req.originalUrl ?? req.url ?? '').split('?')[0]!.split('/')[1] ?? '';
  return KNOWN_ROOTS.has(root) ? `/${root}` : 'other';
}

/** Times every HTTP request from arrival to the response's last byte. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: ApiMetrics) {}

  use(req: HttpRequest, res: HttpResponse, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    res.once('finish', () => end({ method: req.method ?? 'GET', route: routeLabel(req), status_code: String(res.statusCode) }));
    next();
  }
}

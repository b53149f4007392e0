import { Controller, Get, Res } from '@nestjs/common';
import type { HttpResponse } from '../auth/http-types.js';
import { RequireRole, Role } from '../auth/roles.decorator.js';
import { ApiMetrics } from './api-metrics.js';

/**
 * Prometheus text format. Needs a viewer key (Prometheus sends it with `authorization:
 * { type: Bearer, credentials: ... }`): queue depths and run counts describe the business.
 */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @RequireRole(Role.Viewer)
  async scrape(@Res({ passthrough: true }) res: HttpResponse): Promise<string> {
    res.setHeader('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}

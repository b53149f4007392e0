import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { HealthRepository } from './health.repository.js';
import { RedisProbe } from './redis-probe.service.js';
import { Public } from '../auth/roles.decorator.js';

/** A probe slower than this counts as down: a hung dependency must not hang the health check. */
const PROBE_TIMEOUT_MS = 2_000;

// Public: liveness/readiness probes (load balancers, orchestrators) carry no API key, and the
// answer names only which dependency is down, nothing about data.
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: HealthRepository,
    private readonly redis: RedisProbe,
  ) {}

  /** 200 with each dependency `up`, or 503 naming the one that is `down`. */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.indicators.check('postgres').attempt(() => this.database.ping()).withTimeout(PROBE_TIMEOUT_MS),
      () => this.indicators.check('redis').attempt(() => this.redis.ping()).withTimeout(PROBE_TIMEOUT_MS),
    ]);
  }
}

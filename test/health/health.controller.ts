import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { SessionStoreHealthIndicator } from 'nestjs-express-session';

/** The README's health route (`GET /health` through terminus), plus the indicator under another key. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly sessionStore: SessionStoreHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.sessionStore.isHealthy()]);
  }

  @Get('named')
  named(): Promise<unknown> {
    return this.sessionStore.isHealthy('sessions-db');
  }
}

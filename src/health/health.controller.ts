import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult } from '@nestjs/terminus';

import { HealthChecks } from './health-checks';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly checks: HealthChecks) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up (no dependencies checked)' })
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.checks.live();
  }

  @Get('ready')
  @ApiOperation({ summary: 'The database and the queue backend answer; 503 otherwise' })
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.checks.ready();
  }
}

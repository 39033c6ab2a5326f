import { Injectable } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';

import { QueueHealthIndicator } from '../queue/queue.health';
import { DatabaseHealthIndicator } from './database.health';

/**
 * Liveness and readiness, answered alike by `/health/*` on the HTTP port and
 * on the operations listener (the worker's only health endpoint). Readiness
 * rejects with terminus' ServiceUnavailableException, whose response is the
 * report of what is down.
 */
@Injectable()
export class HealthChecks {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly queue: QueueHealthIndicator,
  ) {}

  /** The process is up; nothing else is asked. */
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** The database and the queue backend answer. */
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.check('database'),
      () => this.queue.check('queue'),
    ]);
  }
}

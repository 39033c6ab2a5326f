import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { QueueModule } from '../queue/queue.module';
import { DatabaseHealthIndicator } from './database.health';
import { HealthChecks } from './health-checks';
import { HealthController } from './health.controller';

/**
 * Health in every role: the controller on the HTTP port where there is one,
 * `HealthChecks` for the operations listener (ops-server.ts) everywhere.
 */
@Module({
  imports: [
    TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 }),
    QueueModule,
  ],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, HealthChecks],
  exports: [HealthChecks],
})
export class HealthModule {}

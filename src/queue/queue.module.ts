import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QueueHealthIndicator } from './queue.health';
import { QueueMetrics } from './queue-metrics';
import { buildQueueRootOptions } from './queue-connection';
import { QUEUE_ENTITIES } from './queue-probe.entity';
import { QueueProbeService } from './queue-probe.service';
import { SYSTEM_QUEUE } from './queue.jobs';
import { SystemProcessor } from './system.processor';
import { WorkerLauncher } from './worker-launcher';

@Module({
  imports: [
    DiscoveryModule,
    TerminusModule,
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => buildQueueRootOptions(config),
      // Workers are started by WorkerLauncher, and only where ROLE asks for them.
      extraOptions: { manualRegistration: true },
    }),
    BullModule.registerQueue({ name: SYSTEM_QUEUE }),
    MikroOrmModule.forFeature(QUEUE_ENTITIES),
  ],
  providers: [
    WorkerLauncher,
    QueueProbeService,
    SystemProcessor,
    QueueHealthIndicator,
    QueueMetrics,
  ],
  exports: [BullModule, QueueProbeService, QueueHealthIndicator],
})
export class QueueModule {}

import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Queue } from 'bullmq';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SYSTEM_QUEUE } from './queue.jobs';
import { within } from './within';

const CHECK_TIMEOUT_MS = 3000;

/** Ready when the queue backend answers a cheap read within a few seconds. */
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectQueue(SYSTEM_QUEUE) private readonly systemQueue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    const backend = this.config.queue.backend;
    try {
      await within(this.systemQueue.getJobCounts('waiting'), CHECK_TIMEOUT_MS);
      return indicator.up({ backend });
    } catch (error) {
      return indicator.down({ backend, message: (error as Error).message });
    }
  }
}

import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';

import { TIME_ZONE } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { NIGHTLY_SCHEDULER, RETENTION_QUEUE, RetentionJob } from './retention.jobs';

/** The nightly disposal, and a run on the archivist's request. */
@Injectable()
export class RetentionScheduleService implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(RETENTION_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsWorkers) {
      return;
    }
    await this.queue.upsertJobScheduler(
      NIGHTLY_SCHEDULER,
      { pattern: `0 ${this.config.retention.hour} * * *`, tz: TIME_ZONE },
      { name: RetentionJob.Dispose, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  /** Disposes of what is due now, in the background; the log shows the result. */
  async runNow(): Promise<string> {
    const job = await this.queue.add(
      RetentionJob.Dispose,
      {},
      { jobId: `dispose-now-${Date.now()}`, removeOnComplete: 100, removeOnFail: 100 },
    );
    return String(job.id);
  }
}

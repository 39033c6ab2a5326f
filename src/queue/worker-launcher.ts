import { BullRegistrar, WorkerHost } from '@nestjs/bullmq';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { REQUESTS_QUEUE } from '../requests/requests.jobs';

/**
 * The one place that decides whether this process runs queue workers
 * (ROLE=worker or all). Workers start after the application has booted and
 * stop before anything else shuts down, so a job in flight finishes while the
 * database is still there; a job that cannot finish in time returns to the
 * queue when its lock expires and is processed again.
 */
@Injectable()
export class WorkerLauncher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerLauncher.name);
  private started = false;

  constructor(
    private readonly registrar: BullRegistrar,
    private readonly discovery: DiscoveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) {
      return;
    }
    this.registrar.register();
    for (const host of this.workerHosts()) {
      if (host.worker.name === REQUESTS_QUEUE) {
        host.worker.concurrency = this.config.queue.requestsConcurrency;
      }
    }
    this.started = true;
    this.logger.log(
      `Queue workers started on ${this.config.queue.backend} (${this.workerHosts().length} processors)`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) {
      return;
    }
    await Promise.all(this.workerHosts().map((host) => host.worker.close()));
    this.logger.log('Queue workers stopped');
  }

  private workerHosts(): WorkerHost[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
  }
}

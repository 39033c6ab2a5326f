import { BullRegistrar, WorkerHost } from '@nestjs/bullmq';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job, Worker } from 'bullmq';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QueueMetrics } from './queue-metrics';
import { REQUESTS_QUEUE } from './queue-names';

/** How soon a worker's loop tries again after an error of its backend (BullMQ's default: 15 s). */
export const WORKER_RETRY_DELAY_MS = 2000;

/** The longest a worker waits for a job before it looks again (BullMQ's own on PostgreSQL: 1 h). */
export const WORKER_MAX_BLOCK_SECONDS = 10;

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
    private readonly metrics: QueueMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorkers) {
      return;
    }
    this.registrar.register();
    const concurrency = this.requestsConcurrency();
    for (const host of this.workerHosts()) {
      if (host.worker.name === REQUESTS_QUEUE) {
        host.worker.concurrency = concurrency;
      }
      // After its database or Redis was away, a worker tries again this soon, not BullMQ's 15 s.
      host.worker.opts.runRetryDelay = WORKER_RETRY_DELAY_MS;
      // BullMQ 6.7 on PostgreSQL waits for a job up to an hour on its LISTEN connection. When
      // PostgreSQL closes that connection just as the LISTEN is answered (a restart), the error
      // comes before the wait is set up, nothing cancels the wait, and the worker slept on a
      // dead connection (faults.postgres-restart, 1 run in 10). Looking again every 10 s at
      // most, as BullMQ does on Redis, bounds that.
      Object.defineProperty(host.worker, 'maximumBlockTimeout', {
        value: WORKER_MAX_BLOCK_SECONDS,
      });
      this.watch(host.worker);
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

  /**
   * One place for every queue: each failed attempt of a job is logged (the
   * last one, after which the job stays failed, as an error), so is the
   * worker's own error, and every job's duration goes to the metrics. Processors need not log their own failures.
   */
  private watch(worker: Worker): void {
    // The worker's own trouble (its database or Redis away, a lost lock): logged as a line, where
    // without a listener BullMQ prints the whole error object to stderr.
    worker.on('error', (error: Error) =>
      this.logger.warn(
        { queue: worker.name, error: error.message },
        `The worker of ${worker.name} met an error: ${error.message}`,
      ),
    );
    worker.on('completed', (job: Job) => this.metrics.observeJob(worker.name, job, 'completed'));
    worker.on('failed', (job: Job | undefined, error: Error) => {
      if (job) {
        this.metrics.observeJob(worker.name, job, 'failed');
      }
      const attempts = Math.max(job?.opts.attempts ?? 1, 1);
      const attemptsMade = job?.attemptsMade ?? 0;
      const final = attemptsMade >= attempts;
      const fields = {
        queue: worker.name,
        jobName: job?.name ?? null,
        jobId: job?.id ?? null,
        attempt: `${attemptsMade}/${attempts}`,
        attemptsMade,
        attempts,
        final,
        error: error.message,
      };
      const message = `Job ${fields.jobName ?? '?'} on ${worker.name} failed (attempt ${fields.attempt})${
        final ? '' : '; it will be retried'
      }`;
      if (final) {
        this.logger.error(fields, message);
      } else {
        this.logger.warn(fields, message);
      }
    });
  }

  /**
   * REQUESTS_WORKER_CONCURRENCY, on either backend. On PostgreSQL more than one at once
   * deadlocked in BullMQ 6.7's count-based trim of completed jobs; the requests queue's jobs
   * are kept by age there instead (`finishedJobsKept`), which does not.
   */
  private requestsConcurrency(): number {
    return this.config.queue.requestsConcurrency;
  }

  private workerHosts(): WorkerHost[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
  }
}

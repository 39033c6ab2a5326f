import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, Queue } from 'bullmq';

import { DURATION_BUCKETS, Metrics } from '../common/metrics/metrics';
import { within } from './within';

/** The job states counted per queue, as BullMQ's getJobCounts names them. */
export const COUNTED_STATES = ['waiting', 'active', 'failed', 'completed', 'delayed'] as const;

const COUNT_TIMEOUT_MS = 3000;

/**
 * The queues' metrics: `iup_queue_jobs{queue, state}`, read from the queue
 * backend when Prometheus scrapes (getJobCounts: one cheap call per queue, on
 * PostgreSQL and on Redis alike), and `iup_job_duration_seconds{queue, name,
 * outcome}` of the jobs this process's workers ran.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  private readonly jobDuration;

  constructor(
    private readonly metrics: Metrics,
    private readonly discovery: DiscoveryService,
  ) {
    this.jobDuration = metrics.histogram({
      name: 'iup_job_duration_seconds',
      help: 'Time a worker of this process spent on a job, by queue, job name and outcome',
      labelNames: ['queue', 'name', 'outcome'] as const,
      buckets: DURATION_BUCKETS,
    });
  }

  onModuleInit(): void {
    const queues = (): Queue[] => this.queues();
    this.metrics.gauge({
      name: 'iup_queue_jobs',
      help: 'Jobs in each queue by state (waiting, active, failed, completed, delayed), when scraped',
      labelNames: ['queue', 'state'] as const,
      async collect() {
        this.reset();
        await Promise.all(
          queues().map(async (queue) => {
            // A backend that does not answer in time leaves its queue out of this scrape.
            const counts = await within(
              queue.getJobCounts(...COUNTED_STATES),
              COUNT_TIMEOUT_MS,
            ).catch(() => null);
            for (const state of COUNTED_STATES) {
              if (counts) this.set({ queue: queue.name, state }, counts[state] ?? 0);
            }
          }),
        );
      },
    });
  }

  /**
   * Records an attempt at a job a worker has just finished, completed or failed. A failed
   * attempt that will be retried has no `finishedOn`: it ended now.
   */
  observeJob(queue: string, job: Job, outcome: 'completed' | 'failed'): void {
    if (job.processedOn === undefined) {
      return;
    }
    this.jobDuration.observe(
      { queue, name: job.name, outcome },
      Math.max(0, (job.finishedOn ?? Date.now()) - job.processedOn) / 1000,
    );
  }

  /** Every queue registered in this application (BullModule.registerQueue). */
  private queues(): Queue[] {
    const byName = new Map<string, Queue>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as unknown;
      if (isQueue(instance)) byName.set(instance.name, instance);
    }
    return [...byName.values()];
  }
}

function isQueue(instance: unknown): instance is Queue {
  return instance instanceof Queue;
}

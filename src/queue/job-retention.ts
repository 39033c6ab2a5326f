import type { KeepJobs } from 'bullmq';

import type { AppConfig } from '../config/app-config';

/** A day of finished jobs: the PostgreSQL backend keeps them by age (`finishedJobsKept`). */
export const FINISHED_JOBS_KEPT_SECONDS = 24 * 60 * 60;

/**
 * How many finished jobs of a kind a queue keeps (`removeOnComplete` / `removeOnFail`): the
 * newest `count` on Redis; on PostgreSQL those of the last day instead. BullMQ 6.7's PostgreSQL
 * backend trims by count in the transaction that finishes each job, with a `DELETE … NOT IN
 * (the newest count)`; with more than one job at once, those deletes lock overlapping sets of
 * old jobs and, with the next job's claim in the same transaction, deadlock
 * (bench/bullmq-retention-deadlock.mjs reproduces it), and the sort of the kept rows costs every
 * job. By age the trim is a range of the finished-jobs index: no deadlock in the same runs.
 */
export function finishedJobsKept(config: AppConfig, count: number): number | KeepJobs {
  return config.queue.backend === 'postgres' ? { age: FINISHED_JOBS_KEPT_SECONDS } : count;
}

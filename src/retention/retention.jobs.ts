export const RETENTION_QUEUE = 'retention';

export const RetentionJob = {
  /** Disposes of everything due today, batch by batch. */
  Dispose: 'dispose',
} as const;

/** The nightly run, as a BullMQ job scheduler (kept in the queue backend, so it survives restarts). */
export const NIGHTLY_SCHEDULER = 'retention-nightly';

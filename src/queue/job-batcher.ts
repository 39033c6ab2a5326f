import type { JobsOptions, Queue } from 'bullmq';

interface Waiting<T> {
  readonly job: { name: string; data: T; opts: JobsOptions };
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Adds jobs to a queue in batches: while one `addBulk` is on its way, the
 * jobs that come in wait and go together in the next. Alone, a job goes at
 * once; under load one round trip (on the PostgreSQL backend: one lock and
 * one commit) carries many. Each caller's promise settles with its batch.
 */
export class JobBatcher<T> {
  private waiting: Waiting<T>[] = [];
  private sending = false;

  constructor(
    private readonly queue: Queue<T>,
    private readonly maxBatch = 200,
  ) {}

  add(name: string, data: T, opts: JobsOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ job: { name, data, opts }, resolve, reject });
      if (!this.sending) {
        void this.send();
      }
    });
  }

  private async send(): Promise<void> {
    this.sending = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          // The name type of addBulk is the queue's; a batch holds jobs of any name.
          await this.queue.addBulk(
            batch.map((each) => each.job) as Parameters<Queue<T>['addBulk']>[0],
          );
          for (const each of batch) {
            each.resolve();
          }
        } catch (error) {
          for (const each of batch) {
            each.reject(error);
          }
        }
      }
    } finally {
      this.sending = false;
    }
  }
}

/** How long a request waits for the queue backend to take a job before it answers anyway. */
export const QUEUE_ADD_WAIT_MS = 3000;

export class QueueTimeoutError extends Error {
  constructor(ms: number) {
    super(`the queue backend did not answer within ${ms} ms`);
    this.name = 'QueueTimeoutError';
  }
}

/**
 * Settles as `promise` does, or rejects with QueueTimeoutError after `ms`.
 * The work itself goes on: with Redis away, ioredis keeps the command and
 * sends it once Redis is back, but the person who filed a request (already
 * committed) should not wait for that.
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

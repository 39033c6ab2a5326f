// A minimal reproduction of a deadlock in BullMQ's PostgreSQL backend: with
// removeOnComplete as a count and a worker running more than one job at once,
// concurrent completions trim the completed jobs and PostgreSQL aborts one of
// them with "deadlock detected" (the worker logs it; the job is retried or stalls).
//   DATABASE_URL=… node bench/bullmq-retention-deadlock.mjs
//   (JOBS, default 3000; CONCURRENCY, default 4; KEEP, default 100; POOL connections, default 5)
import { clearInterval, setInterval } from 'node:timers';

import bullmq from 'bullmq';
import pg from 'pg';

const { Queue, Worker, createPostgresBackend, setDefaultBackendFactory } = bullmq;
const JOBS = Number(process.env.JOBS ?? 3000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
// KEEP=100 keeps the newest 100 (the deadlock); KEEP=age:5 keeps five seconds' worth.
const KEEP = process.env.KEEP?.startsWith('age:')
  ? { age: Number(process.env.KEEP.slice(4)) }
  : Number(process.env.KEEP ?? 100);
const schema = `bullmq_deadlock_${process.pid}`;
setDefaultBackendFactory(createPostgresBackend);
const connection = {
  connectionString: process.env.DATABASE_URL,
  schema,
  migrate: true,
  max: Number(process.env.POOL ?? 5),
};
const queue = new Queue('deadlock', { connection });
const errors = [];
try {
  for (let i = 0; i < JOBS; i += 500) {
    await queue.addBulk(
      Array.from({ length: Math.min(500, JOBS - i) }, (_, j) => ({
        name: 'noop',
        data: { n: i + j },
        opts: { removeOnComplete: KEEP },
      })),
    );
  }
  const started = Date.now();
  let done = 0;
  const worker = new Worker('deadlock', async () => {}, {
    connection,
    concurrency: CONCURRENCY,
    autorun: false,
  });
  worker.on('error', (error) => errors.push(error.message));
  worker.on('failed', (_job, error) => errors.push(error.message));
  await new Promise((resolve) => {
    worker.on('completed', () => {
      done += 1;
      if (done === JOBS) resolve();
    });
    const watchdog = setInterval(async () => {
      if (Date.now() - started > 60_000) {
        clearInterval(watchdog);
        resolve();
      }
    }, 1000);
    worker.on('completed', () => done === JOBS && clearInterval(watchdog));
    void worker.run();
  });
  const seconds = (Date.now() - started) / 1000;
  await worker.close();
  const deadlocks = errors.filter((message) => /deadlock/i.test(message));
  console.log(
    JSON.stringify({
      jobs: JOBS,
      completed: done,
      concurrency: CONCURRENCY,
      removeOnComplete: KEEP,
      jobsPerSecond: Math.round(done / seconds),
      deadlocks: deadlocks.length,
      otherErrors: errors.length - deadlocks.length,
      firstError: errors[0] ?? null,
    }),
  );
  if (deadlocks.length > 0) process.exitCode = 1;
} finally {
  await queue.obliterate({ force: true }).catch(() => {});
  await queue.close();
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
}

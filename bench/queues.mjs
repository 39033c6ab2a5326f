// Benchmark 4, queues: jobs per second of a no-op processor (the queue's own
// cost: the floor) and of the service's real first-steps processor, on the
// PostgreSQL backend and on Redis, in the same run.
//   npm run build && DATABASE_URL=… REDIS_URL=… node bench/queues.mjs
//   (BENCH_RUNS rounds, default 3; BENCH_NOOP_JOBS, default 3000; BENCH_REAL_JOBS, default 400;
//   BENCH_PORT for the service; BENCH_QUEUES=postgres@1,redis@4 for some of the four;
//   BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the first-steps worker)
import { clearInterval, setInterval } from 'node:timers';
import { performance } from 'node:perf_hooks';

import bullmq from 'bullmq';
import pg from 'pg';

import {
  dropSchemas,
  machine,
  requireDatabaseUrl,
  runsFromEnv,
  sleep,
  startService,
  startWorker,
  summarize,
  writeResult,
} from './lib/common.mjs';

const { Queue, Worker, createPostgresBackend, setDefaultBackendFactory } = bullmq;
const RUNS = runsFromEnv(3);
const NOOP_JOBS = Number(process.env.BENCH_NOOP_JOBS ?? 3000);
const REAL_JOBS = Number(process.env.BENCH_REAL_JOBS ?? 400);
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const DATABASE_URL = requireDatabaseUrl();
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) {
  console.error(
    'Set REDIS_URL too: the queues are measured on both backends (npm run bench starts one).',
  );
  process.exit(2);
}
const TARGETS = { postgres: 200, redis: 500 };
// The no-op worker runs as many at once as the service's requests worker does
// (REQUESTS_WORKER_CONCURRENCY), on both backends: on PostgreSQL the requests queue keeps
// completed jobs by age (src/queue/job-retention.ts), so four at once no longer deadlock.
const CONFIGS = [
  ['postgres', 1],
  ['postgres', 4],
  ['redis', 1],
  ['redis', 4],
];
// As the service's requests queue keeps them: a day's on PostgreSQL, the newest 1,000 on Redis.
const KEEP = { postgres: { age: 24 * 60 * 60 }, redis: 1000 };

/** A no-op job N times: added in bulk, then one worker with the service's concurrency works them off. */
async function noop(backend, round, concurrency) {
  const name = `bench-noop-${process.pid}-${round}-${concurrency}`;
  const schema = `bench_q_${process.pid}_${round}_${concurrency}`;
  let connection;
  if (backend === 'postgres') {
    setDefaultBackendFactory(createPostgresBackend);
    connection = { connectionString: DATABASE_URL, schema, migrate: true, max: 5 };
  } else {
    setDefaultBackendFactory();
    connection = { url: REDIS_URL, maxRetriesPerRequest: null };
  }
  const queue = new Queue(name, { connection, prefix: schema });
  try {
    for (let i = 0; i < NOOP_JOBS; i += 500) {
      await queue.addBulk(
        Array.from({ length: Math.min(500, NOOP_JOBS - i) }, (_, j) => ({
          name: 'noop',
          data: { n: i + j },
          opts: { removeOnComplete: KEEP[backend] },
        })),
      );
    }
    let done = 0;
    let started;
    const finished = new Promise((resolve, reject) => {
      const worker = new Worker(
        name,
        async () => {
          started ??= performance.now();
        },
        { connection, prefix: schema, autorun: false, concurrency },
      );
      let lastProgress = performance.now();
      worker.on('completed', () => {
        done += 1;
        lastProgress = performance.now();
        if (done === NOOP_JOBS) resolve(worker);
      });
      const watchdog = setInterval(() => {
        if (performance.now() - lastProgress > 60_000) {
          clearInterval(watchdog);
          void worker.close();
          reject(new Error(`no-op jobs on ${backend}: stuck at ${done} of ${NOOP_JOBS}`));
        }
      }, 5_000);
      worker.once('closed', () => clearInterval(watchdog));
      void worker.run();
    });
    const worker = await finished;
    const seconds = (performance.now() - started) / 1000;
    await worker.close();
    return +(NOOP_JOBS / seconds).toFixed(0);
  } finally {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    if (backend === 'postgres') await dropSchemas(schema);
  }
}

/**
 * The real first-steps job: requests filed through HTTP while no worker runs,
 * then a worker process works the queue off. The rate is taken from the
 * database: the requests' processed_at, first to last.
 */
async function real(backend, round, concurrency) {
  const env = {
    ROLE: 'web',
    ...(backend === 'redis' ? { REDIS_URL } : {}),
  };
  const service = await startService({
    name: `queues_${backend}_${round}_${concurrency}`,
    env,
    port: Number(process.env.BENCH_PORT) || undefined,
    keepSchemas: true,
  });
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  let worker;
  try {
    const body = JSON.stringify({
      description: 'Planer för en elev i årskurs 5.',
      delivery: 'electronic',
      school: 'Almekärrsskolan',
    });
    const pending = [];
    for (let i = 0; i < REAL_JOBS; i += 1) {
      pending.push(
        fetch(`${service.base}/api/v1/records-requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).then((response) => {
          if (response.status !== 201) throw new Error(`intake: ${response.status}`);
        }),
      );
      if (pending.length === 20) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    worker = await startWorker(service, {
      ...(NODE_ARGS.length > 0 ? { NODE_ARGS } : {}),
      REQUESTS_WORKER_CONCURRENCY: String(concurrency),
      ...(backend === 'redis' ? { REDIS_URL } : {}),
    });
    const unprocessed = async () =>
      (
        await client.query(
          `select count(*)::int as n from "${service.schema}".records_request where processed_at is null`,
        )
      ).rows[0].n;
    for (let i = 0; i < 1200 && (await unprocessed()) > 0; i += 1) await sleep(250);
    const { rows } = await client.query(
      `select count(*)::int as n, extract(epoch from max(processed_at) - min(processed_at)) as span
         from "${service.schema}".records_request where channel = 'api'`,
    );
    const left = await unprocessed();
    if (left > 0) throw new Error(`${left} requests were not processed`);
    return +((rows[0].n - 1) / Number(rows[0].span)).toFixed(0);
  } finally {
    await worker?.stop();
    await service.stop();
    await client.end();
    await dropSchemas(service.schema, service.queueSchema);
  }
}

const chosen = (process.env.BENCH_QUEUES ?? '').split(',').filter(Boolean);
const configs = CONFIGS.map(([backend, concurrency]) => ({
  backend,
  concurrency,
  key: `${backend}@${concurrency}`,
})).filter(({ key }) => chosen.length === 0 || chosen.includes(key));
const measured = Object.fromEntries(configs.map(({ key }) => [key, { noop: [], real: [] }]));
for (let round = 1; round <= RUNS; round += 1) {
  for (const { backend, concurrency, key } of configs) {
    measured[key].noop.push(await noop(backend, round, concurrency));
    measured[key].real.push(await real(backend, round, concurrency));
    console.error(
      JSON.stringify({
        round,
        key,
        noop: measured[key].noop.at(-1),
        real: measured[key].real.at(-1),
      }),
    );
  }
}

const summary = [];
for (const { backend, concurrency, key } of configs) {
  const noopRate = summarize(measured[key].noop, 0);
  const realRate = summarize(measured[key].real, 0);
  const label = `${backend === 'postgres' ? 'PostgreSQL' : 'Redis'}, ${concurrency} at once`;
  summary.push(
    {
      metric: `queue ${label}: no-op jobs/s`,
      unit: 'jobs/s',
      ...noopRate,
      target: `≥ ${TARGETS[backend]} jobs/s`,
      met: noopRate.median >= TARGETS[backend],
    },
    {
      metric: `queue ${label}: first-steps jobs/s`,
      unit: 'jobs/s',
      ...realRate,
      floor: noopRate.median,
      ratio: +(realRate.median / noopRate.median).toFixed(2),
      target: `≥ ${TARGETS[backend]} jobs/s`,
      met: realRate.median >= TARGETS[backend],
    },
  );
}
const result = {
  scenario: 'queues',
  title: 'Queues: jobs per second, no-op and first-steps, PostgreSQL and Redis backends',
  ...machine(),
  runs: RUNS,
  noopJobs: NOOP_JOBS,
  realJobs: REAL_JOBS,
  measured,
  summary,
};
const md = [
  `# ${result.title}`,
  '',
  `${result.date}, Node ${result.node}, ${result.cores} cores. ${RUNS} rounds. No-op: ${NOOP_JOBS} jobs added in bulk, one worker running 1 and 4 at once (REQUESTS_WORKER_CONCURRENCY) on each backend, timed from the first job to the last. First steps: ${REAL_JOBS} requests filed through HTTP with no worker running, then a worker process (ROLE=worker, the same concurrency) works them off; the rate is from the requests' processed_at, first to last.`,
  '',
  '| metric | median | min | max | floor | ratio | target | met |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...summary.map(
    (row) =>
      `| ${row.metric} | ${row.median} | ${row.min} | ${row.max} | ${row.floor ?? ''} | ${row.ratio ?? ''} | ${row.target} | ${row.met ? 'yes' : 'no'} |`,
  ),
  '',
].join('\n');
writeResult('queues', result, md);

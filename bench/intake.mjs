// Benchmark 1, intake: autocannon at 100 concurrent connections for 20 s
// against POST /api/v1/records-requests on the built service (a web process
// and a worker process), then against the floor (bare node:http + pg doing
// the same numbered insert), on the same schema in the same round.
//   npm run build && DATABASE_URL=… node bench/intake.mjs   (BENCH_RUNS rounds, default 3;
//   BENCH_DURATION seconds, default 20; BENCH_CONNECTIONS, default 100; BENCH_PORT for the
//   service and BENCH_FLOOR_PORT for the floor, on a machine where other ports are taken;
//   BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the web process)
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';

import autocannon from 'autocannon';
import pg from 'pg';

import {
  machine,
  peakRssMb,
  requireDatabaseUrl,
  runsFromEnv,
  sleep,
  startService,
  startWorker,
  summarize,
  dropSchemas,
  writeResult,
} from './lib/common.mjs';

const RUNS = runsFromEnv(3);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const DATABASE_URL = requireDatabaseUrl();
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** Issue 23: p99 at most twice the floor's p99 in the same round. */
const P99_TARGET_RATIO = 2;
const BODY = JSON.stringify({
  description:
    'Jag begär att få ta del av den individuella utvecklingsplanen för min son i årskurs 5.',
  pupilName: 'Olle Svensson',
  school: 'Almekärrsskolan',
  period: '2025/26',
  delivery: 'electronic',
});

/** Autocannon's result, and the registration number of every 201 it read. */
function load(url, duration) {
  const numbers = [];
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: BODY,
            onResponse: (status, body) => {
              if (status === 201) numbers.push(JSON.parse(body).registrationNumber);
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ ...result, numbers })),
    );
  });
}

/** How many of the 201s' registration numbers have their row (each is unique). */
async function rowsOf(client, schema, numbers) {
  const { rows } = await client.query(
    `select count(*)::int as n from "${schema}".records_request where registration_number = any($1)`,
    [numbers],
  );
  return rows[0].n;
}

function figures(result, rows, rowsOf201s) {
  const created = result.statusCodeStats?.['201']?.count ?? 0;
  return {
    rowsOf201s,
    numbersRead: result.numbers.length,
    requestsPerSecond: +(result.requests.total / result.duration).toFixed(1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    total: result.requests.total,
    created,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rows,
  };
}

async function countRows(client, schema, where = 'true') {
  const { rows } = await client.query(
    `select count(*)::int as n from "${schema}".records_request where ${where}`,
  );
  return rows[0].n;
}

async function startFloor(schema, port) {
  const child = spawn(process.execPath, ['bench/lib/intake-floor.mjs'], {
    env: { ...process.env, FLOOR_SCHEMA: schema, FLOOR_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  return {
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

const client = new pg.Client({ connectionString: DATABASE_URL });
await client.connect();
const rounds = [];
try {
  for (let round = 1; round <= RUNS; round += 1) {
    const service = await startService({
      name: `intake${round}`,
      env: { ROLE: 'web', ...(NODE_ARGS.length > 0 ? { NODE_ARGS } : {}) },
      port: Number(process.env.BENCH_PORT) || undefined,
      keepSchemas: true,
    });
    const worker = await startWorker(service);
    try {
      const url = `${service.base}/api/v1/records-requests`;
      await load(url, 3); // warm-up
      const before = await countRows(client, service.schema);
      const measured = await load(url, DURATION);
      const rows = (await countRows(client, service.schema)) - before;
      const serviceRowsOf201s = await rowsOf(client, service.schema, measured.numbers);
      // Every request's first steps done by the worker: the job behind each 201.
      const drainStarted = performance.now();
      let unprocessed;
      for (let i = 0; i < 600; i += 1) {
        unprocessed = await countRows(client, service.schema, 'processed_at is null');
        if (unprocessed === 0) break;
        await sleep(500);
      }
      const drainSeconds = (performance.now() - drainStarted) / 1000;
      const rss = { webMb: peakRssMb(service.child.pid), workerMb: peakRssMb(worker.child.pid) };
      await worker.stop();
      await service.stop();

      const floorPort = Number(process.env.BENCH_FLOOR_PORT ?? 3990) + round;
      const floor = await startFloor(service.schema, floorPort);
      const floorUrl = `http://127.0.0.1:${floorPort}/`;
      await load(floorUrl, 3);
      const floorBefore = await countRows(client, service.schema);
      const floorMeasured = await load(floorUrl, DURATION);
      const floorRows = (await countRows(client, service.schema)) - floorBefore;
      const floorRowsOf201s = await rowsOf(client, service.schema, floorMeasured.numbers);
      await floor.stop();

      const entry = {
        round,
        service: {
          ...figures(measured, rows, serviceRowsOf201s),
          unprocessed,
          drainSeconds: +drainSeconds.toFixed(1),
          rss,
        },
        floor: figures(floorMeasured, floorRows, floorRowsOf201s),
      };
      rounds.push(entry);
      console.error(JSON.stringify(entry));
    } finally {
      await worker.stop();
      await service.stop();
      await dropSchemas(service.schema, service.queueSchema);
    }
  }
} finally {
  await client.end();
}

const of = (side, key) => summarize(rounds.map((r) => r[side][key]));
const throughput = of('service', 'requestsPerSecond');
const floorThroughput = of('floor', 'requestsPerSecond');
const ratios = summarize(
  rounds.map((r) => r.service.requestsPerSecond / r.floor.requestsPerSecond),
  2,
);
const p99 = of('service', 'p99');
const p99Ratios = summarize(
  rounds.map((r) => r.service.p99 / r.floor.p99),
  2,
);
const p99Met = p99Ratios.median <= P99_TARGET_RATIO;
// Every 201 read has its row; rows beyond the 201s are requests still in flight when the
// load stopped (committed, but the client had stopped reading): at most one per connection,
// for the warm-up's end and the measured run's.
const whole = (side) =>
  side.numbersRead === side.created &&
  side.rowsOf201s === side.created &&
  side.rows - side.created >= 0 &&
  side.rows - side.created <= 2 * CONNECTIONS;
const consistent = rounds.every(
  (r) => whole(r.service) && whole(r.floor) && r.service.unprocessed === 0,
);
const result = {
  scenario: 'intake',
  title: `Intake: POST /api/v1/records-requests, ${CONNECTIONS} connections for ${DURATION} s`,
  ...machine(),
  runs: RUNS,
  connections: CONNECTIONS,
  durationSeconds: DURATION,
  consistent,
  rounds,
  summary: [
    {
      metric: 'intake throughput',
      unit: 'req/s',
      ...throughput,
      floor: floorThroughput.median,
      ratio: ratios.median,
      target: '≥ 50 % of the floor',
      met: ratios.median >= 0.5,
    },
    { metric: 'intake p50', unit: 'ms', ...of('service', 'p50'), floor: of('floor', 'p50').median },
    {
      metric: 'intake p99',
      unit: 'ms',
      ...p99,
      floor: of('floor', 'p99').median,
      ratio: p99Ratios.median,
      target: `≤ ${P99_TARGET_RATIO}× the floor's p99`,
      met: p99Met,
    },
    {
      metric: 'intake: every 201 has its row, every job processed',
      unit: '',
      median: consistent ? 1 : 0,
      target: 'all rounds',
      met: consistent,
    },
  ],
};
const md = [
  `# ${result.title}`,
  '',
  `${result.date}, Node ${result.node}, ${result.cores} cores (${result.cpu}). ${RUNS} rounds; in each, the service (a web and a worker process, PostgreSQL queue backend) and then the floor, on the same schema, each after a 3-s warm-up.`,
  '',
  '| round | service req/s | p50 ms | p99 ms | 201s | their rows | rows in flight at the end | errors | jobs left | floor req/s | floor p50 | floor p99 | ratio | p99 ratio | web RSS MB | worker RSS MB |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rounds.map(
    (r) =>
      `| ${r.round} | ${r.service.requestsPerSecond} | ${r.service.p50} | ${r.service.p99} | ${r.service.created} | ${r.service.rowsOf201s} | ${r.service.rows - r.service.created} | ${r.service.non2xx + r.service.errors} | ${r.service.unprocessed} | ${r.floor.requestsPerSecond} | ${r.floor.p50} | ${r.floor.p99} | ${(r.service.requestsPerSecond / r.floor.requestsPerSecond).toFixed(2)} | ${(r.service.p99 / r.floor.p99).toFixed(2)} | ${r.service.rss.webMb} | ${r.service.rss.workerMb} |`,
  ),
  '',
  `Median: **${throughput.median} req/s** (${throughput.min}–${throughput.max}), ${(ratios.median * 100).toFixed(0)} % of the floor's ${floorThroughput.median} req/s (target ≥ 50 %: ${ratios.median >= 0.5 ? 'met' : 'missed'}); p99 **${p99.median} ms**, ${p99Ratios.median}× the floor's (target ≤ ${P99_TARGET_RATIO}×: ${p99Met ? 'met' : 'missed'}). Every 201 has its row, and every request's first-steps job ran: ${consistent ? 'yes' : 'NO'}.`,
  '',
  'The floor takes the registration number and inserts the request row in one transaction; the service also validates, counts the client address against the rate limit, writes the history event and the audit-chain entry in that transaction, and queues the first-steps job after commit.',
  '',
].join('\n');
writeResult('intake', result, md);
if (!consistent) process.exitCode = 1;

// Benchmark 6, start: cold start to ready (/health/ready answers 200) on an
// external PostgreSQL and on the embedded one — the first start (migrations,
// demo data; for the embedded one also initdb) and a restart on the same
// data — and the peak RSS of the web and the worker process under intake load.
//   npm run build && DATABASE_URL=… node bench/start.mjs   (BENCH_RUNS rounds, default 3)
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';

import {
  BENCH_PASSWORD,
  dropSchemas,
  machine,
  peakRssMb,
  runsFromEnv,
  sleep,
  startService,
  startWorker,
  summarize,
  writeResult,
} from './lib/common.mjs';

const RUNS = runsFromEnv(3);

/** The service on its own embedded PostgreSQL in `dataDir`: ms to ready, then stopped. */
async function embeddedStart(dataDir, port, pgPort) {
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      PORT: String(port),
      DEMO_DATA: 'on',
      DEMO_PASSWORD: BENCH_PASSWORD,
      LOG_LEVEL: 'warn',
      OPS_PORT: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).ok) break;
      } catch {
        /* not yet */
      }
      if (exited) throw new Error('the service on the embedded PostgreSQL did not start');
      await sleep(25);
    }
    return performance.now() - started;
  } finally {
    if (!exited) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}

function load(url, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections: 100,
        duration,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ description: 'Planer för en elev.', delivery: 'electronic' }),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

const measured = {
  externalFirst: [],
  externalRestart: [],
  embeddedFirst: [],
  embeddedRestart: [],
  webRssMb: [],
  workerRssMb: [],
};
for (let round = 1; round <= RUNS; round += 1) {
  // External PostgreSQL: a new schema (migrations and demo data), then a restart on it.
  const first = await startService({ name: `start${round}`, keepSchemas: true, stdio: 'ignore' });
  measured.externalFirst.push(first.readyMs);
  await first.stop();
  const again = await startService({
    name: `start${round}`,
    env: { ROLE: 'web', DATABASE_SCHEMA: first.schema, QUEUE_SCHEMA: first.queueSchema },
    keepSchemas: true,
    stdio: 'ignore',
  });
  measured.externalRestart.push(again.readyMs);
  // Peak RSS: the web process and a worker process while 100 clients file requests for 15 s.
  const worker = await startWorker(again);
  await load(`${again.base}/api/v1/records-requests`, 15);
  await sleep(2000);
  measured.webRssMb.push(peakRssMb(again.child.pid));
  measured.workerRssMb.push(peakRssMb(worker.child.pid));
  await worker.stop();
  await again.stop();
  await dropSchemas(first.schema, first.queueSchema);

  // Embedded PostgreSQL in a new data directory: initdb, migrations, demo data; then a restart.
  const dataDir = mkdtempSync(join(tmpdir(), 'iup-bench-start-'));
  // Run as root, the database runs as the postgres user, who must reach the directory.
  chmodSync(dataDir, 0o755);
  try {
    const port = 3980 + round;
    const pgPort = 55400 + round;
    measured.embeddedFirst.push(await embeddedStart(dataDir, port, pgPort));
    measured.embeddedRestart.push(await embeddedStart(dataDir, port, pgPort));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.error(
    JSON.stringify(Object.fromEntries(Object.entries(measured).map(([k, v]) => [k, v.at(-1)]))),
  );
}

const seconds = (values) =>
  summarize(
    values.map((ms) => ms / 1000),
    2,
  );
const rows = [
  ['cold start, external PostgreSQL, first start (migrations, demo data)', 'externalFirst'],
  ['cold start, external PostgreSQL, restart', 'externalRestart'],
  ['cold start, embedded PostgreSQL, first start (initdb, migrations, demo data)', 'embeddedFirst'],
  ['cold start, embedded PostgreSQL, restart', 'embeddedRestart'],
];
const summary = [
  ...rows.map(([metric, key]) => ({ metric, unit: 's', ...seconds(measured[key]) })),
  {
    metric: 'peak RSS, web process under intake load',
    unit: 'MB',
    ...summarize(measured.webRssMb),
  },
  {
    metric: 'peak RSS, worker process under intake load',
    unit: 'MB',
    ...summarize(measured.workerRssMb),
  },
];
const result = {
  scenario: 'start',
  title: 'Start: cold start to ready, and peak memory under load',
  ...machine(),
  runs: RUNS,
  measured,
  summary,
};
const md = [
  `# ${result.title}`,
  '',
  `${result.date}, Node ${result.node}, ${result.cores} cores. ${RUNS} rounds. Ready = /health/ready answers 200 (database and queue backend reachable), timed from spawning \`node dist/main.js\`. Peak RSS is VmHWM of each process after 100 clients filed requests for 15 s.`,
  '',
  '| metric | median | min | max |',
  '| --- | --- | --- | --- |',
  ...summary.map(
    (row) => `| ${row.metric} | ${row.median} ${row.unit} | ${row.min} | ${row.max} |`,
  ),
  '',
].join('\n');
writeResult('start', result, md);

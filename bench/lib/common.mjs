// Shared by the benchmark scripts: statistics over repeated runs, the built
// service started in a schema of its own, and the report files.
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

import pg from 'pg';

export const RESULTS = new URL('../results/', import.meta.url);

/** Median, spread and the values themselves, rounded for a report. */
export function summarize(values, digits = 1) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => {
    if (sorted.length === 0) return NaN;
    const i = (sorted.length - 1) * p;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
  };
  const round = (v) => +v.toFixed(digits);
  return {
    median: round(at(0.5)),
    min: round(sorted[0]),
    max: round(sorted.at(-1)),
    runs: values.map(round),
  };
}

/** The nearest-rank percentile of already measured latencies. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function machine() {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: +(totalmem() / 2 ** 30).toFixed(1),
  };
}

export function requireDatabaseUrl() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'Set DATABASE_URL to a PostgreSQL the benchmark may create schemas in (npm run bench starts one).',
    );
    process.exit(2);
  }
  return url;
}

export const BENCH_PASSWORD = 'bench-lösenord-2026';

/**
 * The built service (dist/main.js) on its own schemas and port, with demo data;
 * resolves when /health/ready answers. `stop()` ends it and, unless `keep`,
 * drops its schemas.
 */
export async function startService({
  name,
  env = {},
  port,
  keepSchemas = false,
  stdio = 'inherit',
} = {}) {
  const databaseUrl = requireDatabaseUrl();
  const schema = env.DATABASE_SCHEMA ?? `bench_${name}_${process.pid}`;
  const queueSchema = env.QUEUE_SCHEMA ?? `${schema}_queue`;
  const listenPort = port ?? 3900 + (process.pid % 90);
  const base = `http://127.0.0.1:${listenPort}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...(env.NODE_ARGS ?? []), 'dist/main.js'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      QUEUE_SCHEMA: queueSchema,
      QUEUE_PREFIX: schema,
      PORT: String(listenPort),
      DEMO_DATA: 'on',
      DEMO_PASSWORD: BENCH_PASSWORD,
      LOG_LEVEL: 'warn',
      INTAKE_RATE_LIMIT: '100000',
      REDIS_URL: '',
      // Web and worker run side by side here: no operations listener on one shared port.
      OPS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', stdio, 'inherit'],
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (let tries = 0; ; tries += 1) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) break;
    } catch {
      /* not yet */
    }
    if (exited || tries > 1200) throw new Error(`the service (${name}) did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const readyMs = performance.now() - started;
  return {
    base,
    child,
    schema,
    queueSchema,
    readyMs,
    async login(username) {
      const response = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: BENCH_PASSWORD }),
      });
      if (!response.ok) throw new Error(`login ${username}: ${response.status}`);
      return (response.headers.get('set-cookie') ?? '').split(';')[0];
    },
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      if (!keepSchemas) await dropSchemas(schema, queueSchema);
    },
  };
}

export async function dropSchemas(...schemas) {
  const client = new pg.Client({ connectionString: requireDatabaseUrl() });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Writes bench/results/<name>.json and .md. `result.summary` is the list of
 * rows the combined report shows: { metric, unit, median, min, max, floor?,
 * ratio?, target?, met? }.
 */
export function writeResult(name, result, markdown) {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(new URL(`${name}.json`, RESULTS), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(
    new URL(`${name}.md`, RESULTS),
    markdown.endsWith('\n') ? markdown : `${markdown}\n`,
  );
  process.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

export function runsFromEnv(fallback) {
  const runs = Number(process.env.BENCH_RUNS ?? fallback);
  return Number.isInteger(runs) && runs > 0 ? runs : fallback;
}

/** A worker process (ROLE=worker) on a started service's schemas; resolves once it says it runs. */
export async function startWorker(service, env = {}) {
  const child = spawn(process.execPath, [...(env.NODE_ARGS ?? []), 'dist/main.js'], {
    env: {
      ...process.env,
      DATABASE_URL: requireDatabaseUrl(),
      DATABASE_SCHEMA: service.schema,
      QUEUE_SCHEMA: service.queueSchema,
      QUEUE_PREFIX: service.schema,
      ROLE: 'worker',
      DEMO_DATA: 'on',
      DEMO_PASSWORD: BENCH_PASSWORD,
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
      OPS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  await new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      if (seen.includes('Worker running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it ran`)));
  });
  child.stdout.resume();
  return {
    child,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    },
  };
}

/**
 * A process's name and the CPU time (user + system) it has used so far, in seconds, from
 * /proc/<pid>/stat (clock ticks of 1/100 s); null once the process has ended.
 */
export function processCpu(pid) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The name is in parentheses and may itself hold ") ": the fields start after the last one.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return {
    name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    seconds: (Number(fields[11]) + Number(fields[12])) / 100,
  };
}

/** Peak resident set size of a live process (VmHWM), in MB. */
export function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return +(kb / 1024).toFixed(1);
}

/** A scenario's `--name value` from its command line, else the fallback. */
export function option(name, fallback) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1] : fallback;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

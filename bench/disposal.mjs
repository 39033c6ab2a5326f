// Benchmark: 100,000 due records disposed of by the service's own job (the
// archivist's "run now"), while intake requests keep coming; their latency
// meanwhile beside the same load on the idle service, measured in the same run.
//   npm run bench:disposal [-- records]   (builds first; needs DATABASE_URL; writes bench/results/disposal.{md,json})
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

import pg from 'pg';

const RECORDS = Number(process.argv[2] ?? 100_000);
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) {
  console.error('Set DATABASE_URL to a PostgreSQL the benchmark may create a schema in.');
  process.exit(2);
}
const SCHEMA = `bench_disposal_${process.pid}`;
const PORT = 3900 + (process.pid % 90);
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'bench-lösenord-2026';

const client = new pg.Client({ connectionString: DATABASE_URL });
await client.connect();

const service = spawn(process.execPath, ['dist/main.js'], {
  env: {
    ...process.env,
    DATABASE_SCHEMA: SCHEMA,
    QUEUE_SCHEMA: `${SCHEMA}_queue`,
    PORT: String(PORT),
    DEMO_DATA: 'on',
    DEMO_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
    INTAKE_RATE_LIMIT: '100000',
    REDIS_URL: '',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
let exited = false;
service.once('exit', () => {
  exited = true;
});
const stop = async () => {
  if (!exited) {
    service.kill('SIGTERM');
    await new Promise((resolve) => service.once('exit', resolve));
  }
  for (const schema of [SCHEMA, `${SCHEMA}_queue`]) {
    await client.query(`drop schema if exists "${schema}" cascade`);
  }
  await client.end();
};

try {
  for (let tries = 0; ; tries += 1) {
    try {
      if ((await fetch(`${BASE}/health/ready`)).ok) break;
    } catch {
      /* not yet */
    }
    if (exited || tries > 600) throw new Error('the service did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // 100,000 pupils who left compulsory school over three years ago, each with an established plan.
  const seedStart = performance.now();
  await client.query(`set search_path = "${SCHEMA}"`);
  await client.query('begin');
  await client.query(
    `insert into school_unit (id, external_id, name, created_at, updated_at)
     values ('00000000-0000-4000-8000-000000000001', 'bench:unit', 'Bänkskolan', now(), now())`,
  );
  await client.query(
    `insert into person (id, external_id, civic_no, given_name, family_name, security_marking, created_at, updated_at)
     select md5('p' || i)::uuid, 'bench:' || i, '19' || lpad(i::text, 10, '0'), 'Elev', 'Nummer ' || i, 'Ingen', now(), now()
       from generate_series(1, $1) i`,
    [RECORDS],
  );
  await client.query(
    `insert into enrolment (id, person_id, school_unit_id, school_form, school_year, start_date, end_date, updated_at)
     select md5('e' || i)::uuid, md5('p' || i)::uuid, '00000000-0000-4000-8000-000000000001', 'grundskola', 9,
            date '2014-08-15', current_date - interval '3 years 1 day', now()
       from generate_series(1, $1) i`,
    [RECORDS],
  );
  await client.query(
    `insert into plan (id, pupil_id, school_unit_id, period, state, established_version, template, created_at, updated_at)
     select md5('l' || i)::uuid, md5('p' || i)::uuid, '00000000-0000-4000-8000-000000000001', '2022/23', 'established', 1,
            '{}'::jsonb, now(), now()
       from generate_series(1, $1) i`,
    [RECORDS],
  );
  await client.query(
    `insert into public_record (id, registration_number, kind, title, pupil_id, school_unit_id, document_date, registered_at, disposal_date)
     select md5('r' || i)::uuid, 'IUP-2022-' || lpad(i::text, 6, '0'), 'iup', 'Individuell utvecklingsplan 2022/23',
            md5('p' || i)::uuid, '00000000-0000-4000-8000-000000000001', date '2022-10-15', now(), current_date - 1
       from generate_series(1, $1) i`,
    [RECORDS],
  );
  await client.query(
    `insert into plan_version (plan_id, version, content, template, talk_date, established_at, record_id)
     select md5('l' || i)::uuid, 1,
            jsonb_build_object('otherDevelopment', repeat('Eleven arbetar bra och tar ansvar. ', 20)),
            '{}'::jsonb, date '2022-10-15', now(), md5('r' || i)::uuid
       from generate_series(1, $1) i`,
    [RECORDS],
  );
  await client.query('commit');
  await client.query('analyze');
  const seedMs = performance.now() - seedStart;

  /** Intake requests from `concurrency` clients for `ms`: each latency. */
  const intake = async (ms, concurrency = 4) => {
    const latencies = [];
    let errors = 0;
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          const response = await fetch(`${BASE}/api/v1/records-requests`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ description: 'Planer för en elev.', delivery: 'electronic' }),
          });
          await response.arrayBuffer();
          latencies.push(performance.now() - started);
          if (response.status !== 201) errors += 1;
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const at = (p) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    return { requests: latencies.length, errors, p50: at(50), p95: at(95), p99: at(99) };
  };

  const idle = await intake(10_000);

  const login = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'arkivarie', password: PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const remaining = async () =>
    Number(
      (
        await client.query(
          "select count(*)::int as count from public_record where registration_number like 'IUP-2022-%'",
        )
      ).rows[0].count,
    );
  const started = performance.now();
  const run = await fetch(`${BASE}/api/v1/retention/run`, { method: 'POST', headers: { cookie } });
  if (run.status !== 202) throw new Error(`run: ${run.status} ${await run.text()}`);
  let finishedMs = null;
  const watcher = (async () => {
    while ((await remaining()) > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    finishedMs = performance.now() - started;
  })();
  const meanwhile = [];
  while (finishedMs === null) meanwhile.push(await intake(5_000));
  await watcher;
  const during = meanwhile.reduce(
    (all, part) => ({
      requests: all.requests + part.requests,
      errors: all.errors + part.errors,
      p95: Math.max(all.p95, part.p95),
      p50: Math.max(all.p50, part.p50),
      p99: Math.max(all.p99, part.p99),
    }),
    { requests: 0, errors: 0, p50: 0, p95: 0, p99: 0 },
  );
  const [log] = (
    await client.query(
      "select count(*)::int as batches, sum((counts->>'records')::int)::int as records from disposal_log where rule = 'plans'",
    )
  ).rows;
  const leftOver = (
    await client.query(
      "select count(*)::int as count from plan_version where plan_id in (select md5('l' || i)::uuid from generate_series(1, $1) i)",
      [RECORDS],
    )
  ).rows[0].count;

  const result = {
    date: new Date().toISOString(),
    cores: cpus().length,
    records: RECORDS,
    seedSeconds: +(seedMs / 1000).toFixed(1),
    disposalSeconds: +(finishedMs / 1000).toFixed(1),
    batches: log.batches,
    recordsLogged: log.records,
    versionsLeft: leftOver,
    intakeIdle: idle,
    intakeDuringDisposal: during,
    p95Ratio: +(during.p95 / idle.p95).toFixed(2),
    note: 'intake: 4 sequential clients POSTing /api/v1/records-requests; "during" is the worst 5-second window while the disposal ran',
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/disposal.json', `${JSON.stringify(result, null, 2)}\n`);
  const ms = (v) => `${v.toFixed(1)} ms`;
  writeFileSync(
    'bench/results/disposal.md',
    [
      `# Disposal of ${RECORDS.toLocaleString('en')} due records`,
      '',
      `${result.date}, ${result.cores} cores. Seeded in ${result.seedSeconds} s.`,
      '',
      `- Disposed in **${result.disposalSeconds} s** in ${result.batches} batches (${result.recordsLogged} records logged, ${result.versionsLeft} versions left).`,
      `- Intake idle: ${idle.requests} requests, p50 ${ms(idle.p50)}, p95 ${ms(idle.p95)}, p99 ${ms(idle.p99)}, ${idle.errors} errors.`,
      `- Intake during disposal (worst 5-s window): ${during.requests} requests, p50 ${ms(during.p50)}, p95 ${ms(during.p95)}, p99 ${ms(during.p99)}, ${during.errors} errors.`,
      `- p95 during / idle: **${result.p95Ratio}×**.`,
      '',
    ].join('\n'),
  );
  console.log(JSON.stringify(result, null, 2));
} finally {
  await stop();
}

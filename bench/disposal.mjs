// Benchmark: 100,000 due records disposed of by the service's own job (the
// archivist's "run now"), while intake requests keep coming; their latency
// meanwhile beside the same load on the idle service, measured in the same run.
//   npm run bench:disposal [-- records]   (builds first; needs DATABASE_URL; writes bench/results/disposal.{md,json})
//   BENCH_RUNS=3 repeats the run (each on a fresh service and 100,000 fresh records).
//   BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the service.
import { performance } from 'node:perf_hooks';

import pg from 'pg';

import {
  machine,
  requireDatabaseUrl,
  runsFromEnv,
  startService,
  summarize,
  writeResult,
} from './lib/common.mjs';
import { intake as intakeLoad, latency as latencyOf } from './lib/intake-load.mjs';

const RECORDS = Number(process.argv[2] ?? 100_000);
const RUNS = runsFromEnv(1);
const CLIENTS = 4;
const IDLE_MS = 10_000;
const WINDOW_MS = 5_000;
const TIMEOUT_MS = 10 * 60_000;
const STALL_MS = 60_000;
const TARGET_SECONDS = 60;
const TARGET_RATIO = 2;
const DATABASE_URL = requireDatabaseUrl();
const intake = (base, t0) => intakeLoad(base, t0, CLIENTS);
const latency = (samples, windows = false) => latencyOf(samples, windows ? WINDOW_MS : 0);
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** 100,000 pupils who left compulsory school over three years ago, each with an established plan. */
async function seed(client) {
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
  // This schema's tables only: a bare ANALYZE would visit (and wait on) every schema in the database.
  await client.query('analyze school_unit, person, enrolment, plan, public_record, plan_version');
}

async function oneRun(index) {
  const service = await startService({
    name: 'disposal',
    env: NODE_ARGS.length ? { NODE_ARGS } : {},
  });
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`set search_path = "${service.schema}"`);
    const seedStart = performance.now();
    await seed(client);
    const seedMs = performance.now() - seedStart;

    const idleLoad = intake(service.base, performance.now());
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idle = latency(await idleLoad.stop());

    const cookie = await service.login('arkivarie');
    const remaining = async () =>
      (
        await client.query(
          "select count(*)::int as count from public_record where registration_number like 'IUP-2022-%'",
        )
      ).rows[0].count;
    const started = performance.now();
    const load = intake(service.base, started);
    const run = await fetch(`${service.base}/api/v1/retention/run`, {
      method: 'POST',
      headers: { cookie },
    });
    if (run.status !== 202) throw new Error(`run: ${run.status} ${await run.text()}`);
    // Until every record is gone, or nothing has gone for STALL_MS (a failed job), or TIMEOUT_MS.
    let left = RECORDS;
    let progressAt = started;
    for (;;) {
      const now = await remaining();
      if (now < left) progressAt = performance.now();
      left = now;
      if (left === 0 || performance.now() - progressAt > STALL_MS) break;
      if (performance.now() - started > TIMEOUT_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const finishedMs = performance.now() - started;
    // Only what was asked while the disposal ran.
    const during = latency(
      (await load.stop()).filter((sample) => sample.at < finishedMs),
      true,
    );

    const [log] = (
      await client.query(
        `select count(*)::int as batches, coalesce(sum((counts->>'records')::int), 0)::int as records,
                coalesce(sum((counts->>'planVersions')::int), 0)::int as versions,
                coalesce(sum((counts->>'plans')::int), 0)::int as plans
           from disposal_log where rule = 'plans'`,
      )
    ).rows;
    const [audit] = (
      await client.query(
        `select count(*)::int as entries, coalesce(sum((details->>'records')::int), 0)::int as records
           from audit_entry where action = 'retention.disposed'`,
      )
    ).rows;
    const [left2] = (
      await client.query(
        `select (select count(*)::int from plan_version where plan_id in
                   (select md5('l' || i)::uuid from generate_series(1, $1) i)) as versions,
                (select count(*)::int from plan where id in
                   (select md5('l' || i)::uuid from generate_series(1, $1) i)) as plans,
                (select count(*)::int from disposal_log l, unnest(l.registration_numbers) n
                  where n like '19%' or n like '%Nummer%') as personal`,
        [RECORDS],
      )
    ).rows;
    const detail = {
      run: index + 1,
      seedSeconds: +(seedMs / 1000).toFixed(1),
      disposalSeconds: +(finishedMs / 1000).toFixed(1),
      recordsLeft: left,
      batches: log.batches,
      recordsLogged: log.records,
      versionsLogged: log.versions,
      plansLogged: log.plans,
      auditEntries: audit.entries,
      recordsAudited: audit.records,
      versionsLeft: left2.versions,
      plansLeft: left2.plans,
      personalDataInLog: left2.personal,
      intakeIdle: idle,
      intakeDuringDisposal: during,
      p95Ratio: +(during.p95 / idle.p95).toFixed(2),
    };
    const problems = [];
    if (left > 0) {
      problems.push(
        `${left} records left after ${detail.disposalSeconds} s (see the service's log)`,
      );
    }
    if (left2.versions > 0) problems.push(`${left2.versions} plan versions left`);
    if (left2.plans > 0) problems.push(`${left2.plans} plans left`);
    if (log.records < RECORDS) problems.push(`only ${log.records} records logged`);
    if (audit.records !== log.records) {
      problems.push(`audit counts ${audit.records} records, the log ${log.records}`);
    }
    if (left2.personal > 0) problems.push('personal data in the disposal log');
    if (idle.errors + during.errors > 0) {
      problems.push(`${idle.errors + during.errors} intake errors`);
    }
    if (idle.requests === 0 || during.requests === 0) problems.push('no intake measured');
    detail.problems = problems;
    console.error(`run ${index + 1}: ${JSON.stringify(detail)}`);
    return detail;
  } finally {
    await client.end();
    await service.stop();
  }
}

const runs = [];
for (let i = 0; i < RUNS; i += 1) runs.push(await oneRun(i));

const seconds = summarize(runs.map((run) => run.disposalSeconds));
const idleP95 = summarize(runs.map((run) => run.intakeIdle.p95));
const duringP95 = summarize(runs.map((run) => run.intakeDuringDisposal.p95));
const ratio = summarize(
  runs.map((run) => run.p95Ratio),
  2,
);
const label = RECORDS.toLocaleString('en');
const summary = [
  {
    metric: `disposal of ${label} records`,
    unit: 's',
    ...seconds,
    target: `< ${TARGET_SECONDS} s`,
    met: seconds.median < TARGET_SECONDS,
  },
  {
    metric: 'intake p95, idle (floor)',
    unit: 'ms',
    ...idleP95,
  },
  {
    metric: 'intake p95 during disposal',
    unit: 'ms',
    ...duringP95,
    floor: idleP95.median,
  },
  {
    metric: 'intake p95 during disposal / idle',
    unit: '×',
    ...ratio,
    ratio: ratio.median,
    target: `< ${TARGET_RATIO}×`,
    met: ratio.median < TARGET_RATIO,
  },
];
const problems = runs.flatMap((run) => run.problems.map((problem) => `run ${run.run}: ${problem}`));
const result = {
  scenario: 'disposal',
  title: `Disposal of ${label} due records while intake keeps answering`,
  ...machine(),
  records: RECORDS,
  runs: RUNS,
  batchSize: Number(process.env.RETENTION_BATCH_SIZE ?? 500),
  summary,
  detail: runs,
  problems,
  note:
    `intake: ${CLIENTS} sequential clients POSTing /api/v1/records-requests, ${IDLE_MS / 1000} s on the idle service ` +
    '(100,000 records in place), then from "run now" until the last record is gone; p95 over all requests of each ' +
    `period (worstWindowP95: the worst ${WINDOW_MS / 1000}-s slice during disposal, for reference)`,
};
const cell = (row) => `${row.median} ${row.unit}${RUNS > 1 ? ` (${row.min}–${row.max})` : ''}`;
const markdown = [
  `# ${result.title}`,
  '',
  `${result.date}, ${result.cores} × ${result.cpu}, Node ${result.node}; ${RUNS} run(s), medians (min–max).`,
  '',
  '| metric | value | target | met |',
  '| --- | --- | --- | --- |',
  ...summary.map(
    (row) =>
      `| ${row.metric} | ${cell(row)} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : 'no'} |`,
  ),
  '',
  ...runs.map(
    (run) =>
      `- Run ${run.run}: seeded in ${run.seedSeconds} s; disposed in ${run.disposalSeconds} s in ${run.batches} batches ` +
      `(${run.recordsLogged} records, ${run.versionsLogged} versions, ${run.plansLogged} plans logged; ` +
      `${run.versionsLeft} versions and ${run.plansLeft} plans left). Intake idle ${run.intakeIdle.requests} requests, ` +
      `p50/p95/p99 ${run.intakeIdle.p50}/${run.intakeIdle.p95}/${run.intakeIdle.p99} ms; during ${run.intakeDuringDisposal.requests} requests, ` +
      `p50/p95/p99 ${run.intakeDuringDisposal.p50}/${run.intakeDuringDisposal.p95}/${run.intakeDuringDisposal.p99} ms ` +
      `(worst 5-s p95 ${run.intakeDuringDisposal.worstWindowP95} ms); ${run.intakeIdle.errors + run.intakeDuringDisposal.errors} errors.`,
  ),
  '',
  problems.length
    ? `**Problems:** ${problems.join('; ')}`
    : 'No problems: every record, version and plan gone, all logged and audited, no intake errors.',
  '',
  `_${result.note}._`,
].join('\n');
writeResult('disposal', result, markdown);
if (problems.length > 0) process.exit(1);

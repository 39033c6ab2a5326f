// Benchmark: national scale, simulated. All of Sweden's compulsory school, 1,100,000 pupils
// and 11,000,000 records (and as many requests for records as pupils), seeded into the
// schema of the built service; then
//   1. the disk it takes: the database and each table (heap, indexes, TOAST), per pupil;
//   2. the reviewer's queue pages (first and deep, open and all; page and API), p95 beside the
//      same SQL through pg in the same run;
//   3. a year's leavers (the pupils in year 9, who left school RETENTION_YEARS ago) disposed of
//      by the service's own job (the archivist's "run now"), while intake requests keep coming;
//      intake's p95 meanwhile beside the same load on the idle service, measured in the same run;
//   4. the disk projected to ten years (what the projection assumes is written beside it).
//
//   npm run bench:national-scale [-- --pupils 1100000]   (builds first; needs DATABASE_URL,
//   best a database of its own: at 1.1 M pupils the schema takes tens of GB; writes
//   bench/results/national-scale.{md,json}; BENCH_RUNS rounds of the queue, default 2)
import { performance } from 'node:perf_hooks';

import { readFileSync, writeFileSync } from 'node:fs';

import pg from 'pg';

import { stockholmToday } from '../dist/common/stockholm.js';
import {
  dropSchemas,
  machine,
  RESULTS,
  requireDatabaseUrl,
  runsFromEnv,
  sleep,
  startService,
  writeResult,
  option,
} from './lib/common.mjs';
import { intake, latency } from './lib/intake-load.mjs';
import { measureQueue } from './reviewer-queue.mjs';
import { seedScale } from './seed-scale.mjs';

const PUPILS = Number(option('pupils', '1100000'));
const RECORDS_PER_PUPIL = 10;
const QUEUE_ROUNDS = runsFromEnv(2);
const QUEUE_REQUESTS = Number(option('queue-requests', '100'));
const CLIENTS = 4;
const IDLE_MS = 30_000;
const WINDOW_MS = 10_000;
const POLL_MS = 2_000;
const STALL_MS = 120_000;
const TIMEOUT_MS = 90 * 60_000;
const YEARS_AFTER_LEAVING = 3;
const TARGET_DISPOSAL_SECONDS = 3600;
const TARGET_RATIO = 2;
const PORT = Number(option('port', String(3950 + (process.pid % 10))));

const gb = (bytes) => +(bytes / 2 ** 30).toFixed(2);
const kb = (bytes) => +(bytes / 1024).toFixed(1);

/** The database's size and each table's of the schema (heap, indexes, TOAST), largest first. */
async function diskUse(client, schema) {
  const [{ database }] = (
    await client.query('select pg_database_size(current_database())::bigint as database')
  ).rows;
  const { rows } = await client.query(
    `select c.relname as table, c.reltuples::bigint as rows,
            pg_total_relation_size(c.oid)::bigint as total, pg_relation_size(c.oid)::bigint as heap,
            pg_indexes_size(c.oid)::bigint as indexes,
            coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0)::bigint as toast
       from pg_class c
      where c.relnamespace = $1::regnamespace and c.relkind in ('r', 'p')
      order by pg_total_relation_size(c.oid) desc`,
    [client.escapeIdentifier(schema)],
  );
  const tables = rows.map((row) => ({
    table: row.table,
    rows: Number(row.rows),
    total: Number(row.total),
    heap: Number(row.heap),
    indexes: Number(row.indexes),
    toast: Number(row.toast),
  }));
  return {
    database: Number(database),
    schema: tables.reduce((sum, t) => sum + t.total, 0),
    tables,
  };
}

const PLAN_TABLES = ['public_record', 'plan_version', 'plan'];
const REQUEST_TABLES = [
  'records_request',
  'records_request_item',
  'records_request_event',
  'staff_notification',
];

/**
 * Ten years on, with the service's rules: a pupil's plans and records stay while they are in
 * school and RETENTION_YEARS after (so three cohorts of leavers beside those in school, each
 * the size of the one disposed of here), requests stay ten years after they closed (the seed
 * holds about two years of them), the directory holds the pupils in school and, until their
 * person is disposed of, the leavers. Audit entries are not seeded and are left out.
 */
function projectTenYears(disk, { pupils, leaverRecordShare, leaverShare }) {
  const part = (names) =>
    disk.tables.filter((t) => names.includes(t.table)).reduce((sum, t) => sum + t.total, 0);
  const plans = part(PLAN_TABLES);
  const requests = part(REQUEST_TABLES);
  const rest = disk.schema - plans - requests;
  const projected = {
    plans: plans * (1 + YEARS_AFTER_LEAVING * leaverRecordShare),
    requests: requests * 5,
    directoryAndRest: rest * (1 + YEARS_AFTER_LEAVING * leaverShare),
  };
  const total = projected.plans + projected.requests + projected.directoryAndRest;
  return {
    now: { plans, requests, directoryAndRest: rest, total: disk.schema },
    tenYears: { ...projected, total },
    perPupilNowKb: kb(disk.schema / pupils),
    perPupilTenYearsKb: kb(total / pupils),
    assumptions:
      `plans, versions and records × (1 + ${YEARS_AFTER_LEAVING} × the share of records a cohort of leavers holds, ` +
      `${(leaverRecordShare * 100).toFixed(1)} %); requests × 5 (kept 10 years, the seed holds about 2); ` +
      `directory and the rest × (1 + ${YEARS_AFTER_LEAVING} × the share of pupils who leave a year, ` +
      `${(leaverShare * 100).toFixed(1)} %); audit entries not seeded, left out; pupils as many as today`,
  };
}

/** The seed of an earlier run, read back from a schema `--seeded` names (its figures from its report). */
async function earlierSeed(client) {
  const earlier = JSON.parse(readFileSync(new URL('national-scale.seed.json', RESULTS), 'utf8'));
  const [{ records }] = (await client.query('select count(*)::int as records from public_record'))
    .rows;
  return { ...earlier, counts: { ...earlier.counts, records } };
}

async function main() {
  const databaseUrl = requireDatabaseUrl();
  // `--seeded SCHEMA`: measure on a schema an earlier run seeded and kept (it keeps it when a
  // step after the seed fails), instead of seeding for half an hour again.
  const seeded = option('seeded', null);
  const service = await startService({
    name: 'national',
    port: PORT,
    keepSchemas: true,
    env: { DATABASE_SCHEMA: seeded ?? `bench_national_${process.pid}`, RETENTION_HOUR: '12' },
  });
  // Stopped from outside (a run that would not finish in time): the service goes too.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      service.child.kill('SIGTERM');
      process.exit(1);
    });
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let failed = true;
  try {
    let seed;
    if (seeded) {
      await client.query(`set search_path = ${client.escapeIdentifier(service.schema)}`);
      seed = await earlierSeed(client);
    } else {
      console.log(`Seeding ${PUPILS.toLocaleString('en')} pupils into ${service.schema} …`);
      seed = await seedScale({
        databaseUrl,
        schema: service.schema,
        pupils: PUPILS,
        recordsPerPupil: RECORDS_PER_PUPIL,
      });
      writeFileSync(
        new URL('national-scale.seed.json', RESULTS),
        `${JSON.stringify({ pupils: PUPILS, ...seed }, null, 2)}\n`,
      );
      console.log(
        `Seeded in ${(seed.totalMs / 1000).toFixed(0)} s: ${JSON.stringify(seed.counts)}`,
      );
    }
    await client.query(`set search_path = ${client.escapeIdentifier(service.schema)}`);
    const diskSeeded = await diskUse(client, service.schema);
    // What is measured so far, step by step, for a run that is stopped before its end.
    const partial = { pupils: PUPILS, seed, diskSeeded };
    const savePartial = () =>
      writeFileSync(
        new URL('national-scale.partial.json', RESULTS),
        `${JSON.stringify({ ...machine(), ...partial }, null, 2)}\n`,
      );
    savePartial();
    console.log(
      `Disk: database ${gb(diskSeeded.database)} GB, schema ${gb(diskSeeded.schema)} GB, ` +
        `${kb(diskSeeded.schema / PUPILS)} kB per pupil`,
    );

    // 2. The reviewer's queue.
    const cookie = await service.login('granskare');
    const [{ id: reviewerId }] = (
      await client.query("select id from account where username = 'granskare'")
    ).rows;
    const queue = await measureQueue({
      base: service.base,
      cookie,
      client,
      reviewerId,
      rounds: QUEUE_ROUNDS,
      requestsPerRound: QUEUE_REQUESTS,
    });

    partial.queue = { summary: queue.summary, rounds: queue.rounds };
    savePartial();

    // 3. A year's leavers: the seeded pupils in year 9 left school RETENTION_YEARS and a day ago;
    //    their records' disposal date is worked out as the service does (the directory's rule).
    const today = stockholmToday(new Date());
    const marked = performance.now();
    // (Where an earlier, failed run marked them already, the same pupils again.)
    const [{ leftOn }] = (
      await client.query(
        `select ((date '${today}' - make_interval(years => ${YEARS_AFTER_LEAVING}))::date - 1)::text as "leftOn"`,
      )
    ).rows;
    await client.query('begin');
    await client.query(
      `create temp table bench_leaver on commit drop as
       select e.id as enrolment_id, e.person_id from enrolment e join person p on p.id = e.person_id
        where p.external_id like 'scale:%:pupil:%' and e.school_year = 9
          and (e.end_date is null or e.end_date = $1)`,
      [leftOn],
    );
    const { rowCount: leavers } = await client.query(
      `update enrolment e set end_date = $1 from bench_leaver l where l.enrolment_id = e.id`,
      [leftOn],
    );
    const { rowCount: dueRecords } = await client.query(
      `update public_record r set disposal_date = date '${today}' - 1
         from bench_leaver l where l.person_id = r.pupil_id`,
    );
    await client.query('commit');
    await client.query('vacuum (analyze) public_record, enrolment');
    const markMs = performance.now() - marked;
    const [{ heldByRequests, drafts }] = (
      await client.query(
        `select (select count(*)::int from public_record r
                  where r.disposal_date <= $1
                    and exists (select 1 from records_request_item i join records_request q on q.id = i.request_id
                                 where i.record_id = r.id and q.status <> 'delivered')) as "heldByRequests",
                (select count(*)::int from plan p join enrolment e on e.person_id = p.pupil_id
                  where e.school_year = 9 and e.end_date < $1
                    and not exists (select 1 from plan_version v where v.plan_id = p.id)) as drafts`,
        [today],
      )
    ).rows;
    console.log(
      `${leavers} leavers, ${dueRecords} records due (${heldByRequests} named in open requests), ` +
        `${drafts} drafts; marked in ${(markMs / 1000).toFixed(0)} s`,
    );
    const diskBefore = await diskUse(client, service.schema);
    partial.leavers = { leavers, dueRecords, heldByRequests, drafts, markMs, diskBefore };
    savePartial();

    const idleLoad = intake(service.base, performance.now(), CLIENTS);
    await sleep(IDLE_MS);
    const idle = latency(await idleLoad.stop());

    const archivist = await service.login('arkivarie');
    const remaining = async () =>
      (
        await client.query(
          'select count(*)::int as count from public_record where disposal_date <= $1',
          [today],
        )
      ).rows[0].count;
    const [{ startedAt }] = (await client.query('select now() as "startedAt"')).rows;
    const started = performance.now();
    const load = intake(service.base, started, CLIENTS);
    const run = await fetch(`${service.base}/api/v1/retention/run`, {
      method: 'POST',
      headers: { cookie: archivist },
    });
    if (run.status !== 202) throw new Error(`run: ${run.status} ${await run.text()}`);
    let left = dueRecords;
    let progressAt = started;
    const progress = [];
    for (;;) {
      await sleep(POLL_MS);
      const now = await remaining();
      if (now < left) progressAt = performance.now();
      left = now;
      const elapsed = performance.now() - started;
      if (progress.length === 0 || elapsed - progress.at(-1).at >= 60_000) {
        progress.push({ at: Math.round(elapsed), left });
        partial.disposalProgress = progress;
        savePartial();
        console.log(`  ${(elapsed / 1000).toFixed(0)} s: ${left} due records left`);
      }
      if (left <= heldByRequests && performance.now() - progressAt > 10_000) break;
      if (performance.now() - progressAt > STALL_MS || elapsed > TIMEOUT_MS) break;
    }
    // The run ends with its last batch (drafts after records): its log entry's time.
    const [{ lastMs, batches, records, versions, plans }] = (
      await client.query(
        `select (extract(epoch from max(occurred_at) - $1) * 1000)::float8 as "lastMs",
                count(*)::int as batches, coalesce(sum((counts->>'records')::int), 0)::int as records,
                coalesce(sum((counts->>'planVersions')::int), 0)::int as versions,
                coalesce(sum((counts->>'plans')::int), 0)::int as plans
           from disposal_log where occurred_at >= $1`,
        [startedAt],
      )
    ).rows;
    const finishedMs = lastMs ?? performance.now() - started;
    const during = latency(
      (await load.stop()).filter((sample) => sample.at < finishedMs),
      WINDOW_MS,
    );
    const [{ leftNotNamed, audited }] = (
      await client.query(
        `select (select count(*)::int from public_record r where r.disposal_date <= $1
                  and not exists (select 1 from records_request_item i where i.record_id = r.id)
                  and not exists (select 1 from retention_hold h where h.record_id = r.id and h.lifted_at is null))
                  as "leftNotNamed",
                (select coalesce(sum((details->>'records')::int), 0)::int from audit_entry
                  where action = 'retention.disposed' and occurred_at >= $2) as audited`,
        [today, startedAt],
      )
    ).rows;
    const diskAfter = await diskUse(client, service.schema);

    const disposal = {
      leavers,
      dueRecords,
      heldByRequests,
      drafts,
      markSeconds: +(markMs / 1000).toFixed(1),
      seconds: +(finishedMs / 1000).toFixed(1),
      recordsLeft: left,
      leftNotNamedInAnyRequest: leftNotNamed,
      batches,
      recordsLogged: records,
      versionsLogged: versions,
      plansLogged: plans,
      recordsAudited: audited,
      recordsPerSecond: Math.round(records / (finishedMs / 1000)),
      progress,
      intakeIdle: idle,
      intakeDuring: during,
      p95Ratio: +(during.p95 / idle.p95).toFixed(2),
    };
    const problems = [];
    if (leftNotNamed > 0) problems.push(`${leftNotNamed} due records left that no request names`);
    if (audited !== records) problems.push(`audit counts ${audited} records, the log ${records}`);
    if (idle.errors + during.errors > 0)
      problems.push(`${idle.errors + during.errors} intake errors`);

    const projection = projectTenYears(diskSeeded, {
      pupils: PUPILS,
      leaverRecordShare: dueRecords / seed.counts.records,
      leaverShare: leavers / PUPILS,
    });

    const queueRows = queue.summary;
    const summary = [
      {
        metric: `seed ${PUPILS.toLocaleString('en')} pupils, ${seed.counts.records.toLocaleString('en')} records`,
        unit: 's',
        median: +(seed.totalMs / 1000).toFixed(0),
      },
      { metric: 'database size after the seed', unit: 'GB', median: gb(diskSeeded.database) },
      { metric: 'disk per pupil (schema)', unit: 'kB', median: projection.perPupilNowKb },
      {
        metric: 'disk per pupil in ten years (projected)',
        unit: 'kB',
        median: projection.perPupilTenYearsKb,
      },
      ...queueRows,
      {
        metric: `disposal of a year's leavers (${leavers.toLocaleString('en')} pupils, ${records.toLocaleString('en')} records)`,
        unit: 's',
        median: disposal.seconds,
        target: `< ${TARGET_DISPOSAL_SECONDS} s`,
        met: disposal.seconds < TARGET_DISPOSAL_SECONDS && leftNotNamed === 0,
      },
      { metric: 'intake p95, idle (floor)', unit: 'ms', median: idle.p95 },
      {
        metric: 'intake p95 during disposal',
        unit: 'ms',
        median: during.p95,
        floor: idle.p95,
        ratio: disposal.p95Ratio,
        target: `≤ ${TARGET_RATIO}× idle`,
        met: disposal.p95Ratio <= TARGET_RATIO,
      },
    ];
    const result = {
      scenario: 'national-scale',
      title: `National scale (simulated): ${PUPILS.toLocaleString('en')} pupils, ${seed.counts.records.toLocaleString('en')} records`,
      ...machine(),
      pupils: PUPILS,
      seed: {
        totalMs: seed.totalMs,
        backendCpuMs: seed.backendCpuMs,
        steps: seed.steps,
        counts: seed.counts,
      },
      disk: { seeded: diskSeeded, beforeDisposal: diskBefore, afterDisposal: diskAfter },
      projection,
      queue: {
        rounds: QUEUE_ROUNDS,
        requestsPerRound: QUEUE_REQUESTS,
        deep: queue.deep,
        followedKeyset: queue.followed,
        perRound: queue.rounds,
        plans: queue.plans,
      },
      disposal,
      summary,
      problems,
      note:
        `queue: one sequential client, ${QUEUE_REQUESTS} requests per target and round after 30 warm-up, ` +
        `${QUEUE_ROUNDS} rounds, beside the same SQL through pg interleaved; intake: ${CLIENTS} sequential clients ` +
        `POSTing /api/v1/records-requests, ${IDLE_MS / 1000} s on the idle service, then from "run now" until the ` +
        `run's last batch (the time of its last disposal-log entry); worstWindowP95 is the worst ${WINDOW_MS / 1000}-s slice`,
    };
    writeResult('national-scale', result, markdown(result));
    if (problems.length > 0) process.exitCode = 1;
    failed = false;
  } finally {
    await client.end();
    await service.stop();
    if (failed) {
      console.error(
        `Kept schema ${service.schema}: run again with --seeded ${service.schema}, or drop it.`,
      );
    } else {
      await dropSchemas(service.schema, service.queueSchema);
    }
  }
}

function markdown(result) {
  const seconds = (ms) => (ms / 1000).toFixed(1);
  const { disposal: d, projection: p } = result;
  const lines = [
    `# ${result.title}`,
    '',
    `${result.date}, ${result.cores} cores (${result.cpu}), ${result.memoryGb} GB, Node ${result.node}.`,
    '',
    '| metric | value | floor (same run) | ratio | target | met |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    ...result.summary.map(
      (row) =>
        `| ${row.metric} | ${row.median} ${row.unit}${row.min !== undefined && row.min !== row.max ? ` (${row.min}–${row.max})` : ''} | ${row.floor ?? ''} | ${row.ratio === undefined ? '' : `${row.ratio}×`} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : '**no**'} |`,
    ),
    '',
    `## Seed: ${seconds(result.seed.totalMs)} s`,
    '',
    Object.entries(result.seed.counts)
      .map(([name, count]) => `${count.toLocaleString('en')} ${name}`)
      .join(', ') + '.',
    '',
    '| step | rows | s |',
    '| --- | ---: | ---: |',
    ...result.seed.steps.map(
      (s) => `| ${s.table} | ${s.rows.toLocaleString('en')} | ${seconds(s.ms)} |`,
    ),
    '',
    `## Disk after the seed: database ${gb(result.disk.seeded.database)} GB, schema ${gb(result.disk.seeded.schema)} GB`,
    '',
    '| table | rows | total MB | heap MB | indexes MB | TOAST MB | bytes per pupil |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.disk.seeded.tables
      .filter((t) => t.total >= 1024 * 1024)
      .map(
        (t) =>
          `| ${t.table} | ${t.rows.toLocaleString('en')} | ${(t.total / 2 ** 20).toFixed(0)} | ${(t.heap / 2 ** 20).toFixed(0)} | ${(t.indexes / 2 ** 20).toFixed(0)} | ${(t.toast / 2 ** 20).toFixed(0)} | ${Math.round(t.total / result.pupils)} |`,
      ),
    '',
    `Before the disposal (after marking the leavers and a VACUUM of public_record): database ${gb(result.disk.beforeDisposal.database)} GB; ` +
      `after it: ${gb(result.disk.afterDisposal.database)} GB (deleted rows leave space PostgreSQL reuses, not returned to the file system).`,
    '',
    `## Ten years: ${gb(p.tenYears.total)} GB, ${p.perPupilTenYearsKb} kB per pupil (now ${gb(p.now.total)} GB, ${p.perPupilNowKb} kB)`,
    '',
    `Plans and records ${gb(p.now.plans)} → ${gb(p.tenYears.plans)} GB, requests ${gb(p.now.requests)} → ${gb(p.tenYears.requests)} GB, ` +
      `directory and the rest ${gb(p.now.directoryAndRest)} → ${gb(p.tenYears.directoryAndRest)} GB. Assumed: ${p.assumptions}.`,
    '',
    `## Disposal of a year's leavers`,
    '',
    `${d.leavers.toLocaleString('en')} pupils in year 9 made leavers of ${YEARS_AFTER_LEAVING} years and a day ago ` +
      `(${d.markSeconds} s): ${d.dueRecords.toLocaleString('en')} records due, ${d.heldByRequests.toLocaleString('en')} of them named in open requests, ` +
      `${d.drafts.toLocaleString('en')} drafts. The run took **${d.seconds} s** in ${d.batches} batches ` +
      `(${d.recordsLogged.toLocaleString('en')} records, ${d.versionsLogged.toLocaleString('en')} versions, ${d.plansLogged.toLocaleString('en')} plans logged; ` +
      `${d.recordsAudited.toLocaleString('en')} records audited; ${d.recordsPerSecond} records/s); ` +
      `${d.recordsLeft.toLocaleString('en')} due records left, ${d.leftNotNamedInAnyRequest} of them named in no request.`,
    '',
    `Intake idle: ${d.intakeIdle.requests} requests, p50/p95/p99 ${d.intakeIdle.p50}/${d.intakeIdle.p95}/${d.intakeIdle.p99} ms; ` +
      `during: ${d.intakeDuring.requests} requests, p50/p95/p99 ${d.intakeDuring.p50}/${d.intakeDuring.p95}/${d.intakeDuring.p99} ms ` +
      `(worst ${WINDOW_MS / 1000}-s p95 ${d.intakeDuring.worstWindowP95} ms); ${d.intakeIdle.errors + d.intakeDuring.errors} errors.`,
    '',
    `Progress (s: due records left): ${d.progress.map((x) => `${Math.round(x.at / 1000)}: ${x.left}`).join(', ')}.`,
    '',
    result.problems.length ? `**Problems:** ${result.problems.join('; ')}` : 'No problems.',
    '',
    `_${result.note}._`,
    '',
    '## Queue plans (EXPLAIN ANALYZE, BUFFERS)',
    '',
  ];
  for (const [name, plan] of Object.entries(result.queue.plans)) {
    lines.push(`### ${name}`, '', '```', plan, '```', '');
  }
  return lines.join('\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// Benchmark: the reviewer's queue at national scale. 100,000 pupils, 1,000,000
// records and 100,000 requests seeded into the schema of the built service;
// then the first page and a page deep in the keyset of /handlaggning (HTML)
// and of its API, for open requests (the default) and for all, beside the
// same SQL run directly with pg, measured in the same run.
//   npm run bench:queue [-- --pupils 100000]   (builds first; needs DATABASE_URL;
//   writes bench/results/reviewer-queue.{md,json}; BENCH_RUNS rounds, default 3)
import { performance } from 'node:perf_hooks';
import { fileURLToPath, URLSearchParams } from 'node:url';

import pg from 'pg';

import {
  machine,
  percentile,
  requireDatabaseUrl,
  runsFromEnv,
  startService,
  summarize,
  writeResult,
  option,
} from './lib/common.mjs';
import { seedScale } from './seed-scale.mjs';

const PUPILS = Number(option('pupils', '100000'));
const REQUESTS_PER_ROUND = Number(option('requests', '200'));
const WARMUP = 30;
const ROUNDS = runsFromEnv(3);
const TARGET_MS = 50;
const REVIEWER = 'granskare';
const OPEN = `r.status in ('received', 'in_review', 'awaiting_clarification')`;

/** The service's queue query (RequestReviewService.listQueue), with its filter as SQL. */
function queueSql(where) {
  return `select r.id, r.registration_number, r.status, r.channel, r.received_on::text as received_on,
                 r.decision_due::text as decision_due,
                 case when a.id is null then null else pe.given_name || ' ' || pe.family_name end as assignee,
                 c.items, c.decided
            from (select r.id, r.registration_number, r.status, r.channel, r.received_on, r.decision_due,
                         r.assignee_account_id
                    from records_request r
                   ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
                   order by r.decision_due, r.id
                   limit 51) r
            left join account a on a.id = r.assignee_account_id
            left join person pe on pe.id = a.person_id
            cross join lateral (select count(*)::int as items, count(i.decision)::int as decided
                                  from records_request_item i where i.request_id = r.id) c
           order by r.decision_due, r.id`;
}

/** The query as it was before Migration20261129050000QueueIndexes, for the before/after plans. */
function legacyQueueSql(where) {
  return `select r.id, r.registration_number, r.status, r.channel, r.received_on::text as received_on,
                 r.decision_due::text as decision_due,
                 case when a.id is null then null else pe.given_name || ' ' || pe.family_name end as assignee,
                 (select count(*)::int from records_request_item i where i.request_id = r.id) as items,
                 (select count(*)::int from records_request_item i where i.request_id = r.id and i.decision is not null) as decided
            from records_request r
            left join account a on a.id = r.assignee_account_id
            left join person pe on pe.id = a.person_id
           ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
           order by r.decision_due, r.id
           limit 51`;
}
const LEGACY_POST_LIST_SQL = `select r.id, r.registration_number, r.contact_name, r.postal_address, r.fee_kr,
         r.invoice_consent_at, r.decided_at,
         count(d.id) filter (where d.kind = 'copy')::int as copies,
         coalesce(sum(d.pages), 0)::int as pages,
         max(d.registration_number) filter (where d.kind <> 'copy') as letter
    from records_request r
    left join records_request_document d on d.request_id = r.id
   where r.status = 'decided' and r.delivery = 'paper'
   group by r.id
   order by r.decided_at, r.registration_number
   limit 500`;
const NEW_INDEXES = [
  'records_request_open_queue_idx',
  'records_request_due_idx',
  'records_request_assignee_queue_idx',
  'staff_notification_unread_idx',
];

/** The page's other reads: the reviewer's unread notifications and the post list (RequestReviewService). */
const NOTIFICATIONS_SQL = `select n.request_id, n.kind, n.created_at, r.registration_number, r.decision_due::text as decision_due
   from (select request_id, kind, created_at from staff_notification
          where account_id = $1 and read_at is null
          order by case kind when 'escalation' then 0 when 'reminder' then 1 else 2 end, created_at desc
          limit 50) n
   join records_request r on r.id = n.request_id
  order by case n.kind when 'escalation' then 0 when 'reminder' then 1 else 2 end, n.created_at desc`;
const LEGACY_NOTIFICATIONS_SQL = `select n.request_id, n.kind, n.created_at, r.registration_number, r.decision_due::text as decision_due
   from staff_notification n join records_request r on r.id = n.request_id
  where n.account_id = $1 and n.read_at is null
  order by case n.kind when 'escalation' then 0 when 'reminder' then 1 else 2 end, n.created_at desc
  limit 50`;
const POST_LIST_COUNT_SQL = `select count(*)::int as waiting from records_request r
  where r.status = 'decided' and r.delivery = 'paper'`;

async function main() {
  const databaseUrl = requireDatabaseUrl();
  const service = await startService({
    name: 'queue',
    env: { DATABASE_SCHEMA: `bench_scale_queue_${process.pid}` },
  });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    console.log(`Seeding ${PUPILS} pupils into ${service.schema} …`);
    const seed = await seedScale({ databaseUrl, schema: service.schema, pupils: PUPILS });
    await client.query(`set search_path = ${client.escapeIdentifier(service.schema)}`);
    const cookie = await service.login(REVIEWER);
    const [{ id: reviewerId }] = (
      await client.query('select id from account where username = $1', [REVIEWER])
    ).rows;

    const { deep, followed, targets, summary, rounds, plans } = await measureQueue({
      base: service.base,
      cookie,
      client,
      reviewerId,
    });

    // Before: the old query shapes without the new indexes (dropped inside a transaction that is
    // rolled back), timed as the floor is.
    const before = { plans: {}, bareP95: {} };
    const sql = async (statements) => {
      const started = performance.now();
      for (const { sql: text, params } of statements) await client.query(text, params);
      return performance.now() - started;
    };
    await client.query('begin');
    try {
      for (const index of NEW_INDEXES) await client.query(`drop index ${index}`);
      const legacy = targets
        .filter((t) => t.kind === 'api')
        .map((t) => ({
          ...t.floor[0],
          sql: t.floor[0].legacy,
          name: `${t.status}, ${t.depth} page`,
        }));
      const legacyPage = [
        { sql: LEGACY_NOTIFICATIONS_SQL, params: [reviewerId], name: 'notifications (Att göra)' },
        { sql: LEGACY_POST_LIST_SQL, params: [], name: 'post list (the page counted its rows)' },
      ];
      for (const statement of [...legacy, ...legacyPage]) {
        before.plans[statement.name] = await explain(client, statement);
        const times = [];
        for (let i = 0; i < 10; i += 1) await sql([statement]);
        for (let i = 0; i < 60; i += 1) times.push(await sql([statement]));
        before.bareP95[statement.name] = +percentile(times, 95).toFixed(2);
      }
    } finally {
      await client.query('rollback');
    }

    const result = {
      scenario: 'reviewer-queue',
      title: 'Reviewer queue: first and deep page of /handlaggning and its API at 100,000 requests',
      ...machine(),
      method:
        'p95 of client-side time on loopback, one sequential client (the service sends no Server-Timing header), ' +
        `${REQUESTS_PER_ROUND} requests per target and round after ${WARMUP} warm-up, ${ROUNDS} rounds; ` +
        'floor: the same SQL through pg directly, timed the same way, interleaved with the HTTP requests ' +
        "(for the page: the queue, the reviewer's unread notifications and the post list count, in sequence).",
      seed: { pupils: PUPILS, totalMs: seed.totalMs, steps: seed.steps, counts: seed.counts },
      deep: { open: deep.open, all: deep.all },
      followedKeyset: followed,
      summary,
      rounds,
      plans,
      before,
    };
    writeResult('reviewer-queue', result, markdown(result));
  } finally {
    await client.end();
    await service.stop();
  }
}

/**
 * The queue measured on a seeded schema the service runs on: the first and a deep page of
 * /handlaggning and of its API, for open requests and for all, `rounds` rounds of
 * `requestsPerRound` requests each, beside the same SQL through `client` (its search_path set
 * to the schema), interleaved. Also used by the national-scale scenario.
 */
export async function measureQueue({
  base,
  cookie,
  client,
  reviewerId,
  rounds: roundCount = ROUNDS,
  requestsPerRound = REQUESTS_PER_ROUND,
  log = (line) => console.log(line),
}) {
  // A cursor deep in each set: the last row of a page 80 % of the way down (as `after` reads it).
  const deepCursor = async (where) => {
    const [{ total }] = (
      await client.query(
        `select count(*)::int as total from records_request r ${where ? `where ${where}` : ''}`,
      )
    ).rows;
    const [row] = (
      await client.query(
        `select r.decision_due::text as decision_due, r.id from records_request r
          ${where ? `where ${where}` : ''} order by r.decision_due, r.id offset $1 limit 1`,
        [Math.floor(total * 0.8)],
      )
    ).rows;
    return {
      total,
      decisionDue: row.decision_due,
      id: row.id,
      after: `${row.decision_due}_${row.id}`,
    };
  };
  const deep = { open: await deepCursor(OPEN), all: await deepCursor('') };

  // Following the keyset from the first page works, and lands where the jump lands.
  const followed = await followKeyset(base, cookie, 'open', 20);

  const targets = [];
  for (const status of ['open', 'all']) {
    for (const depth of ['first', 'deep']) {
      const cursor = depth === 'deep' ? deep[status] : null;
      const query = new URLSearchParams({ status, assignee: 'all', due: 'all' });
      if (cursor) query.set('after', cursor.after);
      const where = [...(status === 'open' ? [OPEN] : [])];
      const params = [];
      if (cursor) {
        where.push('(r.decision_due, r.id) > ($1::date, $2::uuid)');
        params.push(cursor.decisionDue, cursor.id);
      }
      const queue = { sql: queueSql(where), params, legacy: legacyQueueSql(where) };
      for (const kind of ['page', 'api']) {
        targets.push({
          metric: `${kind === 'page' ? '/handlaggning' : 'API'} ${status === 'open' ? 'open' : 'status=all'}, ${depth} page`,
          kind,
          status,
          depth,
          url: `${base}${kind === 'page' ? '/handlaggning' : '/api/v1/records-requests'}?${query}`,
          // The page also reads the notifications and the post list; the API only the queue.
          floor:
            kind === 'page'
              ? [
                  queue,
                  { sql: NOTIFICATIONS_SQL, params: [reviewerId] },
                  { sql: POST_LIST_COUNT_SQL, params: [] },
                ]
              : [queue],
        });
      }
    }
  }

  const http = async (url) => {
    const started = performance.now();
    const response = await fetch(url, {
      headers: { cookie, accept: 'text/html,application/json' },
    });
    const body = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200)
      throw new Error(`${url}: ${response.status} ${body.slice(0, 200)}`);
    return { ms, body };
  };
  const sql = async (statements) => {
    const started = performance.now();
    for (const { sql: text, params } of statements) await client.query(text, params);
    return performance.now() - started;
  };

  // Every target answers, with rows, before anything is timed.
  for (const target of targets) {
    const { body } = await http(target.url);
    if (target.kind === 'api' && JSON.parse(body).rows.length === 0)
      throw new Error(`${target.metric}: no rows`);
    if (target.kind === 'page' && !body.includes('/handlaggning/begaran/'))
      throw new Error(`${target.metric}: no rows`);
  }

  const rounds = [];
  for (let round = 0; round < roundCount; round += 1) {
    const result = {};
    for (const target of targets) {
      for (let i = 0; i < WARMUP; i += 1) {
        await http(target.url);
        await sql(target.floor);
      }
      const served = [];
      const bare = [];
      // Interleaved, so both see the same moment of a shared machine.
      for (let i = 0; i < requestsPerRound; i += 1) {
        served.push((await http(target.url)).ms);
        bare.push(await sql(target.floor));
      }
      result[target.metric] = {
        p95: percentile(served, 95),
        floorP95: percentile(bare, 95),
        p50: percentile(served, 50),
      };
    }
    rounds.push(result);
    log(`round ${round + 1}/${roundCount}: ${JSON.stringify(result)}`);
  }

  const summary = targets.map((target) => {
    const p95 = summarize(rounds.map((r) => r[target.metric].p95));
    const floor = summarize(
      rounds.map((r) => r[target.metric].floorP95),
      2,
    );
    return {
      metric: `${target.metric} (p95)`,
      unit: 'ms',
      median: p95.median,
      min: p95.min,
      max: p95.max,
      runs: p95.runs,
      floor: floor.median,
      ratio: +(p95.median / floor.median).toFixed(1),
      target: `< ${TARGET_MS} ms`,
      met: p95.median < TARGET_MS,
    };
  });

  const plans = {};
  for (const target of targets.filter((t) => t.kind === 'api')) {
    plans[`queue: ${target.status}, ${target.depth} page`] = await explain(client, target.floor[0]);
  }
  plans['notifications (Att göra)'] = await explain(client, {
    sql: NOTIFICATIONS_SQL,
    params: [reviewerId],
  });
  plans['post list count'] = await explain(client, { sql: POST_LIST_COUNT_SQL, params: [] });
  return { deep, followed, targets, summary, rounds, plans };
}

/** Follows `next` from the first page of the API `pages` times; each page in order after the one before. */
async function followKeyset(base, cookie, status, pages) {
  let after = null;
  let previousLast = null;
  let rows = 0;
  for (let page = 0; page < pages; page += 1) {
    const query = new URLSearchParams({ status });
    if (after) query.set('after', after);
    const response = await fetch(`${base}/api/v1/records-requests?${query}`, {
      headers: { cookie },
    });
    const body = await response.json();
    if (body.rows.length === 0) break;
    const first = body.rows[0];
    if (previousLast && `${first.decisionDue}_${first.id}` <= previousLast) {
      throw new Error(`keyset page ${page} does not follow the one before`);
    }
    rows += body.rows.length;
    const last = body.rows.at(-1);
    previousLast = `${last.decisionDue}_${last.id}`;
    after = body.next;
    if (!after) break;
  }
  return { pages, rows };
}

async function explain(client, { sql, params }) {
  const { rows } = await client.query(`explain (analyze, buffers) ${sql}`, params);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

function markdown(result) {
  const seconds = (ms) => (ms / 1000).toFixed(1);
  const lines = [
    `# ${result.title}`,
    '',
    `${result.date}, ${result.cores} cores (${result.cpu}), Node ${result.node}. ${result.method}`,
    '',
    `Seeded ${result.seed.pupils.toLocaleString('en')} pupils in **${seconds(result.seed.totalMs)} s**: ` +
      Object.entries(result.seed.counts)
        .map(([name, count]) => `${count.toLocaleString('en')} ${name}`)
        .join(', ') +
      '.',
    '',
    '| table | rows | s |',
    '| --- | ---: | ---: |',
    ...result.seed.steps.map(
      (s) => `| ${s.table} | ${s.rows.toLocaleString('en')} | ${seconds(s.ms)} |`,
    ),
    '',
    `Deep pages: \`after\` at row ${(result.deep.open.total * 0.8) | 0} of ${result.deep.open.total} open requests and ` +
      `row ${(result.deep.all.total * 0.8) | 0} of ${result.deep.all.total} in all; following \`next\` from the first page ` +
      `read ${result.followedKeyset.rows} rows in order.`,
    '',
    '| metric | p95 median (ms) | min–max | bare SQL p95 (ms) | ratio | target | met |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...result.summary.map(
      (row) =>
        `| ${row.metric} | ${row.median} | ${row.min}–${row.max} | ${row.floor} | ${row.ratio}× | ${row.target} | ${row.met ? 'yes' : '**no**'} |`,
    ),
    '',
    '## Plans (EXPLAIN ANALYZE, BUFFERS)',
    '',
  ];
  for (const [name, plan] of Object.entries(result.plans)) {
    lines.push(`### ${name}`, '', '```', plan, '```', '');
  }
  lines.push(
    '## Before the fix',
    '',
    'The query shapes as they were, without Migration20261129050000QueueIndexes (its indexes dropped in a ' +
      'transaction that was rolled back), on the same data: bare SQL p95 of 60 runs.',
    '',
    '| query | bare SQL p95 (ms) |',
    '| --- | ---: |',
    ...Object.entries(result.before.bareP95).map(([name, ms]) => `| ${name} | ${ms} |`),
    '',
  );
  for (const [name, plan] of Object.entries(result.before.plans)) {
    lines.push(`### Before: ${name}`, '', '```', plan, '```', '');
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

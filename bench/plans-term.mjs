// Benchmark: plans at the start of term. 200 mentors (seeded at 100,000 pupils, each signed in
// with a session of their own) write their pupils' plans at once through the plan page's own
// routes, as public/js/autosave.js sends them: the goals section posted with the session cookie
// and the form's CSRF token, each save 1.5 s (the autosave's delay) after the one before was
// answered; after a few saves the talk is saved with yesterday's date and the plan is established
// from the confirmation page's form (version, public record, registration number, audit entry).
// The floor: the same plans' rows updated with bare pg (`update plan set draft = …, revision =
// revision + 1`), by the same 200 mentors at the same pace, through a pool as large as the
// service's, in the same run. Medians over rounds of the p95s.
//
//   npm run bench:plans-term [-- --pupils 100000 --mentors 200 --seconds 20]
//   (builds first; needs DATABASE_URL; sessions in Redis as in production when REDIS_URL is set;
//   writes bench/results/plans-term.{md,json}; BENCH_RUNS rounds, default 3.
//   PLANS_TERM_SCHEMA=name keeps a seeded schema for the next run, which then seeds nothing.)
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { URLSearchParams } from 'node:url';

import pg from 'pg';

import {
  machine,
  percentile,
  processCpu,
  requireDatabaseUrl,
  runsFromEnv,
  sleep,
  startService,
  summarize,
  writeResult,
  option,
} from './lib/common.mjs';
import { seedScale } from './seed-scale.mjs';
import { stockholmToday } from '../dist/common/stockholm.js';

const PUPILS = Number(option('pupils', '100000'));
const MENTORS = Number(option('mentors', '200'));
const ROUND_SECONDS = Number(option('seconds', '20'));
const WARMUP_SECONDS = Number(option('warmup', '5'));
/** public/js/autosave.js: a section is saved this long after the writer stops typing. */
const AUTOSAVE_DELAY_MS = 1500;
/** Autosaves of the goals before the talk is saved and the plan established. */
const SAVES_PER_PLAN = Number(option('saves-per-plan', '6'));
/**
 * Mentors at different points of their plans, as in a real term: at the start of each phase
 * mentor i has already saved the current plan i mod (saves per plan + 1) times, so the talks and
 * establishments are spread over the cycle. `--synchronized` starts every mentor at the
 * beginning of a plan: all 200 establish within the same second or two, twice a round.
 */
const SYNCHRONIZED = process.argv.includes('--synchronized');
const ROUNDS = runsFromEnv(3);
const SAVE_TARGET_MS = 50;
const SAVE_TARGET_RATIO = 2;
const ESTABLISH_TARGET_MS = 100;
const PORT = Number(process.env.PLANS_TERM_PORT ?? 3941);
const POOL_MAX = Number(process.env.DATABASE_POOL_MAX ?? 10);
const KEPT_SCHEMA = process.env.PLANS_TERM_SCHEMA ?? null;
const PROFILE_DIR = process.env.PLANS_TERM_CPU_PROF ?? null;

const GOAL_TEXTS = [
  'Läsa en kapitelbok på egen hand och berätta om den',
  'Visa uträkningar i flera steg när problem löses',
  'Ta ansvar för sina uppgifter i grupparbeten',
  'Våga prata engelska i helklass',
];
const WORDS = ['varje vecka', 'med stöd', 'på egen hand', 'tillsammans med klassen', 'i lugn takt'];

async function main() {
  const databaseUrl = requireDatabaseUrl();
  const schema = KEPT_SCHEMA ?? `bench_plans_term_${process.pid}`;
  const service = await startService({
    name: 'plans-term',
    port: PORT,
    keepSchemas: KEPT_SCHEMA !== null,
    env: {
      DATABASE_SCHEMA: schema,
      // As in production (docker-compose.yml): sessions and queues in Redis when there is one.
      REDIS_URL: process.env.REDIS_URL ?? '',
      // Templates compiled once, as in production ('development' compiles every page anew;
      // 'production' refuses the demo data whose accounts this run signs in beside).
      NODE_ENV: 'test',
      ...(PROFILE_DIR ? { NODE_ARGS: ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
    },
  });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: POOL_MAX,
    options: `-c search_path=${schema}`,
  });
  try {
    await client.query(`set search_path = ${client.escapeIdentifier(schema)}`);
    let seed = null;
    const [{ seeded }] = (
      await client.query(
        `select count(*)::int as seeded from person where external_id like 'scale:%:pupil:%'`,
      )
    ).rows;
    if (seeded < PUPILS) {
      console.log(`Seeding ${PUPILS - seeded} pupils into ${schema} …`);
      seed = await seedScale({ databaseUrl, schema, pupils: PUPILS - seeded });
    }
    const [{ pupils }] = (
      await client.query(
        `select count(*)::int as pupils from person where external_id like 'scale:%:pupil:%'`,
      )
    ).rows;

    const mentors = await signInMentors(client, service);
    console.log(
      `${mentors.length} mentors signed in, ${mentors.reduce((n, m) => n + m.plans.length, 0)} plans`,
    );
    for (const mentor of mentors) await openPlan(service.base, mentor);

    const waits = new WaitSampler(databaseUrl);
    const rounds = [];
    await runMentors(service.base, mentors, WARMUP_SECONDS * 1000, null);
    await runFloor(pool, mentors, WARMUP_SECONDS * 1000);
    await reopenPlans(service.base, mentors);
    for (let round = 0; round < ROUNDS; round += 1) {
      const served = { save: [], talk: [], establish: [], errors: [] };
      waits.start();
      const serviceBefore = processCpu(service.child.pid).seconds;
      const databaseBefore = databaseCpuSeconds();
      const benchBefore = process.cpuUsage();
      const machineBefore = machineCpuTicks();
      const servedMs = await runMentors(service.base, mentors, ROUND_SECONDS * 1000, served);
      // Where the machine's two cores went while the service served: its process, PostgreSQL's
      // processes, this bench's own (the 200 mentors' HTTP clients), and the machine as a whole.
      const serviceCpu = processCpu(service.child.pid).seconds - serviceBefore;
      const databaseCpu = databaseCpuSeconds() - databaseBefore;
      const benchUsage = process.cpuUsage(benchBefore);
      const benchCpu = (benchUsage.user + benchUsage.system) / 1e6;
      const machineAfter = machineCpuTicks();
      const machineCores =
        (machineAfter.busy - machineBefore.busy) /
        ((machineAfter.total - machineBefore.total) / machineAfter.cores);
      const cores = (cpu) => +(cpu / (servedMs / 1000)).toFixed(2);
      // CPU per save (every request of the round counted as the saves' cost), in ms.
      const perSave = (cpu) => +((cpu * 1000) / Math.max(1, served.save.length)).toFixed(2);
      const machineLoad = loadavg()[0];
      const sampled = waits.stop();
      const floor = [];
      const floorMs = await runFloor(pool, mentors, ROUND_SECONDS * 1000, floor);
      await reopenPlans(service.base, mentors);
      const result = {
        saves: served.save.length,
        savesPerSecond: +(served.save.length / (servedMs / 1000)).toFixed(1),
        saveP50: percentile(served.save, 50),
        saveP95: percentile(served.save, 95),
        saveP99: percentile(served.save, 99),
        talkP95: percentile(served.talk, 95),
        establishments: served.establish.length,
        establishP50: percentile(served.establish, 50),
        establishP95: percentile(served.establish, 95),
        errors: served.errors.length,
        errorSamples: [...new Set(served.errors)].slice(0, 5),
        floorUpdates: floor.length,
        floorPerSecond: +(floor.length / (floorMs / 1000)).toFixed(1),
        floorP50: percentile(floor, 50),
        floorP95: percentile(floor, 95),
        waits: sampled,
        // The service's share of the 2 cores while it served, and the machine's 1-minute load.
        serviceCores: cores(serviceCpu),
        databaseCores: cores(databaseCpu),
        benchCores: cores(benchCpu),
        machineCores: +machineCores.toFixed(2),
        serviceMsPerSave: perSave(serviceCpu),
        databaseMsPerSave: perSave(databaseCpu),
        machineLoad: +machineLoad.toFixed(1),
      };
      rounds.push(result);
      console.log(
        `round ${round + 1}/${ROUNDS}: ${JSON.stringify({ ...result, waits: undefined })}`,
      );
    }
    await waits.close();

    const row = (metric, key, floorKey, target, met, digits = 1) => {
      if (!rounds.some((r) => r[key] !== undefined)) {
        return { metric, unit: 'ms', median: null, target, met: target ? false : undefined };
      }
      const values = summarize(
        rounds.map((r) => r[key]).filter((value) => value !== undefined),
        digits,
      );
      const floorValue = floorKey
        ? summarize(
            rounds.map((r) => r[floorKey]),
            2,
          ).median
        : undefined;
      return {
        metric,
        unit: 'ms',
        median: values.median,
        min: values.min,
        max: values.max,
        runs: values.runs,
        ...(floorKey ? { floor: floorValue, ratio: +(values.median / floorValue).toFixed(1) } : {}),
        ...(target ? { target, met: met(values.median, floorValue) } : {}),
      };
    };
    const summary = [
      row(
        `autosave of a plan's goals (p95), ${MENTORS} mentors`,
        'saveP95',
        'floorP95',
        `< ${SAVE_TARGET_MS} ms and ≤ ${SAVE_TARGET_RATIO}× floor`,
        (median, floor) => median < SAVE_TARGET_MS && median <= SAVE_TARGET_RATIO * floor,
      ),
      row(
        'establishing a plan (p95)',
        'establishP95',
        null,
        `< ${ESTABLISH_TARGET_MS} ms`,
        (median) => median < ESTABLISH_TARGET_MS,
      ),
      { ...row('saves per second', 'savesPerSecond', 'floorPerSecond'), unit: '/s' },
    ];

    const plans = await explainStatements(client, mentors);
    const result = {
      scenario: 'plans-term',
      title: `Plans at the start of term: ${MENTORS} mentors autosaving at ${pupils.toLocaleString('en')} pupils`,
      ...machine(),
      method:
        `${MENTORS} mentors, each signed in (sessions in ${process.env.REDIS_URL ? 'Redis' : 'PostgreSQL'}) and writing the current plans of their ` +
        `mentor group in turn: the goals section posted to /planer/:id/mal as autosave.js posts it (form body with the CSRF token, ` +
        `Accept: application/json, answered with the new revision), the next save ${AUTOSAVE_DELAY_MS} ms after the answer; after ` +
        `${SAVES_PER_PLAN} saves the talk (yesterday) is saved and the plan established from the confirmation form ` +
        (SYNCHRONIZED
          ? `(every mentor starts each phase at the beginning of a plan: all establish at about the same moment) `
          : `(mentors at different points of their plans: mentor i starts each phase with i mod ${SAVES_PER_PLAN + 1} saves of the current plan done, so establishments are spread over the cycle) `) +
        `(/planer/:id/faststall, bekraftat=ja); an established plan gets a new draft first (untimed). "save" is the POST until ` +
        `its answer. Floor: the same mentors at the same pace, each save one bare \`update plan set draft, revision, updated_at\` ` +
        `of the same plans through a pg pool of ${POOL_MAX} (the service's DATABASE_POOL_MAX), after the service's phase in ` +
        `each round. ${ROUND_SECONDS} s per phase after a ${WARMUP_SECONDS}-s warm-up, ${ROUNDS} rounds; wait events sampled ` +
        `from pg_stat_activity every 50 ms during the service's phase.`,
      synchronized: SYNCHRONIZED,
      pupils,
      seed: seed && { pupils: seed.counts?.pupils, totalMs: seed.totalMs },
      summary,
      rounds,
      plans,
    };
    writeResult('plans-term', result, markdown(result));
  } finally {
    await pool.end();
    await client.end();
    await service.stop();
  }
}

/**
 * The mentors of the seeded mentor groups with the most current plans, each given an account
 * (the demo accounts' password) and signed in through the login API.
 */
async function signInMentors(client, service) {
  const { rows } = await client.query(
    `with current_period as (select max(period) as period from plan)
     select d.person_id, array_agg(p.id order by p.state desc, p.id) as plans
       from staff_duty d
       join group_membership gm on gm.group_id = d.group_id
       join plan p on p.pupil_id = gm.person_id and p.period = (select period from current_period)
      where d.role = 'mentor' and d.external_id like 'scale:%'
      group by d.person_id
      order by count(*) filter (where p.state = 'draft') desc, d.person_id
      limit $1`,
    [MENTORS],
  );
  if (rows.length < MENTORS) throw new Error(`only ${rows.length} mentor groups with plans`);
  const [{ hash }] = (
    await client.query(
      `select password_hash as hash from account where username = 'granskare' and password_hash is not null`,
    )
  ).rows;
  await client.query(
    `insert into account (id, person_id, username, password_hash, created_at, updated_at)
     select gen_random_uuid(), person_id, 'bench-mentor-' || person_id, $2, now(), now()
       from unnest($1::uuid[]) as m(person_id)
     on conflict do nothing`,
    [rows.map((row) => row.person_id), hash],
  );
  const accounts = (
    await client.query(
      `select username, person_id from account where person_id = any($1::uuid[])`,
      [rows.map((row) => row.person_id)],
    )
  ).rows;
  const usernameOf = new Map(accounts.map((a) => [a.person_id, a.username]));
  const mentors = rows.map((row, index) => ({
    index,
    username: usernameOf.get(row.person_id),
    plans: row.plans.map((id) => ({ id })),
    cursor: 0,
    cookie: null,
    csrf: null,
  }));
  // A few at a time: each login verifies an argon2 hash.
  for (let at = 0; at < mentors.length; at += 4) {
    await Promise.all(
      mentors.slice(at, at + 4).map(async (mentor) => {
        mentor.cookie = await service.login(mentor.username);
      }),
    );
  }
  return mentors;
}

/** What the plan page says: revision, state, CSRF token, goal ids. */
function readPage(html) {
  const revision = /name="revision" value="(\d+)"/.exec(html)?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const goalIds = [...html.matchAll(/name="goal_(\d+)_id" value="([^"]+)"/g)].map((m) => m[2]);
  return {
    revision: revision === undefined ? null : Number(revision),
    csrf: csrf ?? null,
    state: /action="\/planer\/[^"]+\/mal"/.test(html) ? 'draft' : 'established',
    goalIds,
  };
}

async function getPage(base, mentor, path) {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { headers: { cookie: mentor.cookie } });
  const html = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
  return { ms, page: readPage(html) };
}

async function openPlan(base, mentor) {
  const plan = mentor.plans[mentor.cursor % mentor.plans.length];
  const { page } = await getPage(base, mentor, `/planer/${plan.id}`);
  mentor.csrf = page.csrf ?? mentor.csrf;
  Object.assign(plan, page);
  if (plan.state === 'established') {
    await post(base, mentor, `/planer/${plan.id}/nytt-utkast`, { revision: '0' });
    Object.assign(plan, (await getPage(base, mentor, `/planer/${plan.id}`)).page);
  }
  plan.saves = 0;
  return plan;
}

/** A page form's POST, as the browser sends it; the answer's status, time and Location. */
async function post(base, mentor, path, fields, accept = 'text/html') {
  const body = new URLSearchParams({ _csrf: mentor.csrf, ...fields });
  const started = performance.now();
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      cookie: mentor.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      accept,
    },
    body,
    redirect: 'manual',
  });
  const text = await response.text();
  const ms = performance.now() - started;
  return { status: response.status, ms, location: response.headers.get('location'), text };
}

function goalsForm(plan, n) {
  const fields = { otherDevelopment: `Hjälper gärna klasskamrater ${WORDS[n % WORDS.length]}.` };
  const count = Math.max(2, plan.goalIds?.length ?? 0);
  for (let i = 0; i < count; i += 1) {
    if (plan.goalIds?.[i]) fields[`goal_${i}_id`] = plan.goalIds[i];
    fields[`goal_${i}_subject`] = '';
    fields[`goal_${i}_text`] =
      `${GOAL_TEXTS[(i + n) % GOAL_TEXTS.length]} ${WORDS[(i + n) % WORDS.length]}.`;
    fields[`goal_${i}_school`] = 'Genomgång i liten grupp varje vecka.';
    fields[`goal_${i}_pupil`] = `Övar ${WORDS[n % WORDS.length]} hemma.`;
    fields[`goal_${i}_guardian`] = 'Frågar hur det går och uppmuntrar hemma.';
    fields[`goal_${i}_followUp`] = '';
  }
  return fields;
}

/** One mentor's writing until `until`: autosaves, then the talk and establishing, plan by plan. */
async function mentorLoop(base, mentor, until, record) {
  const failed = (what, answer) => {
    const message = `${what}: ${answer.status} ${/<p>([^<]{0,160})/.exec(answer.text)?.[1] ?? ''}`;
    if (record) record.errors.push(message);
  };
  // Mentors start spread over one autosave delay, as people do.
  await sleep(Math.random() * AUTOSAVE_DELAY_MS);
  while (performance.now() < until) {
    try {
      await mentorStep(base, mentor, record, failed);
    } catch (error) {
      // A connection the server closed as it was reused: counted, and the page read again.
      if (record) record.errors.push(`network: ${error.cause?.code ?? error.message}`);
      mentor.plans[mentor.cursor % mentor.plans.length].revision = undefined;
      await sleep(AUTOSAVE_DELAY_MS);
    }
  }
}

/** One autosave, or the talk and the establishment: what a mentor does next. */
async function mentorStep(base, mentor, record, failed) {
  let plan = mentor.plans[mentor.cursor % mentor.plans.length];
  if (plan.revision === undefined || plan.state !== 'draft') plan = await openPlan(base, mentor);
  if (plan.saves < SAVES_PER_PLAN) {
    const save = await post(
      base,
      mentor,
      `/planer/${plan.id}/mal`,
      { revision: String(plan.revision), ...goalsForm(plan, mentor.index + plan.saves) },
      'application/json',
    );
    if (save.status !== 200) {
      failed('save', save);
      plan.revision = undefined;
      await sleep(AUTOSAVE_DELAY_MS);
      return;
    }
    // autosave.js asks for JSON: the new revision is the whole answer (no page after a redirect).
    plan.revision = JSON.parse(save.text).revision;
    plan.saves += 1;
    if (record) record.save.push(save.ms);
    await sleep(AUTOSAVE_DELAY_MS);
    return;
  }
  const yesterday = stockholmToday(new Date(Date.now() - 86_400_000));
  const talk = await post(base, mentor, `/planer/${plan.id}/samtal`, {
    revision: String(plan.revision),
    date: yesterday,
    participants: 'Eleven\nMentor\nVårdnadshavare',
    agreements: 'Eleven läser hemma varje dag och berättar om boken på nästa samtal.',
  });
  if (talk.status !== 303) {
    failed('talk', talk);
    plan.revision = undefined;
    return;
  }
  Object.assign(plan, (await getPage(base, mentor, talk.location)).page);
  const established = await post(base, mentor, `/planer/${plan.id}/faststall`, {
    revision: String(plan.revision),
    confidentialityMarking: '',
    confidentialityReviewOn: '',
    bekraftat: 'ja',
  });
  if (established.status !== 303) {
    failed('establish', established);
  } else if (record) {
    record.talk.push(talk.ms);
    record.establish.push(established.ms);
  }
  plan.revision = undefined;
  mentor.cursor += 1;
}

/** The floor's updates bumped the revisions: every mentor reads their plan's page again (untimed). */
async function reopenPlans(base, mentors) {
  for (let at = 0; at < mentors.length; at += 10) {
    await Promise.all(
      mentors
        .slice(at, at + 10)
        // Once more after a connection the server closed as it was reused.
        .map((mentor) => openPlan(base, mentor).catch(() => openPlan(base, mentor))),
    );
  }
}

async function runMentors(base, mentors, durationMs, record) {
  if (!SYNCHRONIZED) {
    for (const mentor of mentors) {
      mentor.plans[mentor.cursor % mentor.plans.length].saves = mentor.index % (SAVES_PER_PLAN + 1);
    }
  }
  const started = performance.now();
  const until = started + durationMs;
  await Promise.all(mentors.map((mentor) => mentorLoop(base, mentor, until, record)));
  return performance.now() - started;
}

/** The floor: the same plans' rows, updated by the same mentors at the same pace, with bare pg. */
async function runFloor(pool, mentors, durationMs, record) {
  const contents = new Map(
    (
      await pool.query(
        `select id, draft from plan where id = any($1::uuid[]) and draft is not null`,
        [mentors.flatMap((m) => m.plans.map((p) => p.id))],
      )
    ).rows.map((row) => [row.id, JSON.stringify(row.draft)]),
  );
  const started = performance.now();
  const until = started + durationMs;
  await Promise.all(
    mentors.map(async (mentor) => {
      await sleep(Math.random() * AUTOSAVE_DELAY_MS);
      // Drafts only (an established plan's row has no draft), as the service writes them.
      const drafts = mentor.plans.filter((plan) => contents.has(plan.id));
      let n = 0;
      while (performance.now() < until && drafts.length > 0) {
        const plan = drafts[Math.floor(n / SAVES_PER_PLAN) % drafts.length];
        const at = performance.now();
        await pool.query(
          `update plan set draft = $1::jsonb, revision = revision + 1, updated_at = now() where id = $2`,
          [contents.get(plan.id), plan.id],
        );
        if (record) record.push(performance.now() - at);
        n += 1;
        await sleep(AUTOSAVE_DELAY_MS);
      }
    }),
  );
  return performance.now() - started;
}

/** The CPU seconds of every PostgreSQL process on this machine (the database is local here). */
function databaseCpuSeconds() {
  let seconds = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // null: the process ended between the listing and the read.
    const cpu = processCpu(entry);
    if (cpu?.name === 'postgres') seconds += cpu.seconds;
  }
  return seconds;
}

/** The machine's busy and total CPU time from /proc/stat (all cores), in ticks. */
function machineCpuTicks() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait, cores: cpus().length };
}

/** What the database's sessions wait for, sampled while the service works. */
class WaitSampler {
  constructor(databaseUrl) {
    this.client = new pg.Client({ connectionString: databaseUrl });
    this.ready = this.client.connect();
    this.timer = null;
  }
  start() {
    this.counts = new Map();
    /** Lock waits and idle transactions by the (last) statement's first words. */
    this.statements = new Map();
    this.samples = 0;
    this.active = 0;
    const tick = async () => {
      await this.ready;
      const { rows } = await this.client.query(
        `select case when state = 'active' then coalesce(wait_event_type || ':' || wait_event, 'CPU')
                     else state end as wait,
                case when wait_event_type = 'Lock' or state like 'idle in transaction%'
                     then left(regexp_replace(query, '\\s+', ' ', 'g'), 70) end
                  as statement,
                count(*)::int as n
           from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()
            and (state = 'active' or state like 'idle in transaction%')
          group by 1, 2`,
      );
      this.samples += 1;
      for (const row of rows) {
        if (!row.wait.startsWith('idle')) this.active += row.n;
        this.counts.set(row.wait, (this.counts.get(row.wait) ?? 0) + row.n);
        if (row.statement) {
          const key = `${row.wait} ← ${row.statement}`;
          this.statements.set(key, (this.statements.get(key) ?? 0) + row.n);
        }
      }
      if (this.timer) this.timer = setTimeout(tick, 50);
    };
    this.timer = setTimeout(tick, 50);
  }
  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    return {
      samples: this.samples,
      meanActive: +(this.active / Math.max(1, this.samples)).toFixed(2),
      byWait: Object.fromEntries(
        [...this.counts]
          .sort((a, b) => b[1] - a[1])
          .map(([wait, n]) => [wait, +(n / Math.max(1, this.samples)).toFixed(2)]),
      ),
      lockWaitsByStatement: Object.fromEntries(
        [...this.statements]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([key, n]) => [key, +(n / Math.max(1, this.samples)).toFixed(2)]),
      ),
    };
  }
  async close() {
    await this.client.end();
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of the statements a save and an establishment run, rolled back. */
async function explainStatements(client, mentors) {
  const planId = mentors[0].plans[0].id;
  const [{ pupil_id: pupilId }] = (
    await client.query('select pupil_id from plan where id = $1', [planId])
  ).rows;
  const statements = {
    'lock the plan': ['select * from plan where id = $1 for update', [planId]],
    "the pupil's enrolments": [
      `select person_id, school_unit_id from enrolment where person_id = any($1::uuid[])`,
      [[pupilId]],
    ],
    "the pupil's groups": [
      `select gm.person_id, gm.group_id from group_membership gm join student_group g on g.id = gm.group_id
        where gm.person_id = any($1::uuid[]) and (g.end_date is null or g.end_date >= current_date)`,
      [[pupilId]],
    ],
    // DirectoryQueries.findGuardContext: unions (with `or`, every person was read).
    "the guard's names (pupil and classmates)": [
      `select p.id, p.given_name, p.family_name from person p where p.id = $1
       union
       select p.id, p.given_name, p.family_name from group_membership other join person p on p.id = other.person_id
        where other.group_id in (select gm.group_id from group_membership gm join student_group g on g.id = gm.group_id
                                  where gm.person_id = $1 and (g.end_date is null or g.end_date >= current_date))`,
      [pupilId],
    ],
    "the guard's names (staff)": [
      `select p.given_name, p.family_name from staff_duty d join person p on p.id = d.person_id
        where d.group_id in (select gm.group_id from group_membership gm join student_group g on g.id = gm.group_id
                              where gm.person_id = $1 and (g.end_date is null or g.end_date >= current_date))
          and (d.end_date is null or d.end_date >= current_date)
       union
       select p.given_name, p.family_name from staff_duty d join person p on p.id = d.person_id
        where d.pupil_id = $1 and (d.end_date is null or d.end_date >= current_date)`,
      [pupilId],
    ],
    'the update (as writePart sends it, without its audit call)': [
      `update plan set draft = draft, revision = revision + 1, updated_at = now()
        where id = $1 and state = 'draft' and revision = revision`,
      [planId],
    ],
    "the plan's versions (the page)": [
      `select v.version, v.talk_date, v.established_at from plan_version v where v.plan_id = $1 order by v.version`,
      [planId],
    ],
  };
  const out = {};
  await client.query('begin');
  try {
    for (const [name, [sql, params]] of Object.entries(statements)) {
      const { rows } = await client.query(`explain (analyze, buffers) ${sql}`, params);
      out[name] = rows.map((row) => row['QUERY PLAN']).join('\n');
    }
  } finally {
    await client.query('rollback');
  }
  return out;
}

function markdown(result) {
  const ms = (value, digits = 1) => (value === undefined ? '–' : value.toFixed(digits));
  const lines = [
    `# ${result.title}`,
    '',
    `${result.date}, ${result.cores} cores (${result.cpu}), Node ${result.node}. ${result.method}`,
    '',
    '| metric | median | min–max | floor | ratio | target | met |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...result.summary.map(
      (row) =>
        `| ${row.metric} | ${row.median ?? '–'} ${row.unit} | ${row.min ?? ''}–${row.max ?? ''} | ${row.floor ?? ''} | ${row.ratio === undefined ? '' : `${row.ratio}×`} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : '**no**'} |`,
    ),
    '',
    '| round | saves | saves/s | save p50 | save p95 | save p99 | talk p95 | established | establish p50 | establish p95 | errors | floor updates/s | floor p50 | floor p95 | service CPU (cores) | PostgreSQL CPU (cores) | load generator CPU (cores) | machine busy (of 2 cores) | service ms CPU per save | PostgreSQL ms CPU per save | load (1 min) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.rounds.map(
      (r, i) =>
        `| ${i + 1} | ${r.saves} | ${r.savesPerSecond} | ${ms(r.saveP50)} | ${ms(r.saveP95)} | ${ms(r.saveP99)} | ${ms(r.talkP95)} | ${r.establishments} | ${ms(r.establishP50)} | ${ms(r.establishP95)} | ${r.errors} | ${r.floorPerSecond} | ${ms(r.floorP50, 2)} | ${ms(r.floorP95, 2)} | ${r.serviceCores} | ${r.databaseCores ?? '–'} | ${r.benchCores ?? '–'} | ${r.machineCores ?? '–'} | ${r.serviceMsPerSave ?? '–'} | ${r.databaseMsPerSave ?? '–'} | ${r.machineLoad} |`,
    ),
    '',
    '## What the database sessions waited for (mean sessions per sample, service phase)',
    '',
    ...result.rounds.map(
      (r, i) =>
        `- round ${i + 1}: ${r.waits.meanActive} active; ${Object.entries(r.waits.byWait)
          .map(([wait, n]) => `${wait} ${n}`)
          .join(', ')}`,
    ),
    '',
    'Lock waits and transactions left idle, by the statement that waits or ran last (its first words; mean sessions per sample):',
    '',
    ...result.rounds.flatMap((r, i) =>
      Object.entries(r.waits.lockWaitsByStatement ?? {}).map(
        ([key, n]) => `- round ${i + 1}: ${n} × ${key.replace(/`/g, "'")}`,
      ),
    ),
    '',
    ...(result.rounds.some((r) => r.errors > 0)
      ? [
          '## Errors seen',
          '',
          ...result.rounds.flatMap((r) => r.errorSamples.map((e) => `- ${e}`)),
          '',
        ]
      : []),
    '## Plans of the statements (EXPLAIN ANALYZE, BUFFERS; rolled back)',
    '',
  ];
  for (const [name, plan] of Object.entries(result.plans)) {
    lines.push(`### ${name}`, '', '```', plan, '```', '');
  }
  return lines.join('\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

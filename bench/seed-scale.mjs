// Synthetic data at national scale, for the benchmarks: school units, classes
// and mentor groups, pupils with guardians (valid personal identity numbers in
// the 9xx test range; at national scale, with over a hundred pupils born on each day, on
// down), established plans with several versions per pupil (each
// version a public record), and requests for records in every state with their
// items, decisions, events and notifications. Set-based SQL in one
// transaction, then ANALYZE: 100,000 pupils and 1,000,000 records in minutes.
//
//   npm run seed:scale -- --pupils 100000 [--records-per-pupil 10] [--requests N] [--schema iup]
//
// Needs DATABASE_URL. Applies the service's migrations first (dist/, so build
// first). Seeded rows get no audit entries: they were never changed through
// the service. Runs beside the demo data (then requests are assigned to the
// demo reviewers, `granskare` and `teamledare`) and beside earlier runs.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import pg from 'pg';
import Personnummer from 'personnummer';

import { loadConfig } from '../dist/config/load-config.js';
import { migrateDatabase } from '../dist/database/migrate.js';
import { DEFAULT_PLAN_TEMPLATE } from '../dist/plans/plan-template.js';
import { processCpu } from './lib/common.mjs';
import { computeDeadlines } from '../dist/requests/request-lifecycle.js';
import { addDays } from '../dist/requests/working-days.js';
import { stockholmToday } from '../dist/common/stockholm.js';

const FEMALE = [
  'Alice',
  'Maja',
  'Elsa',
  'Astrid',
  'Wilma',
  'Freja',
  'Alma',
  'Ella',
  'Selma',
  'Olivia',
  'Ebba',
  'Saga',
  'Agnes',
  'Vera',
  'Signe',
  'Stella',
  'Alicia',
  'Lilly',
  'Iris',
  'Juni',
  'Ellen',
  'Leah',
  'Nora',
  'Molly',
  'Ines',
  'Clara',
  'Edith',
  'Sara',
  'Emma',
  'Linnea',
  'Amira',
  'Leila',
  'Hanna',
  'Ida',
  'Tyra',
  'Ester',
  'Elin',
  'Matilda',
  'Siri',
  'Greta',
  'Anna',
  'Eva',
  'Karin',
  'Maria',
  'Sofia',
  'Lena',
  'Åsa',
  'Malin',
  'Johanna',
  'Sanna',
];
const MALE = [
  'Noah',
  'William',
  'Hugo',
  'Liam',
  'Lucas',
  'Oliver',
  'Elias',
  'Adam',
  'Alexander',
  'Matteo',
  'Theo',
  'Oscar',
  'Vincent',
  'Leo',
  'Nils',
  'Ludvig',
  'Walter',
  'Harry',
  'Sixten',
  'Charlie',
  'Arvid',
  'Gustav',
  'Axel',
  'Olle',
  'Malte',
  'Frans',
  'Viggo',
  'Isak',
  'Edvin',
  'Albin',
  'Ali',
  'Yusuf',
  'Omar',
  'Mohammed',
  'Emil',
  'Anton',
  'Filip',
  'Jonas',
  'Erik',
  'Johan',
  'Anders',
  'Per',
  'Mikael',
  'Daniel',
  'Fredrik',
  'Magnus',
  'Stefan',
  'Henrik',
  'Mattias',
  'Björn',
];
const FAMILY = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Pettersson',
  'Jonsson',
  'Jansson',
  'Hansson',
  'Bengtsson',
  'Jönsson',
  'Lindberg',
  'Jakobsson',
  'Magnusson',
  'Olofsson',
  'Lindström',
  'Lindqvist',
  'Lindgren',
  'Berg',
  'Axelsson',
  'Bergström',
  'Lundberg',
  'Lind',
  'Lundgren',
  'Lundqvist',
  'Mattsson',
  'Berglund',
  'Fredriksson',
  'Sandberg',
  'Henriksson',
  'Forsberg',
  'Sjöberg',
  'Wallin',
  'Ali',
  'Engström',
  'Mohammed',
  'Eklund',
  'Danielsson',
  'Lundin',
  'Håkansson',
  'Björk',
  'Bergman',
  'Gunnarsson',
  'Holm',
  'Wikström',
  'Samuelsson',
  'Isaksson',
  'Fransson',
  'Bergqvist',
  'Nyström',
  'Holmberg',
  'Arvidsson',
  'Löfgren',
  'Söderberg',
  'Nyberg',
  'Blomqvist',
  'Claesson',
  'Nordström',
  'Hassan',
];
const UNIT_PREFIXES = [
  'Björk',
  'Ek',
  'Lind',
  'Sol',
  'Äng',
  'Berg',
  'Sjö',
  'Strand',
  'Hag',
  'Ros',
  'Al',
  'Ask',
  'Gran',
  'Tall',
  'Lönn',
  'Hassel',
  'Vide',
  'Rönn',
  'Sälg',
  'Lärk',
  'Mos',
  'Kvarn',
  'Bäck',
  'Ängs',
  'Norr',
  'Söder',
  'Väster',
  'Öster',
  'Dal',
  'Kull',
  'Höjd',
  'Park',
  'Skog',
  'Mark',
  'Torp',
  'Vik',
  'Ö',
  'Udd',
  'Lid',
  'Stig',
];
const UNIT_SUFFIXES = [
  'skolan',
  'backaskolan',
  'dalsskolan',
  'hagaskolan',
  'vallsskolan',
  'lundsskolan',
  'åsskolan',
  'torpsskolan',
];
const DESCRIPTIONS = [
  'Jag vill ta del av elevens senaste individuella utvecklingsplan.',
  'Begär kopior av alla utvecklingsplaner för eleven från de senaste två läsåren.',
  'Utvecklingsplanen från höstens utvecklingssamtal, tack.',
  'Begäran om att få läsa elevens IUP på plats.',
  'Jag är journalist och begär ut elevens utvecklingsplaner.',
  'Vårdnadshavare som vill ha papperskopior av barnets planer.',
  'Alla fastställda planer för eleven, helst elektroniskt.',
  'Utvecklingsplaner för eleven vid skolan under förra läsåret.',
];
const QUESTIONS = [
  'Vilken elev och vilket läsår gäller din begäran?',
  'Vilken skola gick eleven på?',
  'Gäller begäran alla planer eller bara den senaste?',
];
const STREETS = ['Storgatan', 'Skolvägen', 'Kyrkogatan', 'Björkvägen', 'Ängsvägen', 'Sjövägen'];

const ASSESSMENT_TEXTS = {
  Svenska: [
    'Läser med flyt och återberättar handlingen i en text med egna ord. Skriver berättelser med tydlig början, handling och slut.',
    'Läser enkla texter och börjar dra egna slutsatser om vad som händer. Övar vidare på stavning av vanliga ord.',
    'Skriver sammanhängande texter och ger respons på klasskamraters texter på ett hjälpsamt sätt.',
  ],
  Matematik: [
    'Räknar säkert med de fyra räknesätten och förklarar sina lösningar muntligt.',
    'Löser problem i ett steg och visar hur genom bilder. Övar på att välja räknesätt i problem med flera steg.',
    'Använder tabeller och diagram för att beskriva resultat och resonerar om rimlighet.',
  ],
  Engelska: [
    'Förstår enkla instruktioner och berättar kort om sig själv och sin familj.',
    'Deltar gärna i samtal på engelska och använder ett växande ordförråd.',
    'Läser och förstår enkla texter och skriver korta meddelanden.',
  ],
};
const GOALS = [
  ['Svenska', 'Läsa en kapitelbok på egen hand och berätta om den för klassen.'],
  ['Matematik', 'Visa uträkningar i flera steg när problem löses.'],
  [null, 'Ta ansvar för sina uppgifter i grupparbeten.'],
  ['Engelska', 'Våga prata engelska i helklass.'],
];

const SEEDED_TABLES = [
  'school_unit',
  'person',
  'guardianship',
  'enrolment',
  'student_group',
  'group_membership',
  'staff_duty',
  'plan',
  'public_record',
  'plan_version',
  'registration_sequence',
  'records_request',
  'records_request_item',
  'records_request_event',
  'staff_notification',
];

/** A few complete, valid plan contents (the talk date is set per version in SQL). */
function contentVariants() {
  const template = DEFAULT_PLAN_TEMPLATE;
  const scale = template.scale.map((step) => step.value);
  const variants = [];
  for (let v = 0; v < 6; v += 1) {
    const goals = [GOALS[v % GOALS.length], GOALS[(v + 1) % GOALS.length]];
    variants.push({
      assessments: template.subjects.map((subject) => {
        const texts = ASSESSMENT_TEXTS[subject];
        return texts
          ? { subject, scaleValue: scale[1 + (v % 2)], text: texts[v % texts.length] }
          : { subject, scaleValue: null, text: '' };
      }),
      goals: goals.map(([subject, text], index) => ({
        id: `mal-${v}-${index + 1}`,
        subject,
        text,
        actions: {
          school: 'Genomgång i liten grupp varje vecka.',
          pupil: 'Övar tjugo minuter varje dag.',
          guardian: 'Frågar hur det går och uppmuntrar hemma.',
        },
        followUp: '',
      })),
      selfAssessment: {
        answers: template.selfAssessmentQuestions.map((question, index) => ({
          questionId: question.id,
          answer: [
            'Jag trivs bra i klassen och har många kompisar.',
            'Jag är bra på att räkna i huvudet.',
            'Jag vill bli bättre på att läsa högt.',
            'Det hjälper när läraren visar på tavlan.',
          ][(index + v) % 4],
        })),
        text: 'Jag vill att det är lugnt i klassrummet när vi läser.',
      },
      otherDevelopment: template.includesOtherDevelopment
        ? 'Hjälper gärna klasskamrater och lyssnar på andra.'
        : null,
      guardianComments: [],
      talk: {
        date: null,
        participants: ['Eleven', 'Mentor', 'Vårdnadshavare'],
        agreements: 'Eleven läser hemma varje dag och berättar om boken på nästa samtal.',
      },
    });
  }
  return variants;
}

/**
 * Seeds `pupils` pupils (and everything around them) into `schema`, which
 * must be migrated. Returns the timings per table and the row counts.
 */
export async function seedScale({
  databaseUrl,
  schema,
  pupils,
  recordsPerPupil = 10,
  requests = pupils,
  redactionGrounds = ['OSL 23 kap. 2 §', 'OSL 21 kap. 3 §', 'OSL 21 kap. 7 §'],
  deadlineRules = { firstActionWorkingDays: 0, decisionWorkingDays: 2 },
  log = (line) => console.log(line),
}) {
  if (!Number.isInteger(pupils) || pupils < 20) throw new Error('--pupils must be an integer ≥ 20');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const steps = [];
  const started = performance.now();
  // The CPU time of the seeding backend, where PostgreSQL runs on this machine (/proc): on a
  // machine shared with other work, a steadier measure of the seeder's own cost than the clock.
  const [{ backend }] = (await client.query('select pg_backend_pid() as backend')).rows;
  const cpuMs = () => {
    const cpu = processCpu(backend);
    return cpu === null ? null : cpu.seconds * 1000;
  };
  const cpuAtStart = cpuMs();
  const step = async (table, sql, params = []) => {
    const at = performance.now();
    const cpuAt = cpuMs();
    const result = typeof sql === 'function' ? await sql() : await client.query(sql, params);
    const ms = performance.now() - at;
    const cpu = cpuAt === null ? null : Math.round(cpuMs() - cpuAt);
    steps.push({ table, rows: result.rowCount ?? 0, ms: Math.round(ms), cpuMs: cpu });
    log(
      `  ${table.padEnd(34)} ${String(result.rowCount ?? 0).padStart(9)} rows ${(ms / 1000).toFixed(1).padStart(7)} s` +
        (cpu === null ? '' : ` (backend CPU ${(cpu / 1000).toFixed(1)} s)`),
    );
    return result;
  };
  try {
    await client.query(`set search_path = ${client.escapeIdentifier(schema)}`);
    await client.query(`set work_mem = '256MB'`);
    // Index builds after the load sort in memory; the seed's temporary tables (11 M rows at
    // national scale) stay in local buffers instead of going through the disk 8 MB at a time.
    await client.query(`set maintenance_work_mem = '1GB'`);
    await client.query(`set temp_buffers = '1GB'`);
    await client.query('set synchronous_commit = off');

    const now = new Date();
    const today = stockholmToday(now);
    const [year, month] = today.split('-').map(Number);
    // The school year running today (from August): its autumn talks are held, its spring talks not yet.
    const schoolYear = month >= 8 ? year : year - 1;
    const units = Math.max(2, Math.round(pupils / 400));
    const perUnit = Math.ceil(pupils / units);
    const classesPerYear = Math.max(1, Math.round(perUnit / 10 / 22));
    const token = Math.random().toString(36).slice(2, 8);
    const tag = `scale:${token}`;

    // Deadlines by the service's own working-day rules, for every day a seeded request can come in.
    const deadlineDays = [];
    for (let back = 0; back <= 760; back += 1) {
      const receivedOn = addDays(today, -back);
      deadlineDays.push({ receivedOn, ...computeDeadlines(receivedOn, deadlineRules) });
    }

    await client.query('begin');
    // Foreign keys are checked once, set-based, before the commit (below) instead of row by row by
    // their triggers: a bulk load's usual shortcut, where the role may take it (a superuser).
    const deferredChecks = await client
      .query('set local session_replication_role = replica')
      .then(() => true)
      .catch(async () => {
        await client.query('rollback');
        await client.query('begin');
        return false;
      });
    // Indexes are built once after the load rather than kept up row by row during it: the plain
    // ones dropped now, and unique and primary keys no foreign key leans on, re-added after.
    const restoreIndexes = await deferIndexes(client, schema);
    // Numbers are taken here: the service waits for this transaction rather than collide with it.
    await client.query('lock table registration_sequence in share row exclusive mode');
    const [offsets] = (
      await client.query(
        `select (select count(*) from school_unit where external_id like 'scale:%')::int as units,
                (select count(*) from person where external_id like 'scale:%:pupil:%')::int as pupils,
                (select count(*) from person where external_id like 'scale:%:adult:%')::int as adults`,
      )
    ).rows;
    const reviewers = (
      await client.query(
        `select a.id from account a
          where not a.is_disabled
            and exists (select 1 from staff_duty d where d.person_id = a.person_id and d.role = 'reviewer')
          order by a.username`,
      )
    ).rows.map((row) => row.id);
    if (reviewers.length === 0) {
      log(
        '  (no reviewer accounts in the schema: requests stay unassigned; start the service with DEMO_DATA=on first)',
      );
    }

    await client.query(`
      create temp table seed_deadline (received_on date primary key, first_action_due date, decision_due date)
      on commit drop`);
    await client.query(
      `insert into seed_deadline select * from unnest($1::date[], $2::date[], $3::date[])`,
      [
        deadlineDays.map((d) => d.receivedOn),
        deadlineDays.map((d) => d.firstActionDue),
        deadlineDays.map((d) => d.decisionDue),
      ],
    );
    // The Luhn check digit of YYMMDDNNN (weights 2,1,2,…; a doubled digit over 9 counts its digit sum).
    await client.query(`
      create function pg_temp.luhn(d text) returns int language sql immutable as $$
        select (10 - (
          (2 * substr(d, 1, 1)::int) / 10 + (2 * substr(d, 1, 1)::int) % 10 + substr(d, 2, 1)::int
          + (2 * substr(d, 3, 1)::int) / 10 + (2 * substr(d, 3, 1)::int) % 10 + substr(d, 4, 1)::int
          + (2 * substr(d, 5, 1)::int) / 10 + (2 * substr(d, 5, 1)::int) % 10 + substr(d, 6, 1)::int
          + (2 * substr(d, 7, 1)::int) / 10 + (2 * substr(d, 7, 1)::int) % 10 + substr(d, 8, 1)::int
          + (2 * substr(d, 9, 1)::int) / 10 + (2 * substr(d, 9, 1)::int) % 10) % 10) % 10
      $$`);
    // A registration number's running part: at least five digits, never cut (lpad would cut).
    await client.query(`
      create function pg_temp.seq(n int) returns text language sql immutable as $$
        select lpad(n::text, greatest(5, length(n::text)), '0')
      $$`);
    // A well-spread, repeatable number from a seed value.
    await client.query(`
      create function pg_temp.h(v bigint) returns bigint language sql immutable as $$
        select abs(hashint8(v)::bigint)
      $$`);
    // A personal identity number: birth date, a birth number from 999 down (the test range, 50 a
    // day and gender; a national cohort of 110,000 has 150 a day and gender, who go on down to 7xx), Luhn.
    await client.query(`
      create function pg_temp.civic(born date, slot int, gender int) returns text language sql immutable as $$
        select to_char(born, 'YYYYMMDD') || lpad((998 - 2 * slot + gender)::text, 3, '0')
               || pg_temp.luhn(to_char(born, 'YYMMDD') || lpad((998 - 2 * slot + gender)::text, 3, '0'))
      $$`);

    // School units.
    await step(
      'school_unit',
      `insert into school_unit (id, external_id, name, school_unit_code, municipality_id, created_at, updated_at)
       select md5($1 || ':unit:' || k)::uuid, $1 || ':unit:' || k,
              ($2::text[])[1 + k % array_length($2, 1)] || ($3::text[])[1 + (k / array_length($2, 1)) % array_length($3, 1)]
                || case when k >= array_length($2, 1) * array_length($3, 1)
                        then ' ' || (1 + k / (array_length($2, 1) * array_length($3, 1)))::text else '' end,
              (60000000 + $4::int + k)::text,
              (select id from municipality order by created_at limit 1), now(), now()
         from generate_series(0, ${units - 1}) k`,
      [tag, UNIT_PREFIXES, UNIT_SUFFIXES, offsets.units],
    );

    // Pupils: unit by index, then school year 0 (förskoleklass) to 9, then class. Siblings: three
    // in ten pupils share a family with the pupil one school year below at the same school.
    await client.query(
      `create temp table seed_pupil on commit drop as
       select i, md5($1 || ':pupil:' || i)::uuid as id, md5($1 || ':unit:' || u)::uuid as unit_id, u, y, c,
              fam, m % 2 as gender,
              make_date(${schoolYear} - 6 - y, 1, 1) + ((m / 2) % 365)::int as born,
              (m / 2 / 365)::int as slot
         from (select i, i % ${units} as u, (i / ${units}) % 10 as y,
                      ((i / ${units}) / 10) % ${classesPerYear} as c,
                      (i % ${units}) + ${units} * (i / (10 * ${units})) + $2::int as m,
                      case when (i / ${units}) % 2 = 1 and (i / ${units}) % 10 > 0
                                and pg_temp.h(i - ${units} + 999) % 10 < 3
                           then i - ${units} else i end as fam
                 from generate_series(0, ${pupils - 1}) i) t`,
      [tag, offsets.pupils],
    );
    await assignCivicNumbers(client, 'seed_pupil', 'i');
    await client.query('create index on seed_pupil (fam)');
    await client.query('create index on seed_pupil (i)');
    await client.query('analyze seed_pupil');
    await client.query(
      `create temp table seed_family on commit drop as
       select fam, (row_number() over (order by fam) - 1)::int as f,
              ($1::text[])[1 + pg_temp.h(fam * 13 + 5) % array_length($1, 1)] as family_name,
              case when pg_temp.h(fam * 17 + 3) % 1000 < 3 then 'Skyddad folkbokföring'
                   when pg_temp.h(fam * 17 + 3) % 1000 < 8 then 'Sekretessmarkering'
                   else 'Ingen' end as marking,
              pg_temp.h(fam * 19 + 11) % 10 <> 0 as two_guardians
         from (select distinct fam from seed_pupil) t`,
      [FAMILY],
    );
    await client.query('analyze seed_family');
    await step(
      'person (pupils)',
      `insert into person (id, external_id, civic_no, given_name, family_name, security_marking, created_at, updated_at)
       select p.id, $1 || ':pupil:' || p.i, p.civic,
              case when p.gender = 0 then ($2::text[])[1 + pg_temp.h(p.i * 7 + 1) % array_length($2, 1)]
                   else ($3::text[])[1 + pg_temp.h(p.i * 7 + 1) % array_length($3, 1)] end,
              f.family_name, f.marking, now(), now()
         from seed_pupil p join seed_family f using (fam)`,
      [tag, FEMALE, MALE],
    );
    // Guardians (a mother and, in nine families of ten, a father) and staff: adults born 1960–1994.
    const adultBase = offsets.adults + (offsets.adults % 2);
    await client.query(
      `create temp table seed_adult on commit drop as
       select md5($1 || ':adult:' || a)::uuid as id, a, kind, fam, unit_id, group_key, gender,
              date '1960-01-01' + (((a + $2::int) / 2) % 12784)::int as born,
              (((a + $2::int) / 2) / 12784)::int as slot
         from (select 2 * f + k as a, 'guardian' as kind, fam, null::uuid as unit_id, null::text as group_key, k as gender
                 from seed_family cross join generate_series(0, 1) k
                where k = 0 or two_guardians
               union all
               select 2 * (select count(*) from seed_family)::int + s, kind, null, unit_id, group_key, s % 2
                 from (select row_number() over (order by kind, group_key)::int - 1 as s, *
                         from (select 'mentor' as kind, md5($1 || ':unit:' || u)::uuid as unit_id,
                                      u || ':' || y || ':' || c as group_key
                                 from generate_series(0, ${units - 1}) u, generate_series(0, 9) y,
                                      generate_series(0, ${classesPerYear - 1}) c
                               union all
                               select 'principal', md5($1 || ':unit:' || u)::uuid, null
                                 from generate_series(0, ${units - 1}) u) staff) numbered) t`,
      [tag, adultBase],
    );
    await assignCivicNumbers(client, 'seed_adult', 'a');
    await client.query('analyze seed_adult');
    await step(
      'person (guardians, staff)',
      `insert into person (id, external_id, civic_no, given_name, family_name, security_marking, imported_email,
                           created_at, updated_at)
       select a.id, $1 || ':adult:' || (a.a + $4::int), a.civic, g.given_name,
              coalesce(case when a.gender = 1 and pg_temp.h(a.a * 23) % 10 < 3
                            then ($5::text[])[1 + pg_temp.h(a.a * 29) % array_length($5, 1)] end,
                       f.family_name, ($5::text[])[1 + pg_temp.h(a.a * 29) % array_length($5, 1)]),
              coalesce(f.marking, 'Ingen'),
              case when a.kind = 'guardian' and pg_temp.h(a.a * 31) % 2 = 0 and f.marking = 'Ingen'
                   then translate(lower(g.given_name), 'åäöé', 'aaoe') || '.' || a.a || '@example.com' end,
              now(), now()
         from seed_adult a
         left join seed_family f using (fam)
         cross join lateral (select case when a.gender = 0
                                         then ($2::text[])[1 + pg_temp.h(a.a * 7 + 2) % array_length($2, 1)]
                                         else ($3::text[])[1 + pg_temp.h(a.a * 7 + 2) % array_length($3, 1)] end
                               as given_name) g`,
      [tag, FEMALE, MALE, adultBase, FAMILY],
    );
    await step(
      'guardianship',
      `insert into guardianship (guardian_id, pupil_id)
       select a.id, p.id from seed_adult a join seed_pupil p using (fam) where a.kind = 'guardian'`,
    );
    await step(
      'enrolment',
      `insert into enrolment (id, person_id, school_unit_id, school_form, school_year, start_date, end_date, updated_at)
       select md5($1 || ':enrolment:' || i)::uuid, id, unit_id,
              case when y = 0 then 'förskoleklass' when pg_temp.h(i * 37) % 100 < 2 then 'anpassad grundskola'
                   else 'grundskola' end,
              y, make_date(${schoolYear} - greatest(y - 1, 0), 8, 19), null, now()
         from seed_pupil`,
      [tag],
    );
    await step(
      'student_group',
      `insert into student_group (id, external_id, school_unit_id, name, group_type, school_year, start_date, end_date,
                                  updated_at)
       select md5($1 || ':group:' || t || ':' || u || ':' || y || ':' || c)::uuid,
              $1 || ':group:' || t || ':' || u || ':' || y || ':' || c,
              md5($1 || ':unit:' || u)::uuid,
              case when t = 'Mentor' then 'Mentorsgrupp ' else '' end
                || case when y = 0 then 'F' else y::text end || chr(65 + c),
              t, y, make_date(${schoolYear}, 8, 19), make_date(${schoolYear + 1}, 6, 12), now()
         from unnest(array['Klass', 'Mentor']) t, generate_series(0, ${units - 1}) u, generate_series(0, 9) y,
              generate_series(0, ${classesPerYear - 1}) c`,
      [tag],
    );
    await step(
      'group_membership',
      `insert into group_membership (group_id, person_id)
       select md5($1 || ':group:' || t || ':' || u || ':' || y || ':' || c)::uuid, id
         from seed_pupil, unnest(array['Klass', 'Mentor']) t`,
      [tag],
    );
    await step(
      'staff_duty',
      `insert into staff_duty (id, external_id, person_id, role, school_unit_id, group_id, start_date, updated_at)
       select md5($1 || ':duty:' || a)::uuid, $1 || ':duty:' || a, id, kind, unit_id,
              case when kind = 'mentor' then md5($1 || ':group:Mentor:' || group_key)::uuid end,
              make_date(${schoolYear}, 8, 1), now()
         from seed_adult where kind <> 'guardian'`,
      [tag],
    );

    // Plans: one per school year from year 1; earlier years established with several versions,
    // this year's established after the autumn talk for six pupils in ten, a draft for the rest.
    await client.query(
      `create temp table seed_plan on commit drop as
       select row_number() over (order by p.i, g)::int as n, p.i, p.id as pupil_id, p.unit_id, p.y, g,
              ${schoolYear} - (p.y - g) as starts,
              (${schoolYear} - (p.y - g)) || '/' || lpad(((${schoolYear} - (p.y - g) + 1) % 100)::text, 2, '0') as period,
              g = p.y as is_current,
              case when g < p.y or pg_temp.h(p.i * 41) % 10 < 6 then 'established' else 'draft' end as state,
              0 as versions
         from seed_pupil p cross join generate_series(1, p.y) g
        where p.y >= 1`,
    );
    const [{ past, current }] = (
      await client.query(
        `select count(*) filter (where not is_current)::int as past,
                count(*) filter (where is_current and state = 'established')::int as current
           from seed_plan`,
      )
    ).rows;
    // Exactly recordsPerPupil × pupils records: this year's established plans one version each,
    // the earlier years' plans share the rest (about 2–3 versions each).
    const rest = Math.max(past, recordsPerPupil * pupils - current);
    await client.query(
      `update seed_plan s set versions = case when s.is_current then 1
                                              else ${Math.floor(rest / past)} + (r.rank < ${rest % past})::int end
         from (select n, row_number() over (order by pg_temp.h(n * 43 + 1), n) - 1 as rank
                 from seed_plan where not is_current) r
        where r.n = s.n and not s.is_current`,
    );
    await client.query(
      `update seed_plan set versions = 1 where is_current and state = 'established'`,
    );
    await client.query('alter table seed_plan add primary key (n)');
    await client.query('analyze seed_plan');
    await client.query(
      `create temp table seed_version0 on commit drop as
       select s.n, s.i, s.pupil_id, s.unit_id, s.period, k as version, s.versions,
              md5($1 || ':record:' || s.n || ':' || k)::uuid as record_id,
              case when s.is_current
                   then make_date(${schoolYear}, 9, 20)
                        + (pg_temp.h(s.n * 47) % greatest(1, date '${today}' - make_date(${schoolYear}, 9, 20)))::int
                   else make_date(s.starts, 9, 20) + ((k - 1) * (250 / s.versions) + pg_temp.h(s.n * 53 + k) % 20)::int
              end as talk_date
         from seed_plan s cross join generate_series(1, s.versions) k`,
      [tag],
    );
    // Registration numbers by year, in the order of the talks, after any the schema already has.
    await client.query(
      `create temp table seed_version on commit drop as
       select v.*, (coalesce(rs.last_value, 0)
                    + row_number() over (partition by v.reg_year order by v.talk_date, v.n, v.version))::int as seq
         from (select *, extract(year from talk_date)::int as reg_year from seed_version0) v
         left join registration_sequence rs on rs.series = 'IUP' and rs.year = v.reg_year`,
    );
    await client.query('drop table seed_version0');
    await client.query('create index on seed_version (i, talk_date desc)');
    await client.query('analyze seed_version');
    await client.query(
      `alter table seed_plan add column last_talk date;
       update seed_plan s set last_talk = l.last_talk
         from (select n, max(talk_date) as last_talk from seed_version group by n) l where l.n = s.n`,
    );
    await step(
      'public_record',
      `insert into public_record (id, registration_number, kind, title, pupil_id, school_unit_id, document_date,
                                  registered_at, confidentiality_marking, disposal_date)
       select record_id, 'IUP-' || reg_year || '-' || pg_temp.seq(seq), 'iup',
              'Individuell utvecklingsplan ' || period || ', version ' || version, pupil_id, unit_id, talk_date,
              (talk_date + time '15:00') at time zone 'Europe/Stockholm', null, null
         from seed_version`,
    );
    await step(
      'plan',
      `insert into plan (id, pupil_id, school_unit_id, period, state, established_version, revision, draft, template,
                         created_at, updated_at)
       select md5($1 || ':plan:' || s.n)::uuid, s.pupil_id, s.unit_id, s.period, s.state, s.versions,
              s.versions * 3 + 2,
              case when s.state = 'draft'
                   then jsonb_set(($2::jsonb[])[1 + pg_temp.h(s.n * 59) % array_length($2, 1)], '{talk}',
                                  '{"date": null, "participants": [], "agreements": ""}')
              end,
              $3::jsonb, make_date(s.starts, 8, 25)::timestamptz,
              coalesce((s.last_talk + time '15:00') at time zone 'Europe/Stockholm', now())
         from seed_plan s`,
      [tag, contentVariants(), DEFAULT_PLAN_TEMPLATE],
    );
    await step(
      'plan_version',
      `insert into plan_version (plan_id, version, content, template, talk_date, established_at, record_id)
       select md5($1 || ':plan:' || n)::uuid, version,
              jsonb_set(($2::jsonb[])[1 + pg_temp.h(n * 61 + version) % array_length($2, 1)], '{talk,date}',
                        to_jsonb(talk_date::text)),
              $3::jsonb, talk_date, (talk_date + time '15:00') at time zone 'Europe/Stockholm', record_id
         from seed_version`,
      [tag, contentVariants(), DEFAULT_PLAN_TEMPLATE],
    );
    await step(
      'registration_sequence (IUP)',
      `insert into registration_sequence (series, year, last_value)
       select 'IUP', reg_year, max(seq) from seed_version group by reg_year
       on conflict (series, year) do update set last_value = greatest(registration_sequence.last_value, excluded.last_value)`,
    );

    // Requests: a tenth new, an eighth in review, some waiting for the requester, some decided
    // and not yet delivered, the rest delivered; each names a pupil with records.
    await client.query(
      `create temp table seed_eligible on commit drop as
       select (row_number() over (order by i) - 1)::int as e, i from seed_pupil where y >= 2`,
    );
    await client.query('alter table seed_eligible add primary key (e)');
    // Planned on what is there now, not on the empty tables of the last autovacuum.
    await client.query('analyze seed_eligible, person, school_unit, public_record');
    await client.query(
      `create temp table seed_request on commit drop as
       select r.*, d.first_action_due, d.decision_due,
              extract(year from r.received_on)::int as reg_year
         from (select q, md5($1 || ':request:' || q)::uuid as id, b, h, status, e.i as pupil_i,
                      date '${today}' - case status
                        when 'received' then (h / 7) % 45
                        when 'in_review' then (h / 7) % 60
                        when 'awaiting_clarification' then 3 + (h / 7) % 40
                        when 'decided' then 2 + (h / 7) % 20
                        else 10 + (h / 7) % 700 end::int as received_on,
                      case when h % 100 < 55 then 'web' when h % 100 < 65 then 'api' when h % 100 < 80 then 'email'
                           when h % 100 < 88 then 'letter' when h % 100 < 94 then 'phone'
                           when h % 100 < 97 then 'desk' else 'forwarded' end as channel,
                      case when (h / 100) % 10 < 6 then 'electronic' when (h / 100) % 10 < 9 then 'paper'
                           else 'on_site' end as delivery,
                      case when status = 'received' then null
                           else ($2::uuid[])[1 + (h / 1000) % greatest(1, coalesce(array_length($2, 1), 0))] end
                        as assignee,
                      1 + (h / 10000) % 4 as wanted
                 from (select q, b, h,
                              case when b < 100 then 'received' when b < 220 then 'in_review'
                                   when b < 250 then 'awaiting_clarification' when b < 300 then 'decided'
                                   else 'delivered' end as status
                         from (select q, pg_temp.h(q * 67 + 5) % 1000 as b, pg_temp.h(q * 71 + 9) as h
                                 from generate_series(0, ${requests - 1}) q) t) s
                 join seed_eligible e on e.e = pg_temp.h(s.q * 73 + 13) % (select count(*) from seed_eligible)) r
         join seed_deadline d on d.received_on = r.received_on`,
      [tag, reviewers],
    );
    await client.query(
      `alter table seed_request add column seq int, add column received_at timestamptz, add column decided_at timestamptz;
       update seed_request r set seq = o.seq,
              received_at = least(now() - interval '10 minutes',
                                  (r.received_on + time '07:30' + (r.h % 600) * interval '1 minute') at time zone 'Europe/Stockholm')
         from (select q, (coalesce(rs.last_value, 0) + row_number() over (partition by reg_year order by received_on, q))::int as seq
                 from seed_request left join registration_sequence rs on rs.series = 'BEG' and rs.year = reg_year) o
        where o.q = r.q;
       update seed_request set decided_at = least(now() - interval '5 minutes',
                                                  received_at + (1 + h % 3) * interval '20 hours')
        where status in ('decided', 'delivered');
       alter table seed_request add primary key (q);
       analyze seed_request`,
    );
    await step(
      'records_request',
      `insert into records_request (id, registration_number, receipt_code_hash, channel, received_on, received_at,
         description, pupil_name, school, period, delivery, contact_name, contact_email, contact_phone, postal_address,
         status, assignee_account_id, registered_by_account_id, forwarded_by_account_id, first_action_due, decision_due,
         first_action_at, processed_at, clarification_question, clarification_asked_on, waited_working_days, decided_at,
         version, created_at, updated_at, fee_kr, delivered_at, invoice_consent_at, payment, alerts_scheduled_for)
       select r.id, 'BEG-' || r.reg_year || '-' || pg_temp.seq(r.seq),
              encode(sha256(convert_to(substr(c.code, 1, 4) || '-' || substr(c.code, 5, 4) || '-' || substr(c.code, 9, 4),
                                       'UTF8')), 'hex'),
              r.channel, r.received_on, r.received_at,
              ($3::text[])[1 + r.h % array_length($3, 1)],
              pe.given_name || ' ' || pe.family_name,
              case when r.h % 5 < 3 then su.name end,
              null, r.delivery,
              case when r.delivery = 'paper' or r.h % 2 = 0 then ($4::text[])[1 + r.h % array_length($4, 1)] || ' '
                     || ($5::text[])[1 + (r.h / 3) % array_length($5, 1)] end,
              case when r.delivery = 'electronic' then 'begaran.' || r.q || '@example.com' end,
              null,
              case when r.delivery = 'paper' then ($6::text[])[1 + r.h % array_length($6, 1)] || ' ' || (1 + r.h % 40)
                     || E'\\n' || (44000 + r.h % 900) || ' Lerum' end,
              r.status, r.assignee,
              case when r.channel in ('email', 'letter', 'phone', 'desk') then ($2::uuid[])[1] end,
              null, r.first_action_due, r.decision_due,
              case when r.assignee is not null then least(now() - interval '6 minutes', r.received_at + interval '2 hours') end,
              r.received_at + interval '1 second',
              case when r.status = 'awaiting_clarification' then ($7::text[])[1 + r.h % array_length($7, 1)] end,
              case when r.status = 'awaiting_clarification' then least(date '${today}', r.received_on + 1) end,
              0, r.decided_at,
              case r.status when 'received' then 0 when 'delivered' then 4 when 'decided' then 3 else 1 end,
              r.received_at,
              coalesce(case when r.status = 'delivered' then least(now(), r.decided_at + interval '1 day') end,
                       r.decided_at, r.received_at + interval '1 second'),
              case when r.status in ('decided', 'delivered') and r.delivery = 'paper'
                   then case when r.h % 5 = 0 then 50 else 0 end end,
              case when r.status = 'delivered' then least(now(), r.decided_at + interval '1 day') end,
              case when r.delivery = 'paper' and r.h % 5 = 0 and r.h % 3 = 0 then r.received_at end,
              case when r.status = 'delivered'
                   then case when r.delivery = 'paper' and r.h % 5 = 0
                             then case when r.h % 3 = 0 then 'invoice' else 'prepaid' end
                             else 'free' end end,
              case when r.status in ('received', 'in_review') then r.decision_due end
         from seed_request r
         join seed_pupil p on p.i = r.pupil_i
         join person pe on pe.id = p.id
         join school_unit su on su.id = p.unit_id
         cross join lateral (select upper(substr(md5($1 || ':receipt:' || r.q), 1, 12)) as code) c`,
      [
        tag,
        reviewers.length > 0 ? reviewers : [null],
        DESCRIPTIONS,
        FEMALE,
        FAMILY,
        STREETS,
        QUESTIONS,
      ],
    );
    // Items: the pupil's most recent records (one to four); a draft where this year's plan is one.
    await client.query(
      `create temp table seed_item on commit drop as
       select r.q, r.id as request_id, r.status, r.h, r.assignee, r.decided_at, r.received_at, v.rn, v.record_id,
              null::uuid as plan_id, 'record' as kind, v.registration_number,
              case when r.status in ('decided', 'delivered') or (r.status = 'in_review' and v.rn = 1 and r.h % 2 = 0)
                   then case when pg_temp.h(r.q * 79 + v.rn) % 10 < 6 then 'release'
                             when pg_temp.h(r.q * 79 + v.rn) % 10 < 9 then 'release_with_redactions'
                             else 'refuse' end end as decision
         from seed_request r
         cross join lateral (select sv.record_id, 'IUP-' || sv.reg_year || '-' || pg_temp.seq(sv.seq) as registration_number,
                                    row_number() over (order by sv.talk_date desc)::int as rn
                               from seed_version sv where sv.i = r.pupil_i
                              order by sv.talk_date desc limit r.wanted) v
       union all
       select r.q, r.id, r.status, r.h, r.assignee, r.decided_at, r.received_at, 10, null,
              md5($1 || ':plan:' || s.n)::uuid, 'draft', null, null
         from seed_request r join seed_plan s on s.i = r.pupil_i and s.is_current and s.state = 'draft'
        where r.status in ('received', 'in_review', 'awaiting_clarification')`,
      [tag],
    );
    await client.query('create index on seed_item (q)');
    await client.query('analyze seed_item');
    await step(
      'records_request_item',
      `insert into records_request_item (id, request_id, record_id, plan_id, kind, source, decision, redactions,
                                         refusal_ground, reasons, decided_by_account_id, decided_at, version, created_at)
       select md5($1 || ':item:' || q || ':' || rn)::uuid, request_id, record_id, plan_id, kind,
              case when h % 10 = 0 and rn > 1 then 'added' else 'matched' end,
              decision,
              case when decision = 'release_with_redactions'
                   then jsonb_build_array(jsonb_build_object('fieldId', 'assessments.0.text', 'ground', ($2::text[])[1]))
                   else '[]'::jsonb end,
              case when decision = 'refuse' then ($2::text[])[1] end,
              case when decision = 'refuse'
                   then 'Planen innehåller uppgifter om elevens stöd som omfattas av sekretess; ett utlämnande skulle skada eleven.' end,
              case when decision is not null then assignee end,
              case when decision is not null then coalesce(decided_at, least(now(), received_at + interval '3 hours')) end,
              case when decision is not null then 1 else 0 end,
              received_at + interval '1 second'
         from seed_item`,
      [tag, redactionGrounds],
    );
    await step(
      'records_request_event',
      `insert into records_request_event (request_id, occurred_at, kind, actor_account_id, details)
       select request_id, occurred_at, kind, actor, details from (
         select r.q, 1 as o, r.id as request_id, r.received_at as occurred_at, 'received' as kind, null::uuid as actor,
                jsonb_build_object('channel', r.channel, 'receivedOn', r.received_on::text) as details
           from seed_request r
         union all
         select r.q, 2, r.id, r.received_at + interval '1 second', 'first_steps', null,
                jsonb_build_object('firstActionDue', r.first_action_due::text, 'decisionDue', r.decision_due::text,
                                   'records', (select count(*) from seed_item i where i.q = r.q and i.kind = 'record'),
                                   'drafts', (select count(*) from seed_item i where i.q = r.q and i.kind = 'draft'),
                                   'reviewersNotified', ${reviewers.length})
           from seed_request r
         union all
         select r.q, 3, r.id, least(now() - interval '6 minutes', r.received_at + interval '2 hours'), 'claimed', r.assignee,
                jsonb_build_object('from', 'received', 'to', 'in_review')
           from seed_request r where r.assignee is not null
         union all
         select r.q, 4, r.id, least(now() - interval '5 minutes', r.received_at + interval '3 hours'), 'clarification_asked',
                r.assignee, jsonb_build_object('from', 'in_review', 'to', 'awaiting_clarification')
           from seed_request r where r.status = 'awaiting_clarification'
         union all
         select i.q, 5, i.request_id, coalesce(i.decided_at, least(now(), i.received_at + interval '3 hours')), 'item_decided',
                i.assignee,
                jsonb_build_object('item', md5($1 || ':item:' || i.q || ':' || i.rn)::uuid, 'registrationNumber',
                                   i.registration_number, 'decision', i.decision,
                                   'redactions', (i.decision = 'release_with_redactions')::int,
                                   'from', 'in_review', 'to', 'in_review')
           from seed_item i where i.decision is not null
         union all
         select r.q, 6, r.id, r.decided_at, 'decided', r.assignee,
                jsonb_build_object('items', (select count(*) from seed_item i where i.q = r.q), 'letter', null,
                                   'from', 'in_review', 'to', 'decided')
           from seed_request r where r.status in ('decided', 'delivered')
         union all
         select r.q, 7, r.id, least(now(), r.decided_at + interval '1 day'), 'delivered', r.assignee,
                jsonb_build_object('delivery', r.delivery, 'payment', 'free', 'emailed', 0,
                                   'from', 'decided', 'to', 'delivered')
           from seed_request r where r.status = 'delivered'
       ) e order by q, o`,
      [tag],
    );
    // "New request" for each reviewer (seen, except the last two days'); escalations of overdue requests seen.
    await step(
      'staff_notification',
      `insert into staff_notification (id, account_id, request_id, kind, created_at, read_at)
       select md5($1 || ':notice:' || r.q || ':' || reviewer)::uuid, reviewer, r.id, 'new_request',
              r.received_at + interval '1 second',
              case when r.received_on < date '${today}' - 2 then r.received_at + interval '1 hour' end
         from seed_request r cross join unnest($2::uuid[]) reviewer
        where r.status = 'received'
       union all
       select md5($1 || ':escalation:' || r.q)::uuid, r.assignee, r.id, 'escalation',
              (r.decision_due + 1 + time '07:00') at time zone 'Europe/Stockholm',
              (r.decision_due + 1 + time '09:00') at time zone 'Europe/Stockholm'
         from seed_request r
        where r.status = 'in_review' and r.assignee is not null and r.decision_due < date '${today}' - 1`,
      [tag, reviewers],
    );
    await step(
      'registration_sequence (BEG)',
      `insert into registration_sequence (series, year, last_value)
       select 'BEG', reg_year, max(seq) from seed_request group by reg_year
       on conflict (series, year) do update set last_value = greatest(registration_sequence.last_value, excluded.last_value)`,
    );
    await step('(indexes built)', async () => {
      for (const statement of restoreIndexes) await client.query(statement);
      return { rowCount: restoreIndexes.length };
    });
    if (deferredChecks) {
      await step('(foreign keys checked)', ...(await foreignKeyCheck(client, schema)));
      const [{ broken }] = (await client.query('select count(*)::int as broken from seed_broken'))
        .rows;
      if (broken > 0) throw new Error(`${broken} seeded rows name a row that does not exist`);
    }
    const commitAt = performance.now();
    await client.query('commit');
    steps.push({ table: 'commit', rows: 0, ms: Math.round(performance.now() - commitAt) });
    const analyzeAt = performance.now();
    await client.query(`analyze ${SEEDED_TABLES.join(', ')}`);
    steps.push({ table: 'analyze', rows: 0, ms: Math.round(performance.now() - analyzeAt) });
    log(
      `  ${'commit + analyze'.padEnd(34)} ${''.padStart(14)} ${((performance.now() - commitAt) / 1000).toFixed(1).padStart(7)} s`,
    );

    // The personal identity numbers, checked by the same package as the importer.
    const sample = (
      await client.query(
        `select civic_no from person where external_id like $1 order by md5(civic_no) limit 2000`,
        [`${tag}:%`],
      )
    ).rows.map((row) => row.civic_no);
    const invalid = sample.filter((civicNo) => !Personnummer.valid(civicNo));
    if (invalid.length > 0)
      throw new Error(`Invalid personal identity numbers: ${invalid.slice(0, 5).join(', ')}`);

    const totalMs = Math.round(performance.now() - started);
    const cpuAtEnd = cpuMs();
    const backendCpuMs =
      cpuAtStart === null || cpuAtEnd === null ? null : Math.round(cpuAtEnd - cpuAtStart);
    const rows = (table) =>
      steps
        .filter((s) => s.table === table || s.table.startsWith(`${table} (`))
        .reduce((sum, s) => sum + s.rows, 0);
    return {
      tag,
      totalMs,
      backendCpuMs,
      steps,
      counts: {
        schoolUnits: rows('school_unit'),
        pupils,
        persons: rows('person'),
        plans: rows('plan'),
        records: rows('public_record'),
        requests: rows('records_request'),
        items: rows('records_request_item'),
        events: rows('records_request_event'),
      },
      checkedCivicNumbers: sample.length,
      reviewers: reviewers.length,
    };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Gives each seeded person of `table` a personal identity number no one in the schema has yet:
 * where one is taken (the demo's, an earlier run's) the birth number moves below every one this
 * seed uses for the day (so it cannot take another seeded person's) and is tried again.
 */
async function assignCivicNumbers(client, table, key) {
  await client.query(`alter table ${table} add column civic text`);
  await client.query(`update ${table} set civic = pg_temp.civic(born, slot, gender)`);
  await client.query(`analyze ${table}`);
  for (let attempt = 0; ; attempt += 1) {
    const { rowCount } = await client.query(
      `update ${table} t set slot = b.slot, civic = pg_temp.civic(t.born, b.slot::int, t.gender)
         from (select s.${key}, (select max(slot) from ${table})
                                + row_number() over (partition by s.born, s.gender order by s.${key})::int as slot
                 from ${table} s
                where s.${key} in (select ${key} from (select ${key}, row_number() over (partition by civic order by ${key}) as rn
                                                         from ${table}) twins where rn > 1
                                   union
                                   select s2.${key} from ${table} s2 join person p on p.civic_no = s2.civic)) b
        where t.${key} = b.${key}`,
    );
    if (rowCount === 0) break;
    if (attempt > 3) throw new Error(`No free personal identity numbers left for ${table}`);
  }
  const [{ maxSlot }] = (
    await client.query(`select coalesce(max(slot), 0)::int as "maxSlot" from ${table}`)
  ).rows;
  if (maxSlot > 449) {
    throw new Error(
      'Too many people per birth date for the birth numbers 999–100; seed a fresh schema',
    );
  }
}

/**
 * Drops the indexes of the seeded tables that a bulk load would otherwise keep up row by row:
 * every plain index, and each primary key or unique constraint no foreign key depends on (the
 * ones a foreign key needs stay, as do registration_sequence's). Returns the statements that
 * build them again, as they were, for the end of the same transaction.
 */
async function deferIndexes(client, schema) {
  // Every seeded table locked at once first, and again after a pause when the service's work
  // holds one (a wait of a second at most): taken one by one, a drop could deadlock with it.
  const tables = SEEDED_TABLES.filter((table) => table !== 'registration_sequence');
  for (let attempt = 1; ; attempt += 1) {
    await client.query('savepoint seed_locks');
    try {
      await client.query(`set local lock_timeout = '1s'`);
      await client.query(`lock table ${tables.join(', ')} in access exclusive mode`);
      await client.query(`set local lock_timeout = 0`);
      await client.query('release savepoint seed_locks');
      break;
    } catch (error) {
      await client.query('rollback to savepoint seed_locks');
      if (attempt >= 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const { rows } = await client.query(
    `select i.indexrelid::regclass::text as index, t.relname as table_name, c.conname,
            pg_get_indexdef(i.indexrelid) as indexdef, pg_get_constraintdef(c.oid) as condef
       from pg_index i
       join pg_class t on t.oid = i.indrelid
       left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
                                and c.contype in ('p', 'u')
      where t.relnamespace = $1::regnamespace and t.relname = any($2)
        and t.relname <> 'registration_sequence'
        and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = i.indexrelid)
        and (c.oid is not null or not exists (select 1 from pg_constraint x where x.conindid = i.indexrelid))
      order by t.relname, i.indexrelid::regclass::text`,
    [client.escapeIdentifier(schema), SEEDED_TABLES],
  );
  const restore = [];
  for (const row of rows) {
    const table = client.escapeIdentifier(row.table_name);
    if (row.conname) {
      const name = client.escapeIdentifier(row.conname);
      await client.query(`alter table ${table} drop constraint ${name}`);
      restore.push(`alter table ${table} add constraint ${name} ${row.condef}`);
    } else {
      await client.query(`drop index ${row.index}`);
      restore.push(row.indexdef);
    }
  }
  return restore;
}

/** One statement that finds every seeded row whose foreign key names nothing (into seed_broken). */
async function foreignKeyCheck(client, schema) {
  const { rows } = await client.query(
    `select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(n, o)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o) as cols,
            array(select a.attname::text from unnest(c.confkey) with ordinality k(n, o)
                    join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o) as parent_cols
       from pg_constraint c
      where c.contype = 'f' and c.connamespace = $1::regnamespace and c.conrelid::regclass::text = any($2)`,
    [client.escapeIdentifier(schema), SEEDED_TABLES],
  );
  const checks = rows.map(({ child, parent, cols, parent_cols: parentCols }) => {
    const id = (name) => client.escapeIdentifier(name);
    const present = cols.map((col) => `c.${id(col)} is not null`).join(' and ');
    const match = cols.map((col, i) => `p.${id(parentCols[i])} = c.${id(col)}`).join(' and ');
    return `select ${client.escapeLiteral(`${child} → ${parent}`)} as fk, count(*) as broken
              from ${id(child)} c where ${present} and not exists (select 1 from ${id(parent)} p where ${match})`;
  });
  return [
    `create temp table seed_broken on commit drop as
           select * from (${checks.join(' union all ')}) t where broken > 0`,
  ];
}

/** `--name value` from argv. */
function option(argv, name, fallback) {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1] : fallback;
}

async function main() {
  const argv = process.argv.slice(2);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('Set DATABASE_URL (the PostgreSQL to seed).');
    process.exit(2);
  }
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: option(argv, 'schema', process.env.DATABASE_SCHEMA ?? 'iup'),
    LOG_LEVEL: 'warn',
  });
  const pupils = Number(option(argv, 'pupils', '100000'));
  const schema = config.database.schema;
  console.log(`Migrating schema ${schema} …`);
  await migrateDatabase(config);
  console.log(`Seeding ${pupils} pupils into ${schema}:`);
  const result = await seedScale({
    databaseUrl,
    schema,
    pupils,
    recordsPerPupil: Number(option(argv, 'records-per-pupil', '10')),
    requests: Number(option(argv, 'requests', String(pupils))),
    redactionGrounds: config.redaction.grounds,
    deadlineRules: config.requests,
  });
  console.log(
    `Done in ${(result.totalMs / 1000).toFixed(1)} s` +
      (result.backendCpuMs === null
        ? ''
        : ` (the database backend's CPU ${(result.backendCpuMs / 1000).toFixed(1)} s)`) +
      `: ${JSON.stringify(result.counts)}; ` +
      `${result.checkedCivicNumbers} personal identity numbers checked.`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

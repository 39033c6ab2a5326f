import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import Personnummer from 'personnummer';
import type TestAgent from 'supertest/lib/agent';

import { DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { testDatabaseUrl } from '../support/test-env';

const run = promisify(execFile);

/** `npm run seed:scale` (bench/seed-scale.mjs, on the built service) into a demo world's schema. */
describe('seed:scale: synthetic data at scale', () => {
  let world: DemoWorld;
  let reviewer: TestAgent;
  let sequenceBefore: Record<string, number>;
  const sql = (text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> =>
    query(world.testApp, text, params);

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    await run(
      process.execPath,
      ['bench/seed-scale.mjs', '--pupils', '200', '--schema', world.testApp.config.database.schema],
      { env: { ...process.env, DATABASE_URL: testDatabaseUrl() } },
    );
    sequenceBefore = Object.fromEntries(
      (await sql(`select series || '-' || year as key, last_value from registration_sequence`)).map(
        (row) => [String(row.key), Number(row.last_value)],
      ),
    );
    reviewer = await world.signIn('granskare');
  }, 120000);

  afterAll(() => world.close());

  it('seeds 200 pupils with guardians, classes and ten records each on average', async () => {
    const [counts] = await sql(
      `select (select count(*) from person where external_id like 'scale:%:pupil:%')::int as pupils,
              (select count(*) from public_record r join person p on p.id = r.pupil_id
                where p.external_id like 'scale:%')::int as records,
              (select count(*) from guardianship g join person p on p.id = g.pupil_id
                where p.external_id like 'scale:%')::int as guardianships,
              (select count(*) from enrolment e join person p on p.id = e.person_id
                where p.external_id like 'scale:%')::int as enrolments,
              (select count(*) from group_membership m join person p on p.id = m.person_id
                where p.external_id like 'scale:%')::int as memberships`,
    );
    expect(counts).toEqual({
      pupils: 200,
      records: 2000,
      guardianships: expect.any(Number),
      enrolments: 200,
      memberships: 400,
    });
    expect(Number(counts?.guardianships)).toBeGreaterThan(200);
  });

  it('gives everyone a valid personal identity number', async () => {
    const rows = await sql(`select civic_no from person where external_id like 'scale:%'`);
    expect(rows.length).toBeGreaterThan(400);
    expect(rows.filter((row) => !Personnummer.valid(String(row.civic_no)))).toEqual([]);
  });

  it('has requests in every status, decisions where decided, and an established version behind every record', async () => {
    const statuses = await sql(
      `select status, count(*)::int as requests,
              count(*) filter (where exists (select 1 from records_request_item i
                                              where i.request_id = r.id and i.decision is null))::int as undecided
         from records_request r where registration_number like 'BEG-%' group by status`,
    );
    const byStatus = Object.fromEntries(statuses.map((row) => [String(row.status), row]));
    for (const status of [
      'received',
      'in_review',
      'awaiting_clarification',
      'decided',
      'delivered',
    ]) {
      expect(Number(byStatus[status]?.requests)).toBeGreaterThan(0);
    }
    expect(Number(byStatus.decided?.undecided)).toBe(0);
    expect(Number(byStatus.delivered?.undecided)).toBe(0);

    const [orphans] = await sql(
      `select (select count(*) from public_record r
                where not exists (select 1 from plan_version v where v.record_id = r.id))::int as records_without_version,
              (select count(*) from plan_version v
                where not exists (select 1 from public_record r where r.id = v.record_id))::int as versions_without_record,
              (select count(*) from plan p where p.state = 'established'
                and p.established_version <> (select count(*) from plan_version v where v.plan_id = p.id))::int as version_gaps,
              (select count(*) from records_request_item i
                where i.record_id is not null
                  and not exists (select 1 from public_record r where r.id = i.record_id))::int as items_without_record,
              (select count(*) from public_record where disposal_date is not null
                and pupil_id in (select id from person where external_id like 'scale:%'))::int as seeded_with_disposal`,
    );
    expect(orphans).toEqual({
      records_without_version: 0,
      versions_without_record: 0,
      version_gaps: 0,
      items_without_record: 0,
      seeded_with_disposal: 0,
    });
  });

  it('keeps every registration number within its sequence', async () => {
    const beyond = await sql(
      `select n.series, n.year, n.highest, s.last_value from (
         select split_part(registration_number, '-', 1) as series, split_part(registration_number, '-', 2)::int as year,
                max(split_part(registration_number, '-', 3)::int) as highest
           from (select registration_number from public_record
                 union all select registration_number from records_request) numbers
          group by 1, 2) n
       left join registration_sequence s on s.series = n.series and s.year = n.year
       where s.last_value is null or n.highest > s.last_value`,
    );
    expect(beyond).toEqual([]);
  });

  it('lists the queue on the service, page by page in decision-date order', async () => {
    const first = await reviewer.get('/api/v1/records-requests?status=all').expect(200);
    const rows = first.body.rows as { id: string; decisionDue: string; items: number }[];
    expect(rows).toHaveLength(50);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await reviewer
      .get(`/api/v1/records-requests?status=all&after=${String(first.body.next)}`)
      .expect(200);
    const next = second.body.rows as { id: string; decisionDue: string }[];
    const order = [...rows, ...next].map((row) => `${row.decisionDue}_${row.id}`);
    expect([...order].sort()).toEqual(order);
    expect(new Set(order).size).toBe(order.length);

    const page = await reviewer.get('/handlaggning').expect(200);
    expect(page.text).toContain('/handlaggning/begaran/');
    expect(page.text).toContain('Nästa sida');
  });

  it('files a new request under the next registration number', async () => {
    const year = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      year: 'numeric',
    }).format(new Date());
    const filed = await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .send({ description: 'Elevens utvecklingsplaner.', delivery: 'electronic' })
      .expect(201);
    const expected = `BEG-${year}-${String((sequenceBefore[`BEG-${year}`] ?? 0) + 1).padStart(5, '0')}`;
    expect(filed.body.registrationNumber).toBe(expected);
    const [row] = await sql(
      'select count(*)::int as count from records_request where registration_number = $1',
      [expected],
    );
    expect(row?.count).toBe(1);
  });
});

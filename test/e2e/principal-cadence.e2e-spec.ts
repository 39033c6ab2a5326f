import { randomUUID } from 'node:crypto';

import type TestAgent from 'supertest/lib/agent';

import {
  dayBefore,
  DEFAULT_CADENCE_SETTINGS,
  schoolYearOn,
  termOn,
} from '../../src/cadence/cadence-rules';
import { stockholmToday } from '../../src/common/stockholm';
import { PeopleDisposalService } from '../../src/retention/people-disposal.service';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { fileRequestFor } from '../support/requests';

/*
 * The principal's follow-up of the law's cadence, judged by the service's day: the test works
 * out the same school year and term from the same day, and puts plans on both sides of their
 * boundaries (the first day inside, the day before outside).
 */
const TODAY = stockholmToday(new Date());
const SCHOOL_YEAR = schoolYearOn(TODAY, DEFAULT_CADENCE_SETTINGS);
const TERM = termOn(TODAY, DEFAULT_CADENCE_SETTINGS);
const AGREEMENTS = 'Vi hörs på 070-123 45 67 och ses igen i mars med hela gruppen.';
const MENTOR_EMAIL = 'mentor.4a@skolan.example';
const GROUND = 'OSL 23 kap. 2 §';

interface Named {
  id: string;
  name: string;
}

describe('the principal’s follow-up of plans and talks', () => {
  let world: DemoWorld;
  let principal: TestAgent;
  let mentor: TestAgent;
  let north: string;
  let south: string;
  let class4a: string;
  const pupils: Record<string, Named> = {};

  const page = async (): Promise<string> =>
    (await principal.get(`/skolenheter/${north}/uppfoljning`).expect(200)).text;

  /** The mentor writes a plan with the talk on `talkDate` (or none) and, if asked, establishes it. */
  async function writePlan(
    pupil: string,
    options: { talkDate: string | null; establish: boolean; agreements?: string },
  ): Promise<string> {
    const plan = (await mentor.post(`/api/v1/pupils/${pupils[pupil].id}/plans`).expect(201))
      .body as { id: string; revision: number };
    let revision = plan.revision;
    if (options.talkDate) {
      await mentor
        .put(`/api/v1/plans/${plan.id}/talk`)
        .send({
          revision,
          date: options.talkDate,
          participants: ['Eleven', 'Mentor', 'Vårdnadshavare'],
          agreements: options.agreements ?? 'Vi ses igen nästa termin.',
          acknowledgeWarnings: true,
        })
        .expect(200);
      revision += 1;
    }
    if (options.establish) {
      await mentor
        .post(`/api/v1/plans/${plan.id}/establish`)
        .send({ revision, confidentialityMarking: null })
        .expect(200);
    }
    return plan.id;
  }

  /** Moves an established version's dates (its trigger refuses updates; the test lifts it). */
  async function moveVersion(planId: string, establishedOn: string, talkDate: string) {
    await query(world.testApp, 'alter table plan_version disable trigger plan_version_no_update');
    await query(
      world.testApp,
      `update plan_version
          set established_at = ($2 || ' 00:30')::timestamp at time zone 'Europe/Stockholm',
              talk_date = $3::date
        where plan_id = $1`,
      [planId, establishedOn, talkDate],
    );
    await query(world.testApp, 'alter table plan_version enable trigger plan_version_no_update');
  }

  beforeAll(async () => {
    world = await startDemoWorld();
    const units = await query(world.testApp, 'select id, name from school_unit order by name');
    north = String(units.find((unit) => unit.name === 'Björkängsskolan')?.id);
    south = String(units.find((unit) => unit.name === 'Solbackaskolan')?.id);
    const [group] = await query(world.testApp, "select id from student_group where name = '4A'");
    class4a = String(group?.id);
    for (const key of ['4-1', '4-2', '4-3', '4-4', '4-5', '5-1', '5-2', '6-1', '6-7']) {
      const [row] = await query(
        world.testApp,
        `select id, given_name || ' ' || family_name as name from person where external_id = $1`,
        [`demo:person:pupil-${key}`],
      );
      pupils[key] = { id: String(row?.id), name: String(row?.name) };
    }
    await query(world.testApp, 'update person set imported_email = $1 where external_id = $2', [
      MENTOR_EMAIL,
      'demo:person:mentor-4',
    ]);
    // 5-1 is in year 6 of grundskola (no plan asked), 5-2 in year 6 of anpassad grundskola (asked).
    await query(world.testApp, `update enrolment set school_year = 6 where person_id = $1`, [
      pupils['5-1'].id,
    ]);
    await query(
      world.testApp,
      `update enrolment set school_year = 6, school_form = 'anpassad grundskola' where person_id = $1`,
      [pupils['5-2'].id],
    );
    principal = await world.signIn('rektor');
    mentor = await world.signIn('mentor');

    // 4-2: established on the school year's first day, the talk on the term's first day: both count.
    const complete = await writePlan('4-2', {
      talkDate: TERM.start,
      establish: true,
      agreements: AGREEMENTS,
    });
    await moveVersion(complete, SCHOOL_YEAR.start, TERM.start);
    // 4-3: established the day before the school year, the talk the day before the term: neither.
    const before = await writePlan('4-3', { talkDate: TERM.start, establish: true });
    await moveVersion(before, dayBefore(SCHOOL_YEAR.start), dayBefore(TERM.start));
    // 4-4: a draft whose talk was held today: the talk counts, the plan does not.
    await writePlan('4-4', { talkDate: TODAY, establish: false });
    // 4-5: a talk booked for a later day (or none if the term ends today) counts for nothing yet.
    if (TODAY < TERM.end) {
      const [later] = await query(world.testApp, `select ($1::date + 1)::text as day`, [TODAY]);
      await writePlan('4-5', { talkDate: String(later?.day), establish: false });
    }
  });

  afterAll(() => world.close());

  it('shows per class and mentor who lacks a plan this school year or a talk this term', async () => {
    const html = await page();
    expect(html).toContain('10 kap. 12 §');
    expect(html).toContain('10 kap. 13 §');
    expect(html).toContain('11 kap.');
    expect(html).toContain(SCHOOL_YEAR.label);
    expect(html).toContain(TERM.label);
    // 4A: eight pupils; 4-2 has both, 4-4 has the talk.
    expect(html).toContain(`data-class="${class4a}"`);
    expect(html).toMatch(/data-counts="7\/6"/);
    expect(html).not.toContain(`data-pupil="${pupils['4-2'].id}"`);
    expect(html).not.toContain(pupils['4-2'].name);
    for (const key of ['4-1', '4-3', '4-4', '4-5']) {
      expect(html).toContain(`data-pupil="${pupils[key].id}"`);
    }
    const row = (key: string) =>
      new RegExp(`data-pupil="${pupils[key].id}">.*?</tr>`).exec(html)?.[0] ?? '';
    expect(row('4-3')).toMatch(/<td>Saknas<\/td><td>Saknas<\/td>/);
    expect(row('4-4')).toMatch(/<td>Saknas<\/td><td>Hållet<\/td>/);
    expect(row('4-5')).toMatch(/<td>Saknas<\/td><td>Saknas<\/td>/);
    // 5A: 5-1 (year 6) needs no plan, 5-2 (anpassad grundskola, year 6) does.
    expect(row('5-1')).toMatch(/<td>Finns<\/td><td>Saknas<\/td>/);
    expect(row('5-2')).toMatch(/<td>Saknas<\/td><td>Saknas<\/td>/);
    // Another unit's pupils are not there; nothing a plan says is there.
    expect(html).not.toContain(pupils['6-1'].name);
    expect(html).not.toContain(pupils['6-7'].name);
    expect(html).not.toContain('070-123');
    // The mentor, with a sign of whether an e-mail can reach them.
    const [mentorRow] = await query(
      world.testApp,
      `select given_name || ' ' || family_name as name from person where external_id = 'demo:person:mentor-4'`,
    );
    expect(html).toContain(String(mentorRow?.name));
    const audits = await query(
      world.testApp,
      "select target_id from audit_entry where action = 'cadence.unit.read'",
    );
    expect(audits.map((entry) => entry.target_id)).toContain(north);
  });

  it('is refused (404) for another unit’s page and for mentors, teachers and everyone else', async () => {
    await principal.get(`/skolenheter/${south}/uppfoljning`).expect(404);
    for (const username of ['mentor', 'larare', 'vardnadshavare', 'elev', 'granskare'] as const) {
      const agent = await world.signIn(username);
      await agent.get(`/skolenheter/${north}/uppfoljning`).expect(404);
      // The agent's own token (the header's sign-out form), so only the policy can refuse.
      const own = await agent.get('/').redirects(1).expect(200);
      await agent
        .post(`/skolenheter/${north}/uppfoljning/paminn`)
        .type('form')
        .send({ _csrf: csrfFrom(own.text), klass: class4a })
        .expect(404);
    }
    const [rows] = await query(
      world.testApp,
      'select count(*)::int as count from cadence_reminder',
    );
    expect(rows?.count).toBe(0);
  });

  it('reminds the class’s mentor once a day: on the start page and by e-mail, counts only', async () => {
    const html = await page();
    const send = () =>
      principal
        .post(`/skolenheter/${north}/uppfoljning/paminn`)
        .type('form')
        .send({ _csrf: csrfFrom(html), klass: class4a })
        .expect(303)
        .expect('Location', `/skolenheter/${north}/uppfoljning`);
    await send();
    expect(await page()).toContain('Påminnelsen skickades till 1 mentor');
    // A double click sends nothing again.
    await send();
    const after = await page();
    expect(after).toContain('Påminnelsen skickades redan i dag');
    expect(after).toContain('Mentorn påmindes i dag.');

    const mails = await query(
      world.testApp,
      "select to_address, subject, body from email_outbox where kind = 'cadence_reminder'",
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to_address).toBe(MENTOR_EMAIL);
    expect(mails[0]?.subject).toBe('Påminnelse om utvecklingsplaner och utvecklingssamtal i 4A');
    const body = String(mails[0]?.body);
    expect(body).toContain('7 elever saknar en fastställd individuell utvecklingsplan');
    expect(body).toContain('6 elever saknar ett hållet utvecklingssamtal');
    expect(body).toContain(`/klasslista/${class4a}`);
    for (const pupil of Object.values(pupils)) expect(body).not.toContain(pupil.name);
    expect(body).not.toContain('070-123');

    const [reminders] = await query(
      world.testApp,
      'select count(*)::int as count from cadence_reminder',
    );
    expect(reminders?.count).toBe(1);
    const [audited] = await query(
      world.testApp,
      "select count(*)::int as count from audit_entry where action = 'cadence.reminder.sent'",
    );
    expect(audited?.count).toBe(1);

    const start = await mentor.get('/').expect(200);
    expect(start.text).toContain('Påminnelser från rektor');
    expect(start.text).toContain(`data-cadence-reminder="${class4a}"`);
    expect(start.text).toMatch(/saknar 7 elever en fastställd plan/);
    // The principal's own start page links the follow-up.
    expect((await principal.get('/').expect(200)).text).toContain(
      `/skolenheter/${north}/uppfoljning`,
    );
  });

  it('reminds every other mentor with pupils missing something, none twice', async () => {
    const html = await page();
    await principal
      .post(`/skolenheter/${north}/uppfoljning/paminn`)
      .type('form')
      .send({ _csrf: csrfFrom(html), klass: 'alla' })
      .expect(303);
    const after = await page();
    expect(after).toContain('Påminnelsen skickades till 4 mentorer');
    expect(after).toContain('1 mentor hade redan fått den i dag.');
    const [reminders] = await query(
      world.testApp,
      'select count(*)::int as count from cadence_reminder',
    );
    expect(reminders?.count).toBe(5);
    const [mails] = await query(
      world.testApp,
      "select count(*)::int as count from email_outbox where kind = 'cadence_reminder'",
    );
    expect(mails?.count).toBe(1);
  });

  it('counts per school the passages reviewers struck that the guard did not suggest', async () => {
    expect(await page()).toContain('data-strikes-none');
    const requestId = (await fileRequestFor(world, 'demo:person:pupil-4-2')).id;
    const reviewer = await world.signIn('granskare');
    const detail = (await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200))
      .body as { items: { id: string; kind: string; version: number }[] };
    expect(detail.items).toHaveLength(1);
    const phone = AGREEMENTS.indexOf('070');
    const march = AGREEMENTS.indexOf('i mars');
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${detail.items[0].id}/decision`)
      .send({
        decision: 'release_with_redactions',
        redactions: [
          // The guard suggests the phone number; "i mars" and the group it did not.
          { fieldId: 'talk.agreements', ground: GROUND, span: { start: phone, end: phone + 13 } },
          // Two strikes side by side are one passage.
          { fieldId: 'talk.agreements', ground: GROUND, span: { start: march, end: march + 6 } },
          {
            fieldId: 'talk.agreements',
            ground: GROUND,
            span: { start: march + 6, end: march + 23 },
          },
        ],
        reasons: 'Uppgifter om eleven omfattas av sekretess.',
        version: detail.items[0].version,
      })
      .expect(204);
    await reviewer.post(`/api/v1/records-requests/${requestId}/complete`).expect(204);

    const html = await page();
    const row =
      /data-strikes="([\d-]+)"><th scope="row">([^<]+)<\/th><td>(\d+)<\/td><td>(\d+)<\/td>/.exec(
        html,
      );
    expect(row?.slice(1)).toEqual([TERM.start, TERM.label, '1', '1']);
    // Counts only: nothing struck or written is on the page.
    expect(html).not.toContain('i mars');
    expect(html).not.toContain('070-123');
  });

  it('disposes of the reminders once their term has ended, keeping this term’s', async () => {
    const [mentor4] = await query(
      world.testApp,
      "select id from person where external_id = 'demo:person:mentor-4'",
    );
    await query(
      world.testApp,
      `insert into cadence_reminder (id, class_id, mentor_person_id, sent_on, missing_plans, missing_talks, created_at)
       values ($1, $2, $3, $4, 3, 2, now())`,
      [randomUUID(), class4a, mentor4?.id, dayBefore(TERM.start)],
    );
    const people = world.testApp.app.get(PeopleDisposalService);
    const done = await people.dispose(randomUUID(), TODAY);
    expect(done.cadenceReminders).toBe(1);
    const left = await query(world.testApp, 'select sent_on::text as day from cadence_reminder');
    expect(left.map((row) => row.day)).toEqual(Array.from({ length: 5 }, () => TODAY));
  });
});

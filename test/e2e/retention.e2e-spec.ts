import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type TestAgent from 'supertest/lib/agent';

import { stockholmToday } from '../../src/common/stockholm';
import type { AppConfig } from '../../src/config/app-config';
import { APP_CONFIG } from '../../src/config/config.module';
import { appealHoldAtDelivery } from '../../src/requests/request-lifecycle';
import { addDays } from '../../src/requests/working-days';
import { NIGHTLY_SCHEDULER, RETENTION_QUEUE } from '../../src/retention/retention.jobs';
import { RetentionService } from '../../src/retention/retention.service';
import {
  DemoWorld,
  csrfFrom,
  eventually,
  query,
  startDemoWorld,
  tablesHoldingText,
} from '../support/demo-world';
import { establishPlan } from '../support/established-plan';
import { refuseAndDeliver } from '../support/requests';

/** The same date `years` earlier (29 February → 28 February). */
function yearsBefore(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(year - years, month, 0)).getUTCDate();
  return `${year - years}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

describe('retention: plans disposed of after the pupil left school, held while a request is open', () => {
  let world: DemoWorld;
  let archivist: TestAgent;
  let admin: TestAgent;
  const today = stockholmToday(new Date());
  const leftLongAgo = yearsBefore(today, 3);
  const records: Record<string, { planId: string; recordId: string; number: string }> = {};

  /** Ends (or changes) pupils' enrolments through a real CSV import, as the administrator does. */
  const importEndDates = async (ends: Record<string, string>) => {
    const lines = [
      'roll;personnummer;fornamn;efternamn;skolenhetskod;skolform;startdatum;slutdatum',
    ];
    for (const [pupil, end] of Object.entries(ends)) {
      const [row] = await query(
        world.testApp,
        `select p.civic_no, p.given_name, p.family_name, su.school_unit_code, e.start_date::text as start
           from person p join enrolment e on e.person_id = p.id join school_unit su on su.id = e.school_unit_id
          where p.id = $1`,
        // By id: the import re-keys the person to its personnummer.
        [await world.personId(pupil)],
      );
      lines.push(
        `elev;${String(row?.civic_no)};${String(row?.given_name)};${String(row?.family_name)};${String(row?.school_unit_code)};grundskola;${String(row?.start)};${end}`,
      );
    }
    const submitted = await admin
      .post('/api/v1/directory/imports?fileName=avgangna.csv')
      .set('Content-Type', 'text/csv')
      .send(lines.join('\n'))
      .expect(202);
    await eventually(async () => {
      const current = await admin.get(`/api/v1/directory/imports/${submitted.body.id}`).expect(200);
      return current.body.status === 'completed' ? true : null;
    }, 'the import');
  };

  const disposalDate = async (key: string) => {
    const [row] = await query(
      world.testApp,
      'select disposal_date::text as date from public_record where id = $1',
      [records[key]?.recordId],
    );
    return row ? ((row.date as string | null) ?? null) : 'gone';
  };

  /**
   * A request filed by the pupil's name (an import re-keys the person, so not
   * by the demo key), returned once its first steps named the record.
   */
  const fileRequestNaming = async (pupil: string, key: string) => {
    const [named] = await query(
      world.testApp,
      `select given_name || ' ' || family_name as name from person where id = $1`,
      [await world.personId(pupil)],
    );
    const filed = await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .send({ description: 'Elevens planer.', pupilName: named?.name, delivery: 'electronic' })
      .expect(201);
    const registrationNumber = String(filed.body.registrationNumber);
    const [row] = await eventually(async () => {
      const rows = await query(
        world.testApp,
        `select q.id from records_request_item i join records_request q on q.id = i.request_id
          where q.registration_number = $1 and i.record_id = $2`,
        [registrationNumber, records[key]?.recordId],
      );
      return rows.length > 0 ? rows : null;
    }, 'the request naming the record');
    return { id: String(row?.id), registrationNumber };
  };

  const tablesHolding = (marker: string) => tablesHoldingText(world.testApp, marker);

  beforeAll(async () => {
    world = await startDemoWorld();
    archivist = await world.signIn('arkivarie');
    admin = await world.signIn('admin');
    for (const [key, pupil] of [
      ['left', 'demo:person:pupil-4-1'],
      ['requested', 'demo:person:pupil-4-2'],
      ['heldByArchivist', 'demo:person:pupil-4-3'],
      ['leavesLater', 'demo:person:pupil-4-4'],
      ['stillEnrolled', 'demo:person:pupil-4-6'],
      ['appealWindow', 'demo:person:pupil-4-7'],
    ] as const) {
      const made = await establishPlan(world, {
        pupil,
        otherDevelopment: `Gallringsmarkör-${key} om elevens utveckling.`,
        agreements: `Överenskommelse-${key}.`,
      });
      const [row] = await query(
        world.testApp,
        'select registration_number from public_record where id = $1',
        [made.recordId],
      );
      records[key] = { ...made, number: String(row?.registration_number) };
    }
    // A plan that never got further than a draft.
    const mentor = await world.signIn('mentor');
    const draft = await mentor
      .post(`/api/v1/pupils/${await world.personId('demo:person:pupil-4-5')}/plans`)
      .expect(201);
    await mentor
      .put(`/api/v1/plans/${String(draft.body.id)}/goals`)
      .send({
        revision: draft.body.revision,
        goals: [],
        otherDevelopment: 'Gallringsmarkör-draft.',
      })
      .expect(200);
  });

  afterAll(async () => {
    await world.close();
  });

  it('gives records a disposal date when an import ends the enrolment, and moves it when the end date changes', async () => {
    expect(await disposalDate('left')).toBeNull();
    await importEndDates({
      'demo:person:pupil-4-1': leftLongAgo,
      'demo:person:pupil-4-2': leftLongAgo,
      'demo:person:pupil-4-3': leftLongAgo,
      'demo:person:pupil-4-4': '2026-06-12',
      'demo:person:pupil-4-5': leftLongAgo,
    });
    expect(await disposalDate('left')).toBe(today);
    expect(await disposalDate('leavesLater')).toBe('2029-06-12');
    expect(await disposalDate('stillEnrolled')).toBeNull();

    await importEndDates({ 'demo:person:pupil-4-4': '2027-06-14' });
    expect(await disposalDate('leavesLater')).toBe('2030-06-14');
    const [audit] = await query(
      world.testApp,
      "select details from audit_entry where action = 'directory.import.completed' order by occurred_at desc limit 1",
    );
    expect((audit?.details as { disposalDatesChanged: number }).disposalDatesChanged).toBe(1);
  });

  it('holds a record under an open request and one the archivist holds; disposes of the rest for real', async () => {
    const request = await fileRequestNaming('demo:person:pupil-4-2', 'requested');
    const placed = await archivist
      .post('/api/v1/retention/holds')
      .send({ registrationNumber: records.heldByArchivist?.number, reason: 'Tillsyn pågår.' })
      .expect(201);
    await archivist
      .post('/api/v1/retention/holds')
      .send({ registrationNumber: 'IUP-1999-00001', reason: 'x' })
      .expect(400);

    const overview = (await archivist.get('/api/v1/retention').expect(200)).body as {
      dryRun: { records: number; draftPlans: number; registrationNumbers: string[] };
      held: { registrationNumber: string; reasons: { text: string }[] }[];
      due30: { count: number };
    };
    expect(overview.dryRun.registrationNumbers).toEqual([records.left?.number]);
    expect(overview.dryRun.records).toBe(1);
    expect(overview.dryRun.draftPlans).toBe(1);
    expect(overview.held).toEqual(
      expect.arrayContaining([
        {
          registrationNumber: records.requested?.number,
          disposalDate: today,
          reasons: [
            { text: `Begäran ${request.registrationNumber} är inte avslutad`, holdId: null },
          ],
        },
        {
          registrationNumber: records.heldByArchivist?.number,
          disposalDate: today,
          reasons: [{ text: 'Spärrad av arkivarien: Tillsyn pågår.', holdId: placed.body.id }],
        },
      ]),
    );
    const page = await archivist.get('/gallring').expect(200);
    expect(page.text).toContain(`Begäran ${request.registrationNumber} är inte avslutad`);
    expect(page.text).toContain('Spärrad av arkivarien: Tillsyn pågår.');

    // The archivist runs the disposal now: the same job the nightly scheduler runs.
    await archivist.post('/api/v1/retention/run').expect(202);
    await eventually(
      async () => ((await disposalDate('left')) === 'gone' ? true : null),
      'the disposal',
    );
    expect(await tablesHolding('Gallringsmarkör-left')).toEqual([]);
    expect(await tablesHolding('Gallringsmarkör-draft')).toEqual([]);
    expect(await tablesHolding('Överenskommelse-left')).toEqual([]);
    const plans = await query(world.testApp, 'select id from plan where id = $1', [
      records.left?.planId,
    ]);
    expect(plans).toEqual([]);
    // Held ones stay, whole.
    expect(await tablesHolding('Gallringsmarkör-requested')).toEqual(['plan_version']);
    expect(await tablesHolding('Gallringsmarkör-heldByArchivist')).toEqual(['plan_version']);
    expect(await tablesHolding('Gallringsmarkör-stillEnrolled')).toEqual(['plan_version']);

    // The log: rule, kinds and counts, registration numbers; no personal data.
    const log = await query(
      world.testApp,
      "select rule, counts, registration_numbers from disposal_log where rule <> 'people' order by occurred_at",
    );
    expect(log).toEqual([
      {
        rule: 'plans',
        counts: { records: 1, planVersions: 1, plans: 1 },
        registration_numbers: [records.left?.number],
      },
      {
        rule: 'plans',
        counts: { records: 0, planVersions: 0, plans: 1 },
        registration_numbers: [],
      },
    ]);
    const audits = await query(
      world.testApp,
      "select details from audit_entry where action = 'retention.disposed' and not details ? 'formerPupils'",
    );
    expect(audits).toHaveLength(2);
    // Then the people whose last plan went (people-disposal.e2e-spec.ts): counts, no numbers.
    const [people] = await query(
      world.testApp,
      "select counts, registration_numbers from disposal_log where rule = 'people'",
    );
    expect(people).toMatchObject({
      counts: expect.objectContaining({ formerPupils: 2 }),
      registration_numbers: [],
    });
    const [pupil] = await query(
      world.testApp,
      'select given_name, family_name, civic_no from person where id = $1',
      [await world.personId('demo:person:pupil-4-1')],
    );
    const logged = JSON.stringify([log, audits]);
    for (const personal of [pupil?.given_name, pupil?.family_name, pupil?.civic_no]) {
      expect(logged).not.toContain(String(personal));
    }
    expect(JSON.stringify(audits[0]?.details)).toContain(String(records.left?.number));

    // The archivist lifts the hold (from the page); the next run takes the record.
    const form = await archivist.get('/gallring').expect(200);
    await archivist
      .post(`/gallring/sparr/${String(placed.body.id)}/hav`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), reason: 'Tillsynen är avslutad.' })
      .expect(303);
    const retention = world.testApp.app.get(RetentionService);
    const run = await retention.dispose(today);
    expect(run).toMatchObject({ records: 1, plans: 1 });
    expect(await disposalDate('heldByArchivist')).toBe('gone');
    expect(await disposalDate('requested')).toBe(today);
  });

  it('with the clock set forward: later records on their day, closed requests after their own years', async () => {
    const retention = world.testApp.app.get(RetentionService);
    expect((await retention.dispose('2030-06-13')).records).toBe(0);
    expect(await disposalDate('leavesLater')).toBe('2030-06-14');
    expect((await retention.dispose('2030-06-14')).records).toBe(1);
    expect(await disposalDate('leavesLater')).toBe('gone');
    expect(await disposalDate('stillEnrolled')).not.toBe('gone');

    // The open request ends: decided and delivered. Its record goes; the request stays its ten years.
    const reviewer = await world.signIn('granskare');
    const [request] = await query(
      world.testApp,
      "select id, registration_number from records_request where status = 'received' and pupil_name is not null order by created_at desc limit 1",
    );
    const requestId = String(request?.id);
    const detail = (await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200))
      .body as {
      items: { id: string; kind: string; version: number }[];
    };
    for (const item of detail.items) {
      await reviewer
        .post(`/api/v1/records-requests/${requestId}/items/${item.id}/decision`)
        .send({ decision: 'release', redactions: [], version: item.version })
        .expect(204);
    }
    await reviewer.post(`/api/v1/records-requests/${requestId}/complete`).expect(204);
    await reviewer.post(`/api/v1/records-requests/${requestId}/deliver`).expect(204);
    await retention.dispose(today);
    expect(await disposalDate('requested')).toBe('gone');
    const kept = await query(world.testApp, 'select id from records_request where id = $1', [
      requestId,
    ]);
    expect(kept).toHaveLength(1);
    // The copy delivered in the request is part of the request's file and goes with it.
    expect(await tablesHolding('Gallringsmarkör-requested')).toEqual([]);

    expect((await retention.dispose(yearsBefore(today, -10))).requests).toBeGreaterThanOrEqual(1);
    for (const table of [
      'records_request',
      'records_request_item',
      'records_request_document',
      'records_request_event',
    ]) {
      const rows = await query(
        world.testApp,
        `select 1 from ${table} where ${table === 'records_request' ? 'id' : 'request_id'} = $1`,
        [requestId],
      );
      expect([table, rows.length]).toEqual([table, 0]);
    }
    const [log] = await query(
      world.testApp,
      "select counts, registration_numbers from disposal_log where rule = 'requests' and $1 = any(registration_numbers)",
      [String(request?.registration_number)],
    );
    expect((log?.counts as { documents: number }).documents).toBeGreaterThanOrEqual(2);
    expect(
      (log?.registration_numbers as string[]).some((number) => number.startsWith('BES-')),
    ).toBe(true);
  });

  it('holds a record while an appeal against a delivered request is unanswered', async () => {
    const retention = world.testApp.app.get(RetentionService);
    const reviewer = await world.signIn('granskare');
    // The still-enrolled pupil's record, made due (as if the pupil had left), named in a request.
    await query(world.testApp, 'update public_record set disposal_date = $1 where id = $2', [
      today,
      records.stillEnrolled?.recordId,
    ]);
    const filed = await fileRequestNaming('demo:person:pupil-4-6', 'stillEnrolled');
    const requestId = filed.id;
    await refuseAndDeliver(reviewer, requestId);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals`)
      .send({ receivedOn: today })
      .expect(204);

    await retention.dispose(today);
    expect(await disposalDate('stillEnrolled')).toBe(today);
    const overview = (await archivist.get('/api/v1/retention').expect(200)).body as {
      held: { registrationNumber: string; reasons: { text: string; holdId: string | null }[] }[];
    };
    expect(
      overview.held.find((record) => record.registrationNumber === records.stillEnrolled?.number)
        ?.reasons,
    ).toEqual([{ text: `Överklagande av ${filed.registrationNumber} pågår`, holdId: null }]);

    // The court answers: the hold ends, and the next run takes the record.
    const [appeal] = await query(
      world.testApp,
      'select id from records_request_appeal where request_id = $1',
      [requestId],
    );
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${String(appeal?.id)}/forward`)
      .send({ forwardedOn: today })
      .expect(204);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${String(appeal?.id)}/outcome`)
      .send({ outcome: 'upheld', decidedOn: today })
      .expect(204);
    await retention.dispose(today);
    expect(await disposalDate('stillEnrolled')).toBe('gone');
  });

  it('holds a refused record until the appeal window of its decision has run out, then disposes of it', async () => {
    const retention = world.testApp.app.get(RetentionService);
    const config = world.testApp.app.get<AppConfig>(APP_CONFIG);
    const reviewer = await world.signIn('granskare');
    // A record due today (as if the pupil had left), refused in a request delivered today.
    await query(world.testApp, 'update public_record set disposal_date = $1 where id = $2', [
      today,
      records.appealWindow?.recordId,
    ]);
    const filed = await fileRequestNaming('demo:person:pupil-4-7', 'appealWindow');
    await refuseAndDeliver(reviewer, filed.id);

    // Electronic delivery: three weeks from the link's last day, plus the post margin.
    const until = appealHoldAtDelivery({
      deliveredOn: today,
      delivery: 'electronic',
      postMarginWorkingDays: config.requests.appealPostMarginWorkingDays,
      downloadLinkDays: config.requests.downloadLinkDays,
    });
    expect(until > addDays(today, 35)).toBe(true);
    const [row] = await query(
      world.testApp,
      'select appeal_hold_until::text as until from records_request where id = $1',
      [filed.id],
    );
    expect(row?.until).toBe(until);

    await retention.dispose(today);
    expect(await disposalDate('appealWindow')).toBe(today);
    const overview = (await archivist.get('/api/v1/retention').expect(200)).body as {
      held: { registrationNumber: string; reasons: { text: string; holdId: string | null }[] }[];
    };
    expect(
      overview.held.find((record) => record.registrationNumber === records.appealWindow?.number)
        ?.reasons,
    ).toEqual([
      {
        text: `Beslutet i ${filed.registrationNumber} kan överklagas till och med ${until}`,
        holdId: null,
      },
    ]);

    // Still held on the window's last day; disposed of the day after.
    await retention.dispose(until);
    expect(await disposalDate('appealWindow')).toBe(today);
    await retention.dispose(addDays(until, 1));
    expect(await disposalDate('appealWindow')).toBe('gone');
  });

  it('runs nightly from a job scheduler kept in the queue backend; only the archivist reaches it', async () => {
    const queue = world.testApp.app.get<Queue>(getQueueToken(RETENTION_QUEUE));
    const scheduler = await queue.getJobScheduler(NIGHTLY_SCHEDULER);
    expect(scheduler).toMatchObject({ pattern: '0 2 * * *', tz: 'Europe/Stockholm' });
    expect(new Date(Number(scheduler?.next)).toISOString()).toMatch(/T0[01]:00:00\.000Z$/);

    for (const username of ['granskare', 'mentor', 'admin', 'rektor'] as const) {
      const agent = await world.signIn(username);
      await agent.get('/api/v1/retention').expect(404);
      await agent.get('/gallring').expect(404);
      await agent.post('/api/v1/retention/run').expect(404);
    }
  });
});

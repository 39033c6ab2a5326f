import { Logger } from '@nestjs/common';
import sharp from 'sharp';
import type TestAgent from 'supertest/lib/agent';

import { stockholmToday } from '../../src/common/stockholm';
import { addDays } from '../../src/requests/working-days';
import { PeopleDisposalService } from '../../src/retention/people-disposal.service';
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

/** The same date `years` earlier (29 February → 28 February). */
function yearsBefore(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(year - years, month, 0)).getUTCDate();
  return `${year - years}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

const HEADER =
  'roll;personnummer;fornamn;efternamn;skolenhetskod;skolform;startdatum;slutdatum;vardnadshavare_for';
/** A reviewer only this suite knows (valid check digit; not a demo person). */
const STAFF = { civicNo: '198811241747', givenName: 'Ida', familyName: 'Karlsson' };

describe('disposal of people: nothing kept after its purpose ends (issue 25)', () => {
  let world: DemoWorld;
  let admin: TestAgent;
  let retention: RetentionService;
  const today = stockholmToday(new Date());
  const yesterday = addDays(today, -1);
  const leftLongAgo = yearsBefore(today, 3);
  /** What the suite needs of a demo pupil to write their CSV line again after they are gone. */
  const pupils = new Map<string, Record<string, unknown>>();
  const guardianRows = new Map<string, Record<string, unknown>[]>();

  const pupilLine = async (pupil: string, end: string): Promise<string> => {
    let row = pupils.get(pupil);
    if (!row) {
      [row] = await query(
        world.testApp,
        `select p.civic_no, p.given_name, p.family_name, su.school_unit_code, e.start_date::text as start
           from person p join enrolment e on e.person_id = p.id join school_unit su on su.id = e.school_unit_id
          where p.external_id = $1`,
        [pupil],
      );
      if (!row) throw new Error(`no pupil ${pupil}`);
      pupils.set(pupil, row);
    }
    return `elev;${String(row.civic_no)};${String(row.given_name)};${String(row.family_name)};${String(row.school_unit_code)};grundskola;${String(row.start)};${end};`;
  };

  /**
   * The pupil's line and their guardians' lines, as the school's register gives them (a file
   * is the current state: a pupil in it without guardians would lose them).
   */
  const pupilLines = async (pupil: string, end: string): Promise<string[]> => {
    const line = await pupilLine(pupil, end);
    let guardians = guardianRows.get(pupil);
    if (!guardians) {
      guardians = await query(
        world.testApp,
        `select g.civic_no, g.given_name, g.family_name from guardianship x
           join person g on g.id = x.guardian_id join person p on p.id = x.pupil_id
          where p.external_id = $1`,
        [pupil],
      );
      guardianRows.set(pupil, guardians);
    }
    const civicNo = String(pupils.get(pupil)?.civic_no);
    return [
      line,
      ...guardians.map(
        (g) =>
          `vardnadshavare;${String(g.civic_no)};${String(g.given_name)};${String(g.family_name)};;;;;${civicNo}`,
      ),
    ];
  };

  /** A CSV import through the API, as the administrator makes it; waits until it is done. */
  const importCsv = async (lines: readonly string[]) => {
    const submitted = await admin
      .post('/api/v1/directory/imports?fileName=elever.csv')
      .set('Content-Type', 'text/csv')
      .send([HEADER, ...lines].join('\n'))
      .expect(202);
    await eventually(async () => {
      const current = await admin.get(`/api/v1/directory/imports/${submitted.body.id}`).expect(200);
      return current.body.status === 'completed' ? true : null;
    }, 'the import');
  };

  const endEnrolments = async (ends: Record<string, string>) =>
    importCsv(
      (
        await Promise.all(Object.entries(ends).map(([pupil, end]) => pupilLines(pupil, end)))
      ).flat(),
    );

  /** A person's rows by kind, counted (0 everywhere: gone whole). */
  const rowsOf = async (personId: string) => {
    const [row] = await query(
      world.testApp,
      `select (select count(*) from person where id = $1)::int as person,
              (select count(*) from enrolment where person_id = $1)::int as enrolments,
              (select count(*) from guardianship where pupil_id = $1 or guardian_id = $1)::int as guardianships,
              (select count(*) from group_membership where person_id = $1)::int as memberships,
              (select count(*) from account where person_id = $1)::int as account,
              (select count(*) from self_contact where person_id = $1)::int as contact`,
      [personId],
    );
    return row;
  };

  const guardiansOf = async (pupil: string): Promise<string[]> =>
    (
      await query(world.testApp, 'select guardian_id from guardianship where pupil_id = $1', [
        await world.personId(pupil),
      ])
    ).map((row) => String(row.guardian_id));

  const tablesHolding = (marker: string) => tablesHoldingText(world.testApp, marker);

  const peopleLog = async () =>
    query(
      world.testApp,
      "select counts, registration_numbers from disposal_log where rule = 'people' order by occurred_at",
    );

  beforeAll(async () => {
    Logger.overrideLogger(false);
    world = await startDemoWorld();
    admin = await world.signIn('admin');
    retention = world.testApp.app.get(RetentionService);
  });

  afterAll(async () => {
    await world.close();
  });

  it("deletes a guardian's own contact details and photo the set days after their last child left, after an e-mail", async () => {
    const guardian = await world.signIn('vardnadshavare');
    const guardianId = await world.personId('demo:person:guardian-shared');
    const form = await guardian.get('/profil').expect(200);
    await guardian
      .post('/profil')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        streetAddress: 'Gallringsvägen 3',
        postalCode: '44331',
        city: 'Lerum',
        mobile: '070-111 22 33',
        email: 'karin.gallring@exempel.se',
      })
      .expect(303);
    const photo = await sharp({
      create: { width: 40, height: 40, channels: 3, background: { r: 200, g: 40, b: 40 } },
    })
      .jpeg()
      .toBuffer();
    await guardian
      .post('/profil/bild')
      .field('_csrf', csrfFrom((await guardian.get('/profil').expect(200)).text))
      .attach('photo', photo, { filename: 'jag.jpg', contentType: 'image/jpeg' })
      .expect(303);
    const [saved] = await query(
      world.testApp,
      'select photo is not null as has_photo from self_contact where person_id = $1',
      [guardianId],
    );
    expect(saved?.has_photo).toBe(true);

    // One child leaves: the other is still enrolled, so the details serve their purpose.
    await endEnrolments({ 'demo:person:pupil-7-1': yesterday });
    await retention.dispose(addDays(today, 60));
    expect((await rowsOf(guardianId))?.contact).toBe(1);
    const none = await query(
      world.testApp,
      "select 1 from email_outbox where kind = 'contact_disposal_notice'",
    );
    expect(none).toEqual([]);

    // The last child leaves: the guardian is told the night after, with the day.
    await endEnrolments({
      'demo:person:pupil-4-1': yesterday,
      'demo:person:pupil-7-1': yesterday,
    });
    await retention.dispose(today);
    const disposalOn = addDays(today, 30);
    const emails = await query(
      world.testApp,
      "select to_address, subject, body, request_id from email_outbox where kind = 'contact_disposal_notice'",
    );
    expect(emails).toEqual([
      expect.objectContaining({
        to_address: 'karin.gallring@exempel.se',
        subject: `Dina kontaktuppgifter i IUP-tjänsten tas bort ${disposalOn}`,
        request_id: null,
      }),
    ]);
    // Never a name nor anything of a plan: only what goes, and when.
    const [names] = await query(
      world.testApp,
      `select string_agg(given_name || ' ' || family_name || ' ' || civic_no, '|') as all
         from person where id = $1 or id in (select pupil_id from guardianship where guardian_id = $1)`,
      [guardianId],
    );
    for (const part of String(names?.all).split(/[| ]/)) {
      expect(String(emails[0]?.body)).not.toContain(part);
    }
    expect(String(emails[0]?.body)).toContain(disposalOn);
    // Told once: the next night sends nothing again.
    await retention.dispose(addDays(today, 1));
    expect(
      await query(
        world.testApp,
        "select 1 from email_outbox where kind = 'contact_disposal_notice'",
      ),
    ).toHaveLength(1);

    await retention.dispose(addDays(today, 29));
    expect((await rowsOf(guardianId))?.contact).toBe(1);
    await retention.dispose(disposalOn);
    // The details and photo are gone; the guardian and the children stay (their plans' time has not come).
    expect(await rowsOf(guardianId)).toMatchObject({
      person: 1,
      contact: 0,
      account: 1,
      guardianships: 2,
    });
    expect(await tablesHolding('Gallringsvägen')).toEqual([]);
    expect(await tablesHolding('karin.gallring@exempel.se')).toEqual(['email_outbox']);
    const log = await peopleLog();
    expect(log.at(-1)).toMatchObject({
      counts: expect.objectContaining({ contactDetails: 1, photos: 1 }),
      registration_numbers: [],
    });
  });

  it('disposes of a former pupil, their guardians and account after their last plan; holds and open requests keep them', async () => {
    const keys = {
      withPlan: 'demo:person:pupil-4-2',
      held: 'demo:person:pupil-4-3',
      withoutPlan: 'demo:person:pupil-4-5',
      requested: 'demo:person:pupil-4-6',
    } as const;
    const ids = Object.fromEntries(
      await Promise.all(
        Object.entries(keys).map(async ([name, key]) => [name, await world.personId(key)]),
      ),
    ) as Record<keyof typeof keys, string>;
    const guardians = {
      withPlan: await guardiansOf(keys.withPlan),
      held: await guardiansOf(keys.held),
    };
    expect(guardians.withPlan.length).toBeGreaterThan(0);
    const [before] = await query(
      world.testApp,
      'select civic_no, given_name, family_name from person where id = $1',
      [ids.withPlan],
    );
    expect(await rowsOf(ids.withPlan)).toMatchObject({
      person: 1,
      enrolments: 1,
      memberships: 1,
      account: 1,
    });

    const withPlan = await establishPlan(world, {
      pupil: keys.withPlan,
      otherDevelopment: 'Personmarkör om elevens utveckling.',
      agreements: 'Överenskommelse.',
    });
    const held = await establishPlan(world, {
      pupil: keys.held,
      otherDevelopment: 'Spärrad elevs utveckling.',
      agreements: 'Överenskommelse.',
    });
    const [heldRecord] = await query(
      world.testApp,
      'select registration_number from public_record where id = $1',
      [held.recordId],
    );
    const archivist = await world.signIn('arkivarie');
    const hold = await archivist
      .post('/api/v1/retention/holds')
      .send({ registrationNumber: heldRecord?.registration_number, reason: 'Tillsyn pågår.' })
      .expect(201);
    // An open request about a pupil (as a guardian's request from Mina barn names the child).
    const filed = await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .send({ description: 'Mitt barns planer.', delivery: 'electronic' })
      .expect(201);
    await query(
      world.testApp,
      'update records_request set concerning_pupil_id = $1 where registration_number = $2',
      [ids.requested, filed.body.registrationNumber],
    );

    await endEnrolments({
      [keys.withPlan]: leftLongAgo,
      [keys.held]: leftLongAgo,
      [keys.withoutPlan]: leftLongAgo,
      [keys.requested]: leftLongAgo,
    });
    const run = await retention.dispose(today);

    expect(run.records).toBe(1);
    expect(run.people).toMatchObject({ formerPupils: 2 });
    expect(run.people.guardians).toBeGreaterThanOrEqual(guardians.withPlan.length);
    for (const id of [ids.withPlan, ids.withoutPlan, ...guardians.withPlan]) {
      expect(await rowsOf(id)).toEqual({
        person: 0,
        enrolments: 0,
        guardianships: 0,
        memberships: 0,
        account: 0,
        contact: 0,
      });
    }
    expect(
      await query(world.testApp, 'select 1 from plan where id = $1', [withPlan.planId]),
    ).toEqual([]);
    // Nothing of the pupil is left anywhere: not their number, not their name.
    expect(await tablesHolding(String(before?.civic_no))).toEqual([]);
    expect(
      await tablesHolding(`${String(before?.given_name)} ${String(before?.family_name)}`),
    ).toEqual([]);
    // Held by the archivist: the pupil, their record and their guardians stay; so does the
    // pupil an open request is about.
    expect(await rowsOf(ids.held)).toMatchObject({ person: 1, enrolments: 1, account: 1 });
    for (const id of guardians.held) expect((await rowsOf(id))?.person).toBe(1);
    expect((await rowsOf(ids.requested))?.person).toBe(1);

    // The log: counts per kind, never names or numbers.
    const log = await peopleLog();
    expect(log.at(-1)).toMatchObject({
      counts: expect.objectContaining({
        formerPupils: 2,
        enrolments: expect.any(Number),
        guardianships: expect.any(Number),
        groupMemberships: 2,
        accounts: expect.any(Number),
      }),
      registration_numbers: [],
    });
    const audits = await query(
      world.testApp,
      "select details from audit_entry where action = 'retention.disposed' and details ? 'formerPupils'",
    );
    const logged = JSON.stringify([log, audits]);
    for (const personal of [before?.civic_no, before?.given_name, before?.family_name]) {
      expect(logged).not.toContain(String(personal));
    }

    // The hold is lifted: the next night takes the record, then the pupil and their guardians.
    const form = await archivist.get('/gallring').expect(200);
    await archivist
      .post(`/gallring/sparr/${String(hold.body.id)}/hav`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), reason: 'Tillsynen är avslutad.' })
      .expect(303);
    const next = await retention.dispose(today);
    expect(next.people.formerPupils).toBe(1);
    for (const id of [ids.held, ...guardians.held]) expect((await rowsOf(id))?.person).toBe(0);
    expect((await rowsOf(ids.requested))?.person).toBe(1);
  });

  it('brings a disposed pupil back on a re-import only when they are in the new file', async () => {
    const gone = 'demo:person:pupil-4-2';
    const [{ civic_no: civicNo } = {}] = [pupils.get(gone) ?? {}];
    expect(civicNo).toBeDefined();
    const byCivicNo = () =>
      query(world.testApp, 'select id from person where civic_no = $1', [civicNo]);

    // The same file as the school's register now has it, without the pupil: they stay gone.
    await importCsv(await pupilLines('demo:person:pupil-4-4', ''));
    expect(await byCivicNo()).toEqual([]);

    // In the new file: a new person, with nothing of before (no plan, no contact details).
    await importCsv([await pupilLine(gone, '')]);
    const [back] = await byCivicNo();
    expect(back).toBeDefined();
    expect(back?.id).not.toBe(await world.personId(gone));
    expect(
      await query(world.testApp, 'select 1 from plan where pupil_id = $1', [back?.id]),
    ).toEqual([]);
  });

  it('deactivates a staff account the night its last duty ends and deletes it the set days later', async () => {
    const people = world.testApp.app.get(PeopleDisposalService);
    const staffLine = (end: string) =>
      `handlaggare;${STAFF.civicNo};${STAFF.givenName};${STAFF.familyName};;;2025-01-01;${end};`;
    await importCsv([staffLine('')]);
    const [staff] = await query(world.testApp, 'select id from person where civic_no = $1', [
      STAFF.civicNo,
    ]);
    const staffId = String(staff?.id);
    const account = async () => {
      const [row] = await query(
        world.testApp,
        'select is_disabled, deactivated_at from account where person_id = $1',
        [staffId],
      );
      return row;
    };
    expect(await account()).toMatchObject({ is_disabled: false, deactivated_at: null });

    // The duty ends: deactivated the next night.
    await importCsv([staffLine(yesterday)]);
    const run = await retention.dispose(today);
    expect(run.people.staffAccountsDeactivated).toBe(1);
    expect(await account()).toMatchObject({ is_disabled: true });
    const deactivatedAt = new Date(String((await account())?.deactivated_at));

    // A duty again before the days ran out: enabled again.
    await importCsv([staffLine('')]);
    expect((await retention.dispose(today)).people.staffAccountsReactivated).toBe(1);
    expect(await account()).toMatchObject({ is_disabled: false, deactivated_at: null });

    await importCsv([staffLine(yesterday)]);
    await retention.dispose(today);
    const later = (days: number) => new Date(deactivatedAt.getTime() + days * 86_400_000);
    await people.dispose('00000000-0000-4000-8000-000000000000', addDays(today, 89), later(89));
    expect((await rowsOf(staffId))?.account).toBe(1);
    const deleted = await people.dispose(
      '00000000-0000-4000-8000-000000000000',
      addDays(today, 91),
      later(91),
    );
    expect(deleted.staffAccountsDeleted).toBe(1);
    expect(await rowsOf(staffId)).toMatchObject({ person: 0, account: 0 });
    // Staff with a duty are untouched.
    expect((await rowsOf(await world.personId('demo:person:reviewer-1')))?.account).toBe(1);
    await world.signIn('granskare');
  });
});

import { Logger } from '@nestjs/common';
import request from 'supertest';

import { AuditService } from '../../src/audit/audit.service';
import { stockholmToday } from '../../src/common/stockholm';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-directory';
import type { DemoUsername } from '../../src/demo/demo-directory';
import { RetentionService } from '../../src/retention/retention.service';
import { csrfFrom, DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';

/**
 * The audit chain keeps ids and registration numbers only (issue 25): a disposed person is only
 * an id there. The demo's whole chain, after the demo's own history and a round of what people
 * do (sign in, fail to, read plans, search by name and by personal identity number, file a
 * request by a pupil's name, correct a profile, import, dispose), is scanned for every
 * person's name and personal identity number.
 */
describe('the audit chain holds no names and no personal identity numbers', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    world = await startDemoWorld({ withPlans: true });
  });

  afterAll(async () => {
    await world.close();
  });

  it('scans every entry of the demo chain for every person', async () => {
    const [pupil] = await query(
      world.testApp,
      'select given_name, family_name, civic_no from person where external_id = $1',
      ['demo:person:pupil-4-2'],
    );
    const fullName = `${String(pupil?.given_name)} ${String(pupil?.family_name)}`;
    const civicNo = String(pupil?.civic_no);

    // Everyone signs in; a failed login with a personal identity number for a username.
    for (const username of Object.keys(DEMO_ACCOUNTS) as DemoUsername[]) {
      await world.signIn(username);
    }
    await request(world.testApp.app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ username: civicNo, password: 'fel-lösenord-1234' })
      .expect(401);
    await request(world.testApp.app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ username: fullName, password: 'fel-lösenord-1234' })
      .expect(401);

    // Plans read by the guardian, the pupil and the mentor.
    const guardian = await world.signIn('vardnadshavare');
    await guardian.get('/mina-barn').expect(200);
    const elev = await world.signIn('elev');
    await elev.get('/').expect((res) => expect(res.status).toBeLessThan(500));
    const mentor = await world.signIn('mentor');
    const pupilId = await world.personId('demo:person:pupil-4-2');
    await mentor
      .get(`/api/v1/pupils/${pupilId}/plans`)
      .expect((res) => expect(res.status).toBeLessThan(500));

    // The reviewer searches by name and by personal identity number.
    const reviewer = await world.signIn('granskare');
    await reviewer.get('/api/v1/records/search').query({ q: fullName }).expect(200);
    await reviewer.get('/api/v1/records/search').query({ q: civicNo }).expect(200);

    // A request filed by the pupil's name.
    await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .send({
        description: `Planerna för ${fullName}.`,
        pupilName: fullName,
        delivery: 'electronic',
      })
      .expect(201);

    // The guardian corrects their profile.
    const form = await guardian.get('/profil').expect(200);
    await guardian
      .post('/profil')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), city: 'Lerum', email: 'granskning@exempel.se' })
      .expect(303);

    // An import ends the pupil's enrolment long ago, and the disposal takes what is due.
    const admin = await world.signIn('admin');
    const [row] = await query(
      world.testApp,
      `select su.school_unit_code, e.start_date::text as start from enrolment e
         join school_unit su on su.id = e.school_unit_id where e.person_id = $1`,
      [pupilId],
    );
    const submitted = await admin
      .post('/api/v1/directory/imports?fileName=elever.csv')
      .set('Content-Type', 'text/csv')
      .send(
        [
          'roll;personnummer;fornamn;efternamn;skolenhetskod;skolform;startdatum;slutdatum',
          `elev;${civicNo};${String(pupil?.given_name)};${String(pupil?.family_name)};${String(row?.school_unit_code)};grundskola;${String(row?.start)};2020-06-12`,
        ].join('\n'),
      )
      .expect(202);
    await eventually(async () => {
      const current = await admin.get(`/api/v1/directory/imports/${submitted.body.id}`).expect(200);
      return current.body.status === 'completed' ? true : null;
    }, 'the import');
    await world.testApp.app.get(RetentionService).dispose(stockholmToday(new Date()));

    const persons = await query(
      world.testApp,
      'select given_name, family_name, civic_no from person',
    );
    // The disposed pupil is no longer in the directory: scanned for as well.
    persons.push(pupil ?? {});
    const entries = await query(
      world.testApp,
      `select id, action, actor_roles::text || ' ' || coalesce(target_type, '') || ' ' ||
              coalesce(target_id, '') || ' ' || details::text || ' ' || coalesce(request_id, '') as text
         from audit_entry order by id`,
    );
    expect(entries.length).toBeGreaterThan(30);

    const patterns = persons.flatMap((person) => {
      const civic = String(person.civic_no);
      const short = civic.slice(2);
      return [
        { what: 'personnummer', needle: civic },
        { what: 'personnummer (10 siffror)', needle: short },
        { what: 'personnummer (med streck)', needle: `${short.slice(0, 6)}-${short.slice(6)}` },
        {
          what: 'namn',
          needle: `${String(person.given_name)} ${String(person.family_name)}`.toLowerCase(),
        },
      ];
    });
    const familyNames = new Set(persons.map((person) => String(person.family_name)));
    const hits: string[] = [];
    for (const entry of entries) {
      const text = String(entry.text);
      const lower = text.toLowerCase();
      for (const { what, needle } of patterns) {
        if (lower.includes(needle)) hits.push(`${String(entry.action)}: ${what}`);
      }
      for (const family of familyNames) {
        // A family name on its own, as a word (ids and codes never form one).
        if (new RegExp(`(^|[^\\p{L}])${family}([^\\p{L}]|$)`, 'u').test(text)) {
          hits.push(`${String(entry.action)}: efternamn`);
        }
      }
    }
    expect([...new Set(hits)]).toEqual([]);

    // And the chain is whole, with the disposal's entries in it.
    expect(await world.testApp.app.get(AuditService).verify()).toMatchObject({ ok: true });
  });
});

import { randomUUID } from 'node:crypto';

import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { stockholmInstant, stockholmToday } from '../../src/common/stockholm';
import { ExtractSourcesCollector } from '../../src/register-extract/extract-sources';
import { PeopleDisposalService } from '../../src/retention/people-disposal.service';
import { dayAfter, TalkRemindersService } from '../../src/talks/talk-reminders.service';
import { csrfFrom, DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';

/** A Swedish day `days` from today. */
function inDays(days: number): string {
  let day = stockholmToday();
  for (let i = 0; i < days; i += 1) day = dayAfter(day);
  return day;
}

describe('talks: mentors publish times, guardians book them', () => {
  let world: DemoWorld;
  let fourA: string;
  let sevenA: string;
  /** The demo guardian's children: pupil-4-1 (4A) and pupil-7-1 (7A). */
  let child4: string;
  let child7: string;
  const day = inDays(10);
  const otherDay = inDays(11);

  beforeAll(async () => {
    world = await startDemoWorld();
    const groups = await query(
      world.testApp,
      "select id, name from student_group where name in ('4A', '7A')",
    );
    fourA = String(groups.find((group) => group.name === '4A')?.id);
    sevenA = String(groups.find((group) => group.name === '7A')?.id);
    child4 = await world.personId('demo:person:pupil-4-1');
    child7 = await world.personId('demo:person:pupil-7-1');
  });

  afterAll(() => world.close());

  /** Signs in as any person of the demo directory (their account gets the demo password). */
  async function signInPerson(externalId: string): Promise<TestAgent> {
    const [account] = await query(
      world.testApp,
      `select a.username from account a join person p on p.id = a.person_id where p.external_id = $1`,
      [externalId],
    );
    await query(
      world.testApp,
      "update account set password_hash = (select password_hash from account where username = 'admin') where username = $1",
      [account?.username],
    );
    const agent = request.agent(world.testApp.app.getHttpServer());
    await agent
      .post('/api/v1/auth/login')
      .send({ username: account?.username, password: DEMO_PASSWORD })
      .expect(200);
    return agent;
  }

  /** The guardians of a demo pupil other than the shared demo guardian (external ids). */
  async function otherGuardiansOf(pupilExternalId: string): Promise<string[]> {
    const rows = await query(
      world.testApp,
      `select g.external_id from guardianship gs
         join person g on g.id = gs.guardian_id join person p on p.id = gs.pupil_id
        where p.external_id = $1 and g.external_id <> 'demo:person:guardian-shared'
        order by g.external_id`,
      [pupilExternalId],
    );
    return rows.map((row) => String(row.external_id));
  }

  async function publish(
    agent: TestAgent,
    groupId: string,
    form: { day: string; firstStart: string; lastStart: string; minutes: string; place: string },
  ): Promise<request.Response> {
    const page = await agent.get(`/samtal/${groupId}`).expect(200);
    return agent
      .post(`/samtal/${groupId}/tider`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...form });
  }

  /** The group's times on a day, in order: [id, HH:MM]. */
  async function slotsOn(groupId: string, onDay: string): Promise<{ id: string; at: string }[]> {
    const rows = await query(
      world.testApp,
      `select id, to_char(starts_at at time zone 'Europe/Stockholm', 'HH24:MI') as at
         from talk_slot
        where group_id = $1 and (starts_at at time zone 'Europe/Stockholm')::date = $2::date
        order by starts_at`,
      [groupId, onDay],
    );
    return rows.map((row) => ({ id: String(row.id), at: String(row.at) }));
  }

  async function book(
    agent: TestAgent,
    pupilId: string,
    slotId: string,
  ): Promise<request.Response> {
    const page = await agent.get('/mina-barn/samtal').expect(200);
    return agent
      .post(`/mina-barn/samtal/${pupilId}/boka`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), slotId });
  }

  async function cancel(agent: TestAgent, pupilId: string): Promise<request.Response> {
    const page = await agent.get('/mina-barn/samtal').expect(200);
    return agent
      .post(`/mina-barn/samtal/${pupilId}/avboka`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
  }

  async function bookingsOf(pupilId: string): Promise<Record<string, unknown>[]> {
    return query(
      world.testApp,
      `select b.id, b.slot_id, b.booked_by_person_id, b.reminded_at,
              (s.starts_at at time zone 'Europe/Stockholm')::date::text as day
         from talk_booking b join talk_slot s on s.id = b.slot_id
        where b.pupil_id = $1 order by s.starts_at`,
      [pupilId],
    );
  }

  async function shareWith(
    agent: TestAgent,
    otherId: string,
    together: 'ja' | 'nej',
  ): Promise<void> {
    const page = await agent.get('/mina-barn/samtal').expect(200);
    await agent
      .post('/mina-barn/samtal/hushall')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), vardnadshavare: otherId, tillsammans: together })
      .expect(303);
  }

  async function setAddress(agent: TestAgent, street: string, email?: string): Promise<void> {
    const form = await agent.get('/profil').expect(200);
    await agent
      .post('/profil')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        streetAddress: street,
        postalCode: '44331',
        city: 'Lerum',
        ...(email ? { email } : {}),
      })
      .expect(303);
  }

  async function clearBookings(): Promise<void> {
    await query(world.testApp, 'delete from talk_booking');
  }

  it('lets the mentor publish a series of times, and refuses wrong input and a place the guard stops', async () => {
    const mentor = await world.signIn('mentor');
    await mentor.get('/samtal').expect(303).expect('Location', `/samtal/${fourA}`);
    // A mentor of two classes chooses between them.
    const [duty] = await query(
      world.testApp,
      `insert into staff_duty (id, external_id, person_id, role, school_unit_id, group_id, updated_at)
       select gen_random_uuid(), 'test:second-class', d.person_id, d.role, g.school_unit_id, g.id, now()
         from staff_duty d, student_group g
        where d.group_id = $1 and d.role = 'mentor' and g.name = '5A'
        limit 1
       returning group_id`,
      [fourA],
    );
    const both = await mentor.get('/samtal').expect(200);
    expect(both.text).toContain(`href="/samtal/${fourA}"`);
    expect(both.text).toContain(`href="/samtal/${String(duty?.group_id)}"`);
    await query(world.testApp, "delete from staff_duty where external_id = 'test:second-class'");

    const published = await publish(mentor, fourA, {
      day,
      firstStart: '14:00',
      lastStart: '16:00',
      minutes: '30',
      place: 'Klassrum 4A',
    });
    expect(published.status).toBe(303);
    const page = await mentor.get(`/samtal/${fourA}`).expect(200);
    expect(page.text).toContain('5 nya tider är publicerade.');
    expect((await slotsOn(fourA, day)).map((slot) => slot.at)).toEqual([
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
    ]);
    // The same series again adds nothing: the group has those times.
    await publish(mentor, fourA, {
      day,
      firstStart: '14:00',
      lastStart: '14:30',
      minutes: '30',
      place: 'Klassrum 4A',
    }).then((response) => expect(response.status).toBe(303));
    expect(await slotsOn(fourA, day)).toHaveLength(5);
    await publish(mentor, fourA, {
      day: otherDay,
      firstStart: '08:00',
      lastStart: '08:20',
      minutes: '20',
      place: 'Klassrum 4A',
    }).then((response) => expect(response.status).toBe(303));

    const wrong = await publish(mentor, fourA, {
      day: '2027-02-30',
      firstStart: '14:00',
      lastStart: '13:00',
      minutes: '30',
      place: 'Klassrum 4A',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Dag ska vara ett datum');
    expect(wrong.text).toContain('value="2027-02-30"');

    const guarded = await publish(mentor, fourA, {
      day,
      firstStart: '17:00',
      lastStart: '17:00',
      minutes: '30',
      place: 'Ring 070-123 45 67',
    });
    expect(guarded.status).toBe(400);
    expect(guarded.text).toContain('070-123 45 67');
    expect(await slotsOn(fourA, day)).toHaveLength(5);

    const [audit] = await query(
      world.testApp,
      "select count(*)::int as count from audit_entry where action = 'talk.slots.published'",
    );
    expect(audit?.count).toBe(3);

    // 7A's mentor publishes theirs (for the overlapping times of two children).
    const mentor7 = await signInPerson('demo:person:mentor-7');
    await publish(mentor7, sevenA, {
      day,
      firstStart: '14:15',
      lastStart: '14:45',
      minutes: '30',
      place: 'Sal 7A',
    }).then((response) => expect(response.status).toBe(303));
  });

  it('refuses other staff, other guardians and anonymous callers as not found or the login', async () => {
    const [slot] = await slotsOn(fourA, day);
    for (const role of ['larare', 'rektor', 'vardnadshavare', 'elev', 'admin'] as const) {
      const agent = await world.signIn(role);
      await agent.get(`/samtal/${fourA}`).expect(404);
      await agent.get('/samtal').expect(404);
    }
    const mentor7 = await signInPerson('demo:person:mentor-7');
    await mentor7.get(`/samtal/${fourA}`).expect(404);
    const withdrawn = await mentor7
      .post(`/samtal/${fourA}/tider/${slot.id}/ta-bort`)
      .type('form')
      .send({ _csrf: csrfFrom((await mentor7.get(`/samtal/${sevenA}`).expect(200)).text) });
    expect(withdrawn.status).toBe(404);
    expect(await slotsOn(fourA, day)).toHaveLength(5);

    for (const role of ['mentor', 'larare', 'elev'] as const) {
      await (await world.signIn(role)).get('/mina-barn/samtal').expect(404);
    }
    // A guardian of a 4A pupil: not for another family's child, nor a 7A time for their own.
    const [otherGuardian] = await otherGuardiansOf('demo:person:pupil-4-2');
    const other = await signInPerson(otherGuardian);
    const child42 = await world.personId('demo:person:pupil-4-2');
    expect((await book(other, child4, slot.id)).status).toBe(404);
    const [seven] = await slotsOn(sevenA, day);
    expect((await book(other, child42, seven.id)).status).toBe(404);
    expect((await bookingsOf(child4)).length + (await bookingsOf(child42)).length).toBe(0);

    const anonymous = request.agent(world.testApp.app.getHttpServer());
    await anonymous
      .get('/mina-barn/samtal')
      .expect(303)
      .expect('Location', /^\/logga-in/);
    await anonymous
      .get(`/samtal/${fourA}`)
      .expect(303)
      .expect('Location', /^\/logga-in/);
  });

  it('books, moves and cancels, and the draft plan’s talk date follows', async () => {
    await clearBookings();
    const mentor = await world.signIn('mentor');
    const plan = await mentor.post(`/api/v1/pupils/${child4}/plans`).expect(201);
    const planId = String((plan.body as { id: string }).id);
    const talkDate = async (): Promise<unknown> =>
      (
        await query(
          world.testApp,
          "select draft #>> '{talk,date}' as date from plan where id = $1",
          [planId],
        )
      )[0]?.date ?? null;

    const guardian = await world.signIn('vardnadshavare');
    const overview = await guardian.get('/mina-barn').expect(200);
    expect(overview.text).toContain(`/mina-barn/samtal#barn-${child4}`);
    const page = await guardian.get('/mina-barn/samtal').expect(200);
    expect(page.text).toContain('Klassrum 4A');
    expect(page.text).toContain('Ingen tid är bokad');

    const [first, second] = await slotsOn(fourA, day);
    const booked = await book(guardian, child4, first.id);
    expect(booked.status).toBe(303);
    const after = await guardian.get('/mina-barn/samtal').expect(200);
    expect(after.text).toContain('Samtalet är bokat');
    expect(after.text).toContain('Er bokning');
    expect(await talkDate()).toBe(day);

    const [early] = await slotsOn(fourA, otherDay);
    expect((await book(guardian, child4, early.id)).status).toBe(303);
    expect((await guardian.get('/mina-barn/samtal')).text).toContain('Samtalet är flyttat till');
    expect(await bookingsOf(child4)).toHaveLength(1);
    expect(await talkDate()).toBe(otherDay);

    expect((await book(guardian, child4, second.id)).status).toBe(303);
    expect(await talkDate()).toBe(day);

    // The mentor sees who booked and the plan's date.
    const mentorPage = await mentor.get(`/samtal/${fourA}`).expect(200);
    expect(mentorPage.text).toContain('Karin Lindqvist');
    expect(mentorPage.text).toContain(`Planens samtalsdatum: ${day}`);
    // A booked time cannot be withdrawn.
    const refused = await mentor
      .post(`/samtal/${fourA}/tider/${second.id}/ta-bort`)
      .type('form')
      .send({ _csrf: csrfFrom(mentorPage.text) });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Tiden är bokad och kan inte tas bort');

    expect((await cancel(guardian, child4)).status).toBe(303);
    expect((await guardian.get('/mina-barn/samtal')).text).toContain('är avbokat');
    expect(await bookingsOf(child4)).toHaveLength(0);
    expect(await talkDate()).toBeNull();
    const nothing = await cancel(guardian, child4);
    expect(nothing.status).toBe(409);
    expect(nothing.text).toContain('Ni har ingen bokad tid att avboka.');

    const actions = await query(
      world.testApp,
      `select action from audit_entry where pupil_id = $1 and action like 'talk.%' or action = 'plan.talk_date.booked' and pupil_id = $1 order by id`,
      [child4],
    );
    expect(actions.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'talk.booking.created',
        'talk.booking.moved',
        'talk.booking.cancelled',
        'plan.talk_date.booked',
        'talk.overview.read',
      ]),
    );

    // An established plan is never changed by a booking.
    await query(
      world.testApp,
      "update plan set state = 'established', draft = null where id = $1",
      [planId],
    );
    expect((await book(guardian, child4, first.id)).status).toBe(303);
    expect(
      (await query(world.testApp, 'select draft from plan where id = $1', [planId]))[0]?.draft,
    ).toBeNull();
    expect((await mentor.get(`/samtal/${fourA}`)).text).toContain('Inget utkast till plan');
  });

  it('refuses a time another family has, two children at overlapping times, and a time that has passed', async () => {
    await clearBookings();
    const [first] = await slotsOn(fourA, day);
    const [otherGuardian] = await otherGuardiansOf('demo:person:pupil-4-2');
    const other = await signInPerson(otherGuardian);
    const child42 = await world.personId('demo:person:pupil-4-2');
    expect((await book(other, child42, first.id)).status).toBe(303);

    const guardian = await world.signIn('vardnadshavare');
    const taken = await book(guardian, child4, first.id);
    expect(taken.status).toBe(409);
    expect(taken.text).toContain(
      'Tiden är redan bokad av en annan familj. Välj en annan ledig tid.',
    );
    expect(await bookingsOf(child4)).toHaveLength(0);
    // The other family's time shows as taken, nothing more.
    expect(taken.text).toContain('Bokad');

    const [, second] = await slotsOn(fourA, day);
    expect((await book(guardian, child4, second.id)).status).toBe(303); // 14:30–15:00
    const [sevenFirst, sevenSecond] = await slotsOn(sevenA, day); // 14:15, 14:45
    const overlap = await book(guardian, child7, sevenFirst.id);
    expect(overlap.status).toBe(409);
    const [child4Name] = await query(world.testApp, 'select given_name from person where id = $1', [
      child4,
    ]);
    expect(overlap.text).toContain(
      `Tiden krockar med samtalet för ${String(child4Name?.given_name)}`,
    );
    expect(await bookingsOf(child7)).toHaveLength(0);
    // 14:45 overlaps 14:30–15:00 too; 15:00 would not, but 7A has no such time: move 4A instead.
    expect((await book(guardian, child7, sevenSecond.id)).status).toBe(409);

    const [past] = await query(
      world.testApp,
      `insert into talk_slot (id, group_id, starts_at, minutes, place, published_at)
       values (gen_random_uuid(), $1, now() - interval '1 hour', 30, 'Klassrum 4A', now()) returning id`,
      [fourA],
    );
    const late = await book(guardian, child4, String(past?.id));
    expect(late.status).toBe(409);
    expect(late.text).toContain('Tiden har redan varit');
    await query(world.testApp, 'delete from talk_slot where id = $1', [past?.id]);
  });

  it('gives guardians in separate households a talk each, and lets one household share one booking', async () => {
    await clearBookings();
    const [partnerId] = await otherGuardiansOf('demo:person:pupil-4-1');
    const guardian = await world.signIn('vardnadshavare');
    const partner = await signInPerson(partnerId);
    const partnerPersonId = await world.personId(partnerId);
    const guardianPersonId = await world.personId('demo:person:guardian-shared');
    const [first, second, third] = await slotsOn(fourA, day);

    expect((await book(guardian, child4, first.id)).status).toBe(303);
    const partnerPage = await partner.get('/mina-barn/samtal').expect(200);
    expect(partnerPage.text).toContain('Ingen tid är bokad');
    expect((await book(partner, child4, second.id)).status).toBe(303);
    expect(await bookingsOf(child4)).toHaveLength(2);
    // Neither can cancel the other's: each cancels their own.
    expect((await cancel(partner, child4)).status).toBe(303);
    const left = await bookingsOf(child4);
    expect(left).toHaveLength(1);
    expect(left[0]?.slot_id).toBe(first.id);

    // One guardian's word alone joins nobody: the partner still cannot touch the booking.
    await shareWith(partner, guardianPersonId, 'ja');
    expect((await cancel(partner, child4)).status).toBe(409);
    const asked = await guardian.get('/mina-barn/samtal').expect(200);
    expect(asked.text).toContain('vill att ni bokar tillsammans');
    // Both said so: one household, one booking that either may move or cancel.
    await shareWith(guardian, partnerPersonId, 'ja');
    const shared = await partner.get('/mina-barn/samtal').expect(200);
    expect(shared.text).toContain('ni bokar tillsammans');
    expect(shared.text).toContain('bokat av någon i ditt hushåll');
    expect((await book(partner, child4, third.id)).status).toBe(303);
    const moved = await bookingsOf(child4);
    expect(moved).toHaveLength(1);
    expect(moved[0]?.slot_id).toBe(third.id);
    expect((await cancel(guardian, child4)).status).toBe(303);
    expect(await bookingsOf(child4)).toHaveLength(0);

    // Either taking it back separates them again, for both: the partner's booking is theirs alone.
    expect((await book(partner, child4, first.id)).status).toBe(303);
    await shareWith(guardian, partnerPersonId, 'nej');
    expect(
      await query(
        world.testApp,
        'select 1 from talk_household where $1 in (guardian_id, other_guardian_id)',
        [partnerPersonId],
      ),
    ).toHaveLength(0);
    expect((await cancel(guardian, child4)).status).toBe(409);
    expect((await cancel(partner, child4)).status).toBe(303);
    expect(await bookingsOf(child4)).toHaveLength(0);
    // Only the children's other guardians can be named; anyone else is not found.
    const page = await guardian.get('/mina-barn/samtal').expect(200);
    await guardian
      .post('/mina-barn/samtal/hushall')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), vardnadshavare: child4, tillsammans: 'ja' })
      .expect(404);
  });

  it('lets exactly one of two guardians booking the same time at once have it', async () => {
    await clearBookings();
    const [, , , fourth] = await slotsOn(fourA, day);
    const agents = await Promise.all(
      ['demo:person:pupil-4-3', 'demo:person:pupil-4-4', 'demo:person:pupil-4-5'].map(
        async (pupil) => {
          const [guardianId] = await otherGuardiansOf(pupil);
          const agent = await signInPerson(guardianId);
          const page = await agent.get('/mina-barn/samtal').expect(200);
          return { agent, pupilId: await world.personId(pupil), token: csrfFrom(page.text) };
        },
      ),
    );
    const answers = await Promise.all(
      agents.map(({ agent, pupilId, token }) =>
        agent
          .post(`/mina-barn/samtal/${pupilId}/boka`)
          .type('form')
          .send({ _csrf: token, slotId: fourth.id }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([303, 409, 409]);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      expect(refused.text).toContain('Tiden är redan bokad av en annan familj');
    }
    const rows = await query(
      world.testApp,
      'select count(*)::int as count from talk_booking where slot_id = $1',
      [fourth.id],
    );
    expect(rows[0]?.count).toBe(1);
  });

  it('never shows a family with protected identity to other families, and shows them to the mentor as staff pages do', async () => {
    await clearBookings();
    const pupilKey = 'demo:person:pupil-4-6';
    const [protectedGuardianKey] = await otherGuardiansOf(pupilKey);
    await query(
      world.testApp,
      `update person set security_marking = 'Skyddad folkbokföring' where external_id = any($1)`,
      [[pupilKey, protectedGuardianKey]],
    );
    const names = await query(
      world.testApp,
      'select given_name, family_name from person where external_id = any($1)',
      [[pupilKey, protectedGuardianKey]],
    );
    const protectedAgent = await signInPerson(protectedGuardianKey);
    const [first] = await slotsOn(fourA, day);
    expect((await book(protectedAgent, await world.personId(pupilKey), first.id)).status).toBe(303);

    const guardian = await world.signIn('vardnadshavare');
    const page = await guardian.get('/mina-barn/samtal').expect(200);
    const refused = await book(guardian, child4, first.id);
    expect(refused.status).toBe(409);
    for (const text of [page.text, refused.text]) {
      for (const person of names) {
        expect(text).not.toContain(`${String(person.given_name)} ${String(person.family_name)}`);
      }
    }

    const mentorPage = await (await world.signIn('mentor')).get(`/samtal/${fourA}`).expect(200);
    expect(mentorPage.text).toContain('Vårdnadshavare med skyddade personuppgifter');
    expect(mentorPage.text).toContain('Skyddade personuppgifter');
    await query(
      world.testApp,
      `update person set security_marking = 'Ingen' where external_id = any($1)`,
      [[pupilKey, protectedGuardianKey]],
    );
  });

  it('tells those who opted in that the talk was booked or moved, and nobody in another household', async () => {
    await clearBookings();
    const [partnerKey] = await otherGuardiansOf('demo:person:pupil-4-1');
    const guardianId = await world.personId('demo:person:guardian-shared');
    const partnerPersonId = await world.personId(partnerKey);
    for (const [personId, email] of [
      [guardianId, 'karin.avisering@exempel.se'],
      [partnerPersonId, 'annan.avisering@exempel.se'],
    ]) {
      await query(
        world.testApp,
        `insert into notification_preference (person_id, kind, email, updated_at)
         values ($1, 'talk-booked', $2, now()) on conflict do nothing`,
        [personId, email],
      );
    }
    const guardian = await world.signIn('vardnadshavare');
    const [first, second] = await slotsOn(fourA, day);
    expect((await book(guardian, child4, first.id)).status).toBe(303);
    expect((await book(guardian, child4, second.id)).status).toBe(303);

    const mails = await query(
      world.testApp,
      "select to_address, body from email_outbox where kind = 'notification_talk_booked' order by created_at",
    );
    expect(mails.map((mail) => mail.to_address)).toEqual([
      'karin.avisering@exempel.se',
      'karin.avisering@exempel.se',
    ]);
    expect(String(mails[0]?.body)).not.toContain('Klassrum');
    await query(world.testApp, "delete from notification_preference where kind = 'talk-booked'");
  });

  it('e-mails the booking guardian a reminder the day before, once, with no plan content', async () => {
    await clearBookings();
    const tomorrow = inDays(1);
    const mentor = await world.signIn('mentor');
    await publish(mentor, fourA, {
      day: tomorrow,
      firstStart: '15:00',
      lastStart: '15:00',
      minutes: '30',
      place: 'Klassrum 4A',
    }).then((response) => expect(response.status).toBe(303));
    // Something in the draft the e-mail must never carry.
    const [plan] = await query(world.testApp, 'select id, revision from plan where pupil_id = $1', [
      child4,
    ]);
    await query(world.testApp, "update plan set state = 'draft', draft = $2 where id = $1", [
      plan?.id,
      JSON.stringify({
        assessments: [],
        goals: [],
        selfAssessment: { answers: [], text: 'Hemlig självskattning' },
        otherDevelopment: null,
        guardianComments: [],
        talk: { date: null, participants: [], agreements: 'Hemlig överenskommelse' },
      }),
    ]);
    const guardian = await world.signIn('vardnadshavare');
    await setAddress(guardian, 'Björkvägen 7', 'karin@exempel.se');
    const [slot] = await slotsOn(fourA, tomorrow);
    expect((await book(guardian, child4, slot.id)).status).toBe(303);

    const reminders = world.testApp.app.get(TalkRemindersService);
    const today = stockholmToday();
    expect(await reminders.sendDue(stockholmInstant(today, '09:00'))).toBe(0);
    expect(await reminders.sendDue(stockholmInstant(today, '16:00'))).toBe(1);
    expect(await reminders.sendDue(stockholmInstant(today, '17:00'))).toBe(0);
    // Run at once as well: still one.
    await Promise.all([
      reminders.sendDue(stockholmInstant(today, '18:00')),
      reminders.sendDue(stockholmInstant(today, '18:00')),
    ]);

    const mails = await query(
      world.testApp,
      "select to_address, subject, body from email_outbox where kind = 'talk_reminder'",
    );
    expect(mails).toHaveLength(1);
    const [child] = await query(
      world.testApp,
      'select given_name, family_name from person where id = $1',
      [child4],
    );
    const mail = mails[0];
    expect(mail.to_address).toBe('karin@exempel.se');
    expect(String(mail.subject)).toContain('Påminnelse: utvecklingssamtal');
    expect(String(mail.body)).toContain(String(child?.given_name));
    expect(String(mail.body)).toContain('Klassrum 4A');
    expect(String(mail.body)).toContain('kl. 15.00–15.30');
    expect(String(mail.body)).not.toContain(String(child?.family_name));
    expect(String(mail.body)).not.toContain('Hemlig');
    expect((await bookingsOf(child4))[0]?.reminded_at).not.toBeNull();
  });

  it('puts the bookings in the register extract, and disposes of them TALK_KEEP_DAYS after the talk', async () => {
    await clearBookings();
    const guardian = await world.signIn('vardnadshavare');
    const [slot] = await slotsOn(fourA, day);
    expect((await book(guardian, child4, slot.id)).status).toBe(303);
    const guardianId = await world.personId('demo:person:guardian-shared');
    // The other guardian's word that they book together is about this guardian too.
    const [partnerKey] = await otherGuardiansOf('demo:person:pupil-4-1');
    await shareWith(await signInPerson(partnerKey), guardianId, 'ja');
    const sources = await world.testApp.app
      .get(ExtractSourcesCollector)
      .collect(guardianId, () => Promise.resolve());
    expect(sources.talkBookings).toEqual([
      expect.objectContaining({ pupilId: child4, place: 'Klassrum 4A', bookedByThem: true }),
    ]);
    expect(sources.talkHousehold).toEqual([
      expect.objectContaining({ saidByYou: false, saidByOther: true }),
    ]);
    await query(world.testApp, 'delete from talk_household');

    const disposal = world.testApp.app.get(PeopleDisposalService);
    const soon = await disposal.dispose(randomUUID(), inDays(2), new Date());
    expect(soon.talkSlots).toBe(0);
    const later = new Date(Date.now() + 45 * 86_400_000);
    const done = await disposal.dispose(randomUUID(), stockholmToday(later), later);
    expect(done.talkSlots).toBeGreaterThan(0);
    expect(done.talkBookings).toBe(1);
    const [left] = await query(world.testApp, 'select count(*)::int as count from talk_slot');
    expect(left?.count).toBe(0);
    expect(await bookingsOf(child4)).toHaveLength(0);
  });
});

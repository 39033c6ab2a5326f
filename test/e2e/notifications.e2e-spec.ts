import type TestAgent from 'supertest/lib/agent';
import request from 'supertest';

import { stockholmToday } from '../../src/common/stockholm';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';

interface PlanView {
  id: string;
  revision: number;
  draft: { guardianComments: { text: string; answer?: { text: string } | null }[] } | null;
}

/**
 * Opt-in e-mail about a pupil's plan: chosen on the preference page, written to the outbox by
 * each trigger to exactly the opted-in pupil and guardians (one e-mail each, never another
 * family), and never with anything of the plan in it.
 */
describe('notifications: opt-in e-mail to guardians and pupils', () => {
  let world: DemoWorld;
  let guardian: TestAgent;
  let pupil: TestAgent;
  let mentor: TestAgent;
  let pupilId: string;
  let otherPupilId: string;
  let protectedGuardianId: string;
  let otherFamilyGuardianId: string;
  let planId: string;

  const PAGE = '/installningar/aviseringar';
  const GOAL = 'Läsa kapitelböcker om rymden tjugo minuter varje kväll';
  const COMMENT = 'Vi läser gärna tillsammans på helgerna';
  const ANSWER = 'Fint, ta med boken om planeterna till samtalet';

  beforeAll(async () => {
    world = await startDemoWorld();
    [guardian, pupil, mentor] = await Promise.all([
      world.signIn('vardnadshavare'),
      world.signIn('elev'),
      world.signIn('mentor'),
    ]);
    pupilId = await world.personId('demo:person:pupil-4-1');
    otherPupilId = await world.personId('demo:person:pupil-4-2');
    protectedGuardianId = await world.personId('demo:person:guardian-4-1-1');
    otherFamilyGuardianId = await world.personId('demo:person:guardian-4-2-1');
    // The child's other guardian gets protected identity and has opted in to everything (as
    // through the page, which they have no demo account for); so has a guardian of a classmate.
    await query(
      world.testApp,
      "update person set security_marking = 'Skyddad folkbokföring' where id = $1",
      [protectedGuardianId],
    );
    for (const [personId, email] of [
      [protectedGuardianId, 'skyddad@exempel.se'],
      [otherFamilyGuardianId, 'klasskompis@exempel.se'],
    ]) {
      await query(
        world.testApp,
        `insert into notification_preference (person_id, kind, email, updated_at)
         select $1, kind, $2, now()
           from unnest(array['plan-ready', 'talk-booked', 'plan-established', 'comment-answered']) kind`,
        [personId, email],
      );
    }
  });

  afterAll(() => world.close());

  const outbox = async (kind: string) =>
    query(
      world.testApp,
      'select to_address, subject, body from email_outbox where kind = $1 order by to_address',
      [kind],
    );

  const preferencesOf = async (personId: string) =>
    (
      await query(
        world.testApp,
        'select kind, email from notification_preference where person_id = $1 order by kind',
        [personId],
      )
    ).map((row) => `${String(row.kind)} ${String(row.email)}`);

  const current = async (): Promise<PlanView> =>
    (await mentor.get(`/api/v1/plans/${planId}`).expect(200)).body as PlanView;

  it('refuses the page to anyone but a signed-in guardian or pupil', async () => {
    const anonymous = request.agent(world.testApp.app.getHttpServer());
    await anonymous
      .get(PAGE)
      .expect(303)
      .expect('Location', /^\/logga-in\?nasta=/);
    await anonymous.post(PAGE).type('form').send({ email: 'x@exempel.se' }).expect(403);
    await mentor.get(PAGE).expect(404);
    const [{ count }] = await query(
      world.testApp,
      'select count(*)::int as count from notification_preference',
    );
    expect(count).toBe(8);
  });

  it('lets a guardian opt in kind by kind, offering the profile address, and opt out again', async () => {
    const profile = await guardian.get('/profil').expect(200);
    await guardian
      .post('/profil')
      .type('form')
      .send({ _csrf: csrfFrom(profile.text), email: 'karin@exempel.se' })
      .expect(303);

    const page = await guardian.get(PAGE).expect(200);
    expect(page.text).toContain('value="karin@exempel.se"');
    expect(page.text).toContain('Vi har fyllt i adressen som du har gett skolan.');
    expect(page.text).toContain('Innehållet i planen skickas aldrig med e-post.');
    expect(page.text).toContain('Mentorn har svarat på din kommentar');
    expect(page.text).not.toMatch(/<input[^>]+checked/);

    const refused = await guardian
      .post(PAGE)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), 'kind_plan-ready': 'ja', email: 'inte en adress' })
      .expect(400);
    expect(refused.text).toContain('E-postadress måste vara en giltig e-postadress');
    expect(await preferencesOf(await world.personId('demo:person:guardian-shared'))).toEqual([]);

    const karinId = await world.personId('demo:person:guardian-shared');
    await guardian
      .post(PAGE)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), 'kind_talk-booked': 'ja', email: 'karin@exempel.se' })
      .expect(303)
      .expect('Location', `${PAGE}?sparat=ja`);
    expect(await preferencesOf(karinId)).toEqual(['talk-booked karin@exempel.se']);
    // Unticking everything keeps no address.
    await guardian
      .post(PAGE)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: 'karin@exempel.se' })
      .expect(303);
    expect(await preferencesOf(karinId)).toEqual([]);

    await guardian
      .post(PAGE)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        'kind_plan-ready': 'ja',
        'kind_plan-established': 'ja',
        'kind_comment-answered': 'ja',
        email: 'Karin.Hem@Exempel.se',
      })
      .expect(303);
    expect(await preferencesOf(karinId)).toEqual([
      'comment-answered karin.hem@exempel.se',
      'plan-established karin.hem@exempel.se',
      'plan-ready karin.hem@exempel.se',
    ]);
    const saved = await guardian.get(`${PAGE}?sparat=ja`).expect(200);
    expect(saved.text).toContain('Dina val är sparade.');
    expect((saved.text.match(/ checked/g) ?? []).length).toBe(3);
    const [audit] = await query(
      world.testApp,
      "select details from audit_entry where action = 'notification.preferences.changed' order by id desc limit 1",
    );
    expect(JSON.stringify(audit?.details)).not.toContain('@');
  });

  it('lets the pupil opt in, without the guardians’ comment kind', async () => {
    const page = await pupil.get(PAGE).expect(200);
    expect(page.text).not.toContain('kind_comment-answered');
    await pupil
      .post(PAGE)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        'kind_plan-ready': 'ja',
        'kind_plan-established': 'ja',
        email: 'elev@exempel.se',
      })
      .expect(303);
    expect(await preferencesOf(pupilId)).toEqual([
      'plan-established elev@exempel.se',
      'plan-ready elev@exempel.se',
    ]);
    expect((await guardian.get('/mina-barn').expect(200)).text).toContain(`href="${PAGE}"`);
    expect((await pupil.get(`/elever/${pupilId}`).expect(200)).text).toContain(`href="${PAGE}"`);
  });

  it('tells the opted-in pupil and guardians, one e-mail each, when the mentor starts a plan', async () => {
    const page = await mentor.get(`/elever/${pupilId}`).expect(200);
    const started = await mentor
      .post(`/elever/${pupilId}/planer`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    planId = /\/planer\/([0-9a-f-]+)/.exec(String(started.headers.location))![1];

    const ready = await outbox('notification_plan_ready');
    expect(ready.map((row) => row.to_address)).toEqual([
      'elev@exempel.se',
      'karin.hem@exempel.se',
      'skyddad@exempel.se',
    ]);
    const toKarin = ready.find((row) => row.to_address === 'karin.hem@exempel.se')!;
    const [child] = await query(world.testApp, 'select given_name from person where id = $1', [
      pupilId,
    ]);
    expect(String(toKarin.subject)).toBe(
      `Utvecklingsplanen för ${String(child.given_name)} kan förberedas`,
    );
    // Neither guardian is named to the other (one of them has protected identity).
    for (const row of ready) {
      expect(`${String(row.subject)} ${String(row.body)}`).not.toMatch(/Karin|Lindqvist|@/);
    }
    const audit = await query(
      world.testApp,
      "select pupil_id, details from audit_entry where action = 'notification.emails.written'",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].pupil_id).toBe(pupilId);
    expect(audit[0].details).toMatchObject({ kind: 'plan-ready', emails: 3 });
  });

  it('writes nothing for a pupil whose family has not opted in', async () => {
    await mentor.post(`/api/v1/pupils/${otherPupilId}/plans`).expect(201);
    // The classmate's guardian opted in to everything: the notice about their child goes to them
    // alone, and never any notice about pupil 4-1.
    const ready = await outbox('notification_plan_ready');
    expect(ready.map((row) => row.to_address)).toEqual([
      'elev@exempel.se',
      'karin.hem@exempel.se',
      'klasskompis@exempel.se',
      'skyddad@exempel.se',
    ]);
  });

  it('blocks a sensitive answer, and tells only the commenting guardian of an answer', async () => {
    const planPage = await guardian.get(`/planer/${planId}`).expect(200);
    await guardian
      .post(`/planer/${planId}/kommentar`)
      .type('form')
      .send({
        _csrf: csrfFrom(planPage.text),
        revision: String((await current()).revision),
        text: COMMENT,
      })
      .expect(303);

    const mentorPage = await mentor.get(`/planer/${planId}`).expect(200);
    expect(mentorPage.text).toContain('Svara på kommentar 1');
    const blocked = await mentor
      .post(`/planer/${planId}/svar`)
      .type('form')
      .send({
        _csrf: csrfFrom(mentorPage.text),
        revision: String((await current()).revision),
        comment: '0',
        text: 'Eleven är lat och har en ADHD-diagnos.',
      })
      .expect(400);
    expect(blocked.text).toContain('Svar på kommentar 1');
    expect(blocked.text).toContain('<mark>ADHD-diagnos</mark>');
    expect(await outbox('notification_comment_answered')).toEqual([]);

    // Not the guardian's to write, and another family's plan is not found.
    await guardian
      .put(`/api/v1/plans/${planId}/comments/0/answer`)
      .send({ revision: (await current()).revision, text: 'Svar.' })
      .expect(403);
    const [otherPlan] = await query(world.testApp, 'select id from plan where pupil_id = $1', [
      otherPupilId,
    ]);
    await guardian
      .put(`/api/v1/plans/${String(otherPlan.id)}/comments/0/answer`)
      .send({ revision: 0, text: 'Svar.' })
      .expect(404);
    await request(world.testApp.app.getHttpServer())
      .put(`/api/v1/plans/${planId}/comments/0/answer`)
      .send({ revision: 0, text: 'Svar.' })
      .expect(401);
    await mentor
      .put(`/api/v1/plans/${planId}/comments/5/answer`)
      .send({ revision: (await current()).revision, text: 'Svar.' })
      .expect(400);

    await mentor
      .post(`/planer/${planId}/svar`)
      .type('form')
      .send({
        _csrf: csrfFrom(mentorPage.text),
        revision: String((await current()).revision),
        comment: '0',
        text: ANSWER,
      })
      .expect(303);
    // Karin wrote the comment; the other guardian (also opted in) is not told.
    const answered = await outbox('notification_comment_answered');
    expect(answered.map((row) => row.to_address)).toEqual(['karin.hem@exempel.se']);
    expect((await current()).draft?.guardianComments).toEqual([
      expect.objectContaining({ text: COMMENT, answer: expect.objectContaining({ text: ANSWER }) }),
    ]);
    const seen = await guardian.get(`/planer/${planId}`).expect(200);
    expect(seen.text).toContain('Mentorns svar');
    expect(seen.text).toContain(ANSWER);
    expect(seen.text).not.toContain('Svara på kommentar');
  });

  it('tells those opted in when the plan is established, and no e-mail holds anything of the plan', async () => {
    let plan = await current();
    await mentor
      .put(`/api/v1/plans/${planId}/goals`)
      .send({
        revision: plan.revision,
        goals: [
          {
            subject: null,
            text: GOAL,
            actions: { school: 'Biblioteksbesök', pupil: 'Läser', guardian: 'Frågar' },
            followUp: '',
          },
        ],
        otherDevelopment: null,
      })
      .expect(200);
    plan = await current();
    await mentor
      .put(`/api/v1/plans/${planId}/talk`)
      .send({
        revision: plan.revision,
        date: stockholmToday(new Date()),
        participants: ['Eleven', 'Mentor'],
        agreements: 'Nästa samtal i mars om rymdboken',
      })
      .expect(200);
    plan = await current();
    await mentor
      .post(`/api/v1/plans/${planId}/establish`)
      .send({ revision: plan.revision })
      .expect(200);

    const established = await outbox('notification_plan_established');
    expect(established.map((row) => row.to_address)).toEqual([
      'elev@exempel.se',
      'karin.hem@exempel.se',
      'skyddad@exempel.se',
    ]);
    // The talk-booked kind has no trigger here (talks book it): nobody got one.
    expect(await outbox('notification_talk_booked')).toEqual([]);

    const all = await query(world.testApp, 'select subject, body from email_outbox');
    const texts = [GOAL, COMMENT, ANSWER, 'Biblioteksbesök', 'Nästa samtal i mars om rymdboken'];
    for (const row of all) {
      const email = `${String(row.subject)}\n${String(row.body)}`;
      for (const text of texts) {
        expect(email).not.toContain(text);
      }
    }
    // Every notice is a notice of one of the four kinds, each with one recipient.
    const [{ count }] = await query(
      world.testApp,
      "select count(*)::int as count from email_outbox where kind like 'notification_%'",
    );
    expect(count).toBe(4 + 1 + 3);
  });
});

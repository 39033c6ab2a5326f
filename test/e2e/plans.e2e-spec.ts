import type TestAgent from 'supertest/lib/agent';

import { DemoWorld, query, startDemoWorld } from '../support/demo-world';

interface PlanView {
  id: string;
  state: 'draft' | 'established';
  revision: number;
  establishedVersion: number;
  draft: {
    assessments: { subject: string; scaleValue: string | null; text: string }[];
    goals: { text: string }[];
    selfAssessment: { text: string };
    guardianComments: { text: string }[];
    talk: { date: string | null };
  } | null;
  versions: { version: number; registrationNumber: string }[];
  isPartial: boolean;
}

describe('a plan from draft to established, registered version', () => {
  let world: DemoWorld;
  let mentor: TestAgent;
  let teacher: TestAgent;
  let pupil: TestAgent;
  let guardian: TestAgent;
  let pupilId: string;
  let plan: PlanView;

  beforeAll(async () => {
    world = await startDemoWorld();
    [mentor, teacher, pupil, guardian] = await Promise.all([
      world.signIn('mentor'),
      world.signIn('larare'),
      world.signIn('elev'),
      world.signIn('vardnadshavare'),
    ]);
    pupilId = await world.personId('demo:person:pupil-4-1');
  });

  afterAll(() => world.close());

  const current = async (agent: TestAgent = mentor): Promise<PlanView> =>
    (await agent.get(`/api/v1/plans/${plan.id}`).expect(200)).body as PlanView;

  it('the mentor starts the plan for the current school year', async () => {
    const created = await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201);
    plan = created.body as PlanView;

    expect(plan.state).toBe('draft');
    expect(plan.draft?.assessments.map((a) => a.subject)).toContain('Matematik');
    await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(409);
    await teacher.post(`/api/v1/pupils/${pupilId}/plans`).expect(404);
  });

  it('the teacher writes the assessment of their own subject only, and sees only that', async () => {
    const seen = await current(teacher);
    expect(seen.isPartial).toBe(true);
    expect(seen.draft?.assessments.map((a) => a.subject)).toEqual(['Matematik']);

    await teacher
      .put(`/api/v1/plans/${plan.id}/assessments/Matematik`)
      .send({
        revision: seen.revision,
        scaleValue: 'godtagbara',
        text: 'Löser problem med flera steg och förklarar hur.',
      })
      .expect(200);
    await teacher
      .put(`/api/v1/plans/${plan.id}/assessments/Svenska`)
      .send({ revision: seen.revision + 1, scaleValue: 'godtagbara', text: 'x' })
      .expect(404);
  });

  it('refuses a save made from an old revision, saying so in Swedish', async () => {
    const stale = await mentor
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send({ revision: 0, goals: [], otherDevelopment: null })
      .expect(409);

    expect(stale.body.error.message).toContain('Planen har ändrats av någon annan');
  });

  it('the mentor writes goals and the talk; the pupil self-assesses; the guardian comments', async () => {
    let revision = (await current()).revision;
    await mentor
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send({
        revision,
        goals: [
          {
            subject: 'Matematik',
            text: 'Visa uträkningar i flera steg i problemlösning.',
            actions: {
              school: 'Extra genomgång varje vecka.',
              pupil: 'Skriva ner varje steg.',
              guardian: 'Fråga hur det gick.',
            },
            followUp: '',
          },
        ],
        otherDevelopment: 'Tar ansvar för sina uppgifter i grupparbeten.',
      })
      .expect(200);
    revision += 1;
    await pupil
      .put(`/api/v1/plans/${plan.id}/self-assessment`)
      .send({
        revision,
        answers: [{ questionId: 'trivsel', answer: 'Jag trivs bra i klassen.' }],
        text: 'Jag vill bli bättre på att läsa högt.',
      })
      .expect(200);
    revision += 1;
    await guardian
      .post(`/api/v1/plans/${plan.id}/comments`)
      .send({ revision, text: 'Vi läser tillsammans hemma varje kväll.' })
      .expect(201);
    revision += 1;
    await pupil
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send({ revision, goals: [], otherDevelopment: null })
      .expect(403);
    await guardian
      .put(`/api/v1/plans/${plan.id}/self-assessment`)
      .send({ revision, answers: [], text: 'Skrivet av någon annan' })
      .expect(403);

    const seen = await current();
    expect(seen.draft?.goals).toHaveLength(1);
    expect(seen.draft?.selfAssessment.text).toBe('Jag vill bli bättre på att läsa högt.');
    expect(seen.draft?.guardianComments.map((c) => c.text)).toEqual([
      'Vi läser tillsammans hemma varje kväll.',
    ]);
  });

  it('cannot be established before the talk is recorded', async () => {
    const refused = await mentor
      .post(`/api/v1/plans/${plan.id}/establish`)
      .send({ revision: (await current()).revision })
      .expect(409);

    expect(refused.body.error.message).toContain(
      'Planen fastställs när utvecklingssamtalet är hållet',
    );
  });

  it('shows a booked talk to the guardian as the next one, and refuses to establish before that day', async () => {
    const revision = (await current()).revision;
    await mentor
      .put(`/api/v1/plans/${plan.id}/talk`)
      .send({ revision, date: '2099-05-20', participants: [], agreements: '' })
      .expect(200);

    const children = await guardian.get('/mina-barn').expect(200);
    expect(children.text).toContain('2099-05-20');
    expect(children.text).toContain('Utkast inför utvecklingssamtalet');
    await mentor
      .post(`/api/v1/plans/${plan.id}/establish`)
      .send({ revision: revision + 1 })
      .expect(409);
  });

  it('the mentor records the talk and establishes: a registered record exists and the version is immutable', async () => {
    let revision = (await current()).revision;
    await mentor
      .put(`/api/v1/plans/${plan.id}/talk`)
      .send({
        revision,
        date: '2026-11-20',
        participants: ['Eleven', 'Mentor', 'Vårdnadshavare'],
        agreements: 'Eleven läser högt hemma tre gånger i veckan.',
      })
      .expect(200);
    revision += 1;

    const established = (
      await mentor
        .post(`/api/v1/plans/${plan.id}/establish`)
        .send({ revision, confidentialityMarking: 'OSL 23 kap. 2 §' })
        .expect(200)
    ).body as PlanView;

    expect(established.state).toBe('established');
    expect(established.draft).toBeNull();
    expect(established.versions).toHaveLength(1);
    expect(established.versions[0].registrationNumber).toMatch(/^IUP-\d{4}-\d{5}$/);
    const [record] = await query(
      world.testApp,
      `select registration_number, confidentiality_marking, document_date::text as document_date, disposal_date,
              title, pupil_id from public_record`,
    );
    expect(record).toMatchObject({
      registration_number: established.versions[0].registrationNumber,
      confidentiality_marking: 'OSL 23 kap. 2 §',
      document_date: '2026-11-20',
      disposal_date: null,
      pupil_id: pupilId,
    });
    // The audit entry, added in the statement that took the number, names that number.
    const [audited] = await query(
      world.testApp,
      `select details from audit_entry where action = 'plan.established' and target_id = $1`,
      [plan.id],
    );
    expect(audited.details).toEqual({
      version: 1,
      registrationNumber: established.versions[0].registrationNumber,
      confidentialityMarking: 'OSL 23 kap. 2 §',
    });

    await mentor
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send({ revision: established.revision, goals: [], otherDevelopment: null })
      .expect(409);
    await expect(
      query(world.testApp, "update plan_version set content = '{}'::jsonb where plan_id = $1", [
        plan.id,
      ]),
    ).rejects.toThrow(/immutable/);

    const version = await guardian.get(`/api/v1/plans/${plan.id}/versions/1`).expect(200);
    expect(version.body.content.talk.agreements).toBe(
      'Eleven läser högt hemma tre gånger i veckan.',
    );
    expect(version.body.content.selfAssessment.text).toBe('Jag vill bli bättre på att läsa högt.');
  });

  it('a later change opens the next version’s draft; version 1 stays as it was', async () => {
    const reopened = (await mentor.post(`/api/v1/plans/${plan.id}/drafts`).expect(201))
      .body as PlanView;

    expect(reopened.state).toBe('draft');
    expect(reopened.draft?.talk.date).toBeNull();
    await mentor
      .put(`/api/v1/plans/${plan.id}/goals`)
      .send({ revision: reopened.revision, goals: [], otherDevelopment: 'Ändrat i nästa version.' })
      .expect(200);
    const first = await mentor.get(`/api/v1/plans/${plan.id}/versions/1`).expect(200);
    expect(first.body.content.goals).toHaveLength(1);
  });

  it('keeps plans from everyone the policy does not allow', async () => {
    for (const username of ['granskare', 'arkivarie', 'admin'] as const) {
      const agent = await world.signIn(username);
      await agent.get(`/api/v1/plans/${plan.id}`).expect(404);
      await agent.get(`/api/v1/pupils/${pupilId}/plans`).expect(404);
      await agent.get(`/api/v1/plans/${plan.id}/versions/1`).expect(404);
    }
    const otherGuardianPupil = await world.personId('demo:person:pupil-5-2');
    await guardian.get(`/api/v1/pupils/${otherGuardianPupil}/plans`).expect(404);
    const audited = await query(
      world.testApp,
      "select count(*)::int as count from audit_entry where action in ('plan.read', 'plan.version.read', 'plan.established')",
    );
    expect(Number(audited[0]?.count)).toBeGreaterThan(5);
  });

  it('dates the record for disposal three years after the pupil leaves compulsory school', async () => {
    const leaverId = await world.personId('demo:person:pupil-4-6');
    await query(
      world.testApp,
      "update enrolment set end_date = '2027-06-11' where person_id = $1",
      [leaverId],
    );
    const created = (await mentor.post(`/api/v1/pupils/${leaverId}/plans`).expect(201))
      .body as PlanView;
    await mentor
      .put(`/api/v1/plans/${created.id}/talk`)
      .send({ revision: created.revision, date: '2026-11-18', participants: [], agreements: '' })
      .expect(200);

    await mentor
      .post(`/api/v1/plans/${created.id}/establish`)
      .send({ revision: created.revision + 1 })
      .expect(200);

    const [record] = await query(
      world.testApp,
      'select disposal_date::text as disposal_date from public_record where pupil_id = $1',
      [leaverId],
    );
    expect(record?.disposal_date).toBe('2030-06-11');
  });
});

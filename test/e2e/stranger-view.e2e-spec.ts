import type TestAgent from 'supertest/lib/agent';

import { DemoWorld, query, startDemoWorld } from '../support/demo-world';

const PUPIL = 'demo:person:pupil-4-1';
// Written before the guard knew better (it would refuse the diagnosis now): put in directly.
const FLAGGED = 'Eleven har adhd och får medicin varje morgon.';
const CLEAN = 'Eleven läser gärna och vill skriva längre berättelser.';
const PHONE = '070-987 65 43';

describe('the stranger’s view of a draft', () => {
  let world: DemoWorld;
  let mentor: TestAgent;
  let planId: string;

  beforeAll(async () => {
    world = await startDemoWorld();
    mentor = await world.signIn('mentor');
    const pupilId = await world.personId(PUPIL);
    const plan = (await mentor.post(`/api/v1/pupils/${pupilId}/plans`).expect(201)).body as {
      id: string;
      revision: number;
    };
    planId = plan.id;
    await mentor
      .put(`/api/v1/plans/${planId}/goals`)
      .send({ revision: plan.revision, goals: [], otherDevelopment: CLEAN })
      .expect(200);
    await query(
      world.testApp,
      `update plan set draft = jsonb_set(jsonb_set(draft, '{otherDevelopment}', to_jsonb($2::text)),
                                         '{talk,agreements}', to_jsonb($3::text))
        where id = $1`,
      [planId, `${CLEAN} ${FLAGGED}`, `Mamma nås på ${PHONE}.`],
    );
  });

  afterAll(() => world.close());

  it('is linked from the draft for its mentor', async () => {
    const draft = await mentor.get(`/planer/${planId}`).expect(200);
    expect(draft.text).toContain(`/planer/${planId}/utomstaende`);
    expect(draft.text).toContain('Så här kan planen se ut för en utomstående');
  });

  it('shows the draft as a copy with boxes where the guard flags a passage, never the passage', async () => {
    const [before] = await query(
      world.testApp,
      "select count(*)::int as count from audit_entry where action = 'plan.read' and target_id = $1",
      [planId],
    );
    const page = await mentor.get(`/planer/${planId}/utomstaende`).expect(200);
    expect(page.text).toContain('<h1>Så här kan planen se ut för en utomstående</h1>');
    expect(page.text).toContain(CLEAN);
    expect(page.text).toMatch(/<span class="copy-box">hälsa<\/span>/);
    expect(page.text).toMatch(/<span class="copy-box">[^<]*(kontakt|telefon|adress)[^<]*<\/span>/i);
    for (const struck of ['adhd', 'medicin', PHONE, '070-987']) {
      expect(page.text).not.toContain(struck);
    }
    const boxes = Number(/data-box-count="(\d+)"/.exec(page.text)?.[1]);
    expect(boxes).toBeGreaterThanOrEqual(2);
    // Audited as a read of the plan.
    const [after] = await query(
      world.testApp,
      "select count(*)::int as count from audit_entry where action = 'plan.read' and target_id = $1",
      [planId],
    );
    expect(Number(after?.count)).toBe(Number(before?.count) + 1);
  });

  it('is refused (404) for the guardian, the pupil, a teacher and the principal', async () => {
    for (const username of ['vardnadshavare', 'elev', 'larare', 'rektor', 'granskare'] as const) {
      const agent = await world.signIn(username);
      const refused = await agent.get(`/planer/${planId}/utomstaende`).expect(404);
      expect(refused.text).not.toContain(CLEAN);
    }
    await mentor.get('/planer/00000000-0000-4000-8000-000000000000/utomstaende').expect(404);
    await mentor.get('/planer/inte-en-plan/utomstaende').expect(404);
  });

  it('is refused for another mentor’s pupil', async () => {
    // The mentor of 4A has no pupil in 5A: a draft there is another mentor's.
    const [other] = await query(
      world.testApp,
      `insert into plan (id, pupil_id, school_unit_id, period, state, draft, template, created_at, updated_at)
       select gen_random_uuid(), pe.id, p.school_unit_id, p.period, p.state, p.draft, p.template, now(), now()
         from plan p, person pe where p.id = $1 and pe.external_id = 'demo:person:pupil-5-1'
       returning id`,
      [planId],
    );
    await mentor.get(`/planer/${String(other?.id)}/utomstaende`).expect(404);
  });
});

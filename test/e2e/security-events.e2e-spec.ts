import request from 'supertest';

import { DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';

/**
 * A signed-in user refused by the access policy: told "not found" exactly as
 * for something that does not exist, and the refusal is a security event on
 * the audit chain (ids only).
 */
describe('refused reads of pupil data leave a security event, and reveal nothing', () => {
  let world: DemoWorld;
  let otherPlanId: string;
  let otherPupilId: string;

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    otherPupilId = await world.personId('demo:person:pupil-8-1');
    // 8A's mentor starts a plan for pupil 8-1: a plan of a group the 4A mentor has nothing to do with.
    await query(
      world.testApp,
      `update account set password_hash = (select password_hash from account where username = 'admin')
        where person_id = (select id from person where external_id = 'demo:person:mentor-8')`,
    );
    const [mentor8] = await query(
      world.testApp,
      `select a.username from account a join person p on p.id = a.person_id
        where p.external_id = 'demo:person:mentor-8'`,
    );
    const other = request.agent(world.testApp.app.getHttpServer());
    await other
      .post('/api/v1/auth/login')
      .send({ username: mentor8?.username, password: DEMO_PASSWORD })
      .expect(200);
    otherPlanId = String(
      (await other.post(`/api/v1/pupils/${otherPupilId}/plans`).expect(201)).body.id,
    );
  });

  afterAll(() => world.close());

  const refusals = () =>
    query(
      world.testApp,
      `select e.actor_account_id, e.actor_person_id, e.pupil_id, e.target_type, e.target_id,
              e.details, e.request_id
         from audit_entry e where e.action = 'security.access.refused' order by e.id`,
    );

  it('answers a mentor reading another group’s pupil’s plan with the same 404, and records who, what and which', async () => {
    const mentor = await world.signIn('mentor');
    const [account] = await query(
      world.testApp,
      "select id, person_id from account where username = 'mentor'",
    );
    const before = (await refusals()).length;

    const refused = await mentor.get(`/api/v1/plans/${otherPlanId}`).expect(404);
    const missing = await mentor
      .get('/api/v1/plans/00000000-0000-4000-8000-000000000000')
      .expect(404);

    // The same answer as for a plan that does not exist: nothing tells the plan is there.
    const { requestId: refusedId, ...refusedError } = refused.body.error as Record<string, unknown>;
    const { requestId: missingId, ...missingError } = missing.body.error as Record<string, unknown>;
    expect(refusedError).toEqual(missingError);
    expect(refusedId).not.toBe(missingId);
    expect(Object.keys(refused.headers).sort()).toEqual(Object.keys(missing.headers).sort());

    // One security event, for the refusal only (the missing plan is no refusal), with ids only.
    const events = (await refusals()).slice(before);
    expect(events).toEqual([
      {
        actor_account_id: account?.id,
        actor_person_id: account?.person_id,
        pupil_id: otherPupilId,
        target_type: 'plan',
        target_id: otherPlanId,
        details: { action: 'plan.read' },
        request_id: refused.headers['x-request-id'],
      },
    ]);
    // No read was recorded for it.
    const reads = await query(
      world.testApp,
      "select count(*)::int as count from audit_entry where action = 'plan.read' and target_id = $1 and actor_account_id = $2",
      [otherPlanId, account?.id],
    );
    expect(reads[0]?.count).toBe(0);
  });

  it('records the plan page, the pupil card and a reviewer-only page refused alike', async () => {
    const mentor = await world.signIn('mentor');
    const before = (await refusals()).length;

    const page = await mentor.get(`/planer/${otherPlanId}`).set('Accept', 'text/html').expect(404);
    expect(page.text).not.toContain(otherPupilId);
    await mentor.get(`/api/v1/pupils/${otherPupilId}`).expect(404);
    await mentor.get('/handlaggning').set('Accept', 'text/html').expect(404);

    const events = (await refusals()).slice(before);
    expect(events.map((event) => [event.target_type, event.details])).toEqual([
      ['plan', { action: 'plan.read' }],
      ['pupil', { action: 'pupil.profile.read' }],
      ['route', { action: 'records.review' }],
    ]);
    expect(events[2]?.target_id).toBe('GET /handlaggning');
  });

  it('records nothing for an anonymous caller, who is asked to sign in', async () => {
    const before = (await refusals()).length;
    await world.testApp.http().get(`/api/v1/plans/${otherPlanId}`).expect(401);
    expect((await refusals()).length).toBe(before);
  });
});

import type TestAgent from 'supertest/lib/agent';

import type { RequestDetailView as RequestDetail } from '../../src/requests/views/request-detail.view';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';
import { fileRequestFor } from '../support/requests';

const PUPIL = 'demo:person:pupil-4-2';

describe('consistent decisions within a request', () => {
  let world: DemoWorld;
  let reviewer: TestAgent;
  let requestId: string;
  let pupilName: string;
  let struck: RequestDetail['items'][number];
  let released: RequestDetail['items'][number];

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    // The pupil's plan for this year established anew, beside the demo plans of earlier periods.
    await query(
      world.testApp,
      `delete from plan where pupil_id = (select id from person where external_id = $1) and period = '2026/27'`,
      [PUPIL],
    );
    await establishPlan(world, {
      pupil: PUPIL,
      otherDevelopment: 'Eleven läser gärna och mycket.',
      agreements: 'Vi ses igen i mars.',
    });
    const [person] = await query(
      world.testApp,
      'select given_name, family_name from person where external_id = $1',
      [PUPIL],
    );
    pupilName = `${String(person?.given_name)} ${String(person?.family_name)}`;
    requestId = (await fileRequestFor(world, PUPIL, { description: 'Alla planer för eleven.' })).id;
    reviewer = await world.signIn('granskare');
    const detail = (await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200))
      .body as RequestDetail;
    const records = detail.items.filter((item) => item.kind === 'record');
    expect(records.length).toBeGreaterThanOrEqual(2);
    [struck, released] = records as [typeof struck, typeof released];
    for (const item of detail.items) {
      const decision =
        item.id === struck.id
          ? {
              decision: 'release_with_redactions',
              redactions: [{ fieldId: 'pupil.name', ground: 'OSL 23 kap. 2 §' }],
              reasons: 'Elevens namn omfattas av sekretess i den här planen.',
            }
          : item.kind === 'draft'
            ? { decision: 'no_public_record', redactions: [] }
            : { decision: 'release', redactions: [] };
      await reviewer
        .post(`/api/v1/records-requests/${requestId}/items/${item.id}/decision`)
        .send({ ...decision, version: item.version })
        .expect(204);
    }
  });

  afterAll(() => world.close());

  it('refuses to complete while the same name is struck in one record and released in another', async () => {
    const refused = await reviewer
      .post(`/api/v1/records-requests/${requestId}/complete`)
      .send({})
      .expect(409);
    expect(refused.body.error.code).toBe('DECISIONS_INCONSISTENT');
    expect(refused.body.error.message).toContain(
      `”${pupilName}” är maskerad i ${struck.registrationNumber} (Elev) men lämnas ut i ${released.registrationNumber} (Elev).`,
    );
    // A blank reason is no reason.
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/complete`)
      .send({ consistencyReason: '   ' })
      .expect(409);
    const [row] = await query(
      world.testApp,
      'select status, decided_at, consistency_reason from records_request where id = $1',
      [requestId],
    );
    expect(row).toMatchObject({ status: 'in_review', decided_at: null, consistency_reason: null });
  });

  it('shows the conflict on the request page and asks for the reason there', async () => {
    const page = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(page.text).toContain('Samma text lämnas ut i en handling och maskeras i en annan');
    expect(page.text).toContain(`maskerad i ${struck.registrationNumber}`);
    expect(page.text).toContain('name="consistencyReason"');
    // The reason typed on the request page goes on through the confirmation page.
    const confirmation = await reviewer
      .post(`/handlaggning/begaran/${requestId}/klar`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), consistencyReason: 'Skälet.' })
      .expect(200);
    expect(confirmation.text).toMatch(/name="consistencyReason" value="Skälet\."/);
    // The confirmation page repeats what disagrees, and the reason that will be kept.
    expect(confirmation.text).toContain('Besluten skiljer sig åt');
    expect(confirmation.text).toContain(
      `”${pupilName}” är maskerad i ${struck.registrationNumber} (Elev) men lämnas ut i ${released.registrationNumber} (Elev).`,
    );
    expect(confirmation.text).toMatch(/<blockquote class="prose">Skälet\.<\/blockquote>/);
    // A reason of spaces only is no reason: no confirmation page, told why, as completing would.
    const spaces = await reviewer
      .post(`/handlaggning/begaran/${requestId}/klar`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), consistencyReason: '   ' })
      .expect(303)
      .expect('Location', `/handlaggning/begaran/${requestId}`);
    expect(spaces.text).not.toContain('Registrera beslutet');
    const toldSpaces = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(toldSpaces.text).toContain('Skriv varför samma text maskeras i en handling');
    // Asked for the confirmation without a reason: back to the request page, told why.
    await reviewer
      .get(`/handlaggning/begaran/${requestId}/klar`)
      .expect(303)
      .expect('Location', `/handlaggning/begaran/${requestId}`);
    const toldFirst = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(toldFirst.text).toContain('Skriv varför samma text maskeras i en handling');
    // Confirmed without a reason: not completed, and told why on the request page.
    await reviewer
      .post(`/handlaggning/begaran/${requestId}/klar`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), bekraftat: 'ja' })
      .expect(303);
    const after = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(after.text).toContain('Det gick inte');
    expect(after.text).toContain('Skriv varför samma text maskeras i en handling');
  });

  it('completes with the reviewer’s reason, kept on the request and in the audit entry', async () => {
    const reason = 'Namnet var redan känt för den som begärt planerna från den äldre planen.';
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/complete`)
      .send({ consistencyReason: reason })
      .expect(204);
    const [row] = await query(
      world.testApp,
      'select status, consistency_reason from records_request where id = $1',
      [requestId],
    );
    expect(row).toMatchObject({ status: 'decided', consistency_reason: reason });
    const [audit] = await query(
      world.testApp,
      `select details from audit_entry where target_id = $1 and details->>'consistencyReason' is not null`,
      [requestId],
    );
    expect(audit?.details).toMatchObject({
      consistencyReason: reason,
      inconsistencies: expect.any(Number),
    });
    // The audit entry names the disagreement, never the struck text.
    expect(JSON.stringify(audit?.details)).not.toContain(pupilName);
    const page = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(page.text).toContain(`handläggarens skäl: ${reason}`);
  });
});

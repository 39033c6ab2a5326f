import type TestAgent from 'supertest/lib/agent';

import type { RequestDetailView as RequestDetail } from '../../src/requests/views/request-detail.view';
import { binaryBody } from '../support/binary-body';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { extractPdfText } from '../support/pdf-text';
import { fileRequestFor } from '../support/requests';

const PUPIL = 'demo:person:pupil-4-2';
const GROUND = 'OSL 23 kap. 2 §';

type Item = RequestDetail['items'][number];

/** A request for the pupil's plans with the first record refused and the rest released. */
async function decideRequest(
  world: DemoWorld,
  reviewer: TestAgent,
): Promise<{ requestId: string; refused: Item }> {
  const requestId = (await fileRequestFor(world, PUPIL, { description: 'Elevens planer.' })).id;
  const detail = (await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200))
    .body as RequestDetail;
  const refused = detail.items.find((item) => item.kind === 'record');
  expect(refused).toBeDefined();
  for (const item of detail.items) {
    const decision =
      item.id === refused?.id
        ? { decision: 'refuse', refusalGround: GROUND, reasons: 'Skäl.', redactions: [] }
        : item.kind === 'draft'
          ? { decision: 'no_public_record', redactions: [] }
          : { decision: 'release', redactions: [] };
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${item.id}/decision`)
      .send({ ...decision, version: item.version })
      .expect(204);
  }
  return { requestId, refused: refused as Item };
}

async function itemOf(reviewer: TestAgent, requestId: string, itemId: string): Promise<Item> {
  const detail = (await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200))
    .body as RequestDetail;
  return detail.items.find((item) => item.id === itemId) as Item;
}

describe('four eyes off (the default)', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
  });

  afterAll(() => world.close());

  it('completes a refusal as before, and there is nothing to approve', async () => {
    const reviewer = await world.signIn('granskare');
    const { requestId, refused } = await decideRequest(world, reviewer);
    const other = await world.signIn('teamledare');
    const approve = await other
      .post(`/api/v1/records-requests/${requestId}/items/${refused.id}/approve`)
      .send({})
      .expect(409);
    expect(approve.body.error.message).toContain('REQUEST_FOUR_EYES');
    await reviewer.post(`/api/v1/records-requests/${requestId}/complete`).send({}).expect(204);
  });
});

describe('four eyes on refusals and redactions', () => {
  let world: DemoWorld;
  let reviewer: TestAgent;
  let second: TestAgent;
  let requestId: string;
  let refused: Item;
  let secondName: string;

  beforeAll(async () => {
    world = await startDemoWorld({
      withPlans: true,
      env: { REQUEST_FOUR_EYES: 'refusals-and-redactions' },
    });
    reviewer = await world.signIn('granskare');
    second = await world.signIn('teamledare');
    ({ requestId, refused } = await decideRequest(world, reviewer));
    const [person] = await query(
      world.testApp,
      'select given_name, family_name from person where external_id = $1',
      ['demo:person:reviewer-2'],
    );
    secondName = `${String(person?.given_name)} ${String(person?.family_name)}`;
  });

  afterAll(() => world.close());

  it('refuses to complete while a refusal awaits approval, naming the record', async () => {
    const refusedCompletion = await reviewer
      .post(`/api/v1/records-requests/${requestId}/complete`)
      .send({})
      .expect(409);
    expect(refusedCompletion.body.error.code).toBe('APPROVAL_REQUIRED');
    expect(refusedCompletion.body.error.message).toContain(refused.registrationNumber);
    expect(refusedCompletion.body.error.message).toContain('väntar på godkännande');
    const [row] = await query(world.testApp, 'select status from records_request where id = $1', [
      requestId,
    ]);
    expect(row?.status).toBe('in_review');
  });

  it('does not let the reviewer who decided approve their own decision', async () => {
    const own = await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${refused.id}/approve`)
      .send({})
      .expect(409);
    expect(own.body.error.message).toContain('Du kan inte godkänna ditt eget beslut');
    const all = await reviewer
      .post(`/api/v1/records-requests/${requestId}/approve-all`)
      .expect(409);
    expect(all.body.error.message).toContain('dina egna');
    const [row] = await query(
      world.testApp,
      'select approved_by_account_id from records_request_item where id = $1',
      [refused.id],
    );
    expect(row?.approved_by_account_id).toBeNull();
  });

  it('a second reviewer approves; changing the decision clears the approval', async () => {
    const current = await itemOf(reviewer, requestId, refused.id);
    await second
      .post(`/api/v1/records-requests/${requestId}/items/${refused.id}/approve`)
      .send({ version: current.version })
      .expect(204);
    const [approved] = await query(
      world.testApp,
      'select approved_by_account_id, approved_at, approved_for_version, version from records_request_item where id = $1',
      [refused.id],
    );
    expect(approved?.approved_by_account_id).not.toBeNull();
    expect(approved?.approved_for_version).toBe(approved?.version);
    // The API's request detail names the approver of the current decision.
    expect(await itemOf(reviewer, requestId, refused.id)).toMatchObject({
      approvedBy: secondName,
      approvedAt: expect.any(String),
    });
    const [entry] = await query(
      world.testApp,
      `select details from audit_entry where action = 'records_request.item_approved' and target_id = $1`,
      [requestId],
    );
    expect(entry?.details).toMatchObject({
      item: refused.id,
      registrationNumber: refused.registrationNumber,
      decision: 'refuse',
    });

    // Struck instead of refused: a new decision, to approve anew.
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${refused.id}/decision`)
      .send({
        decision: 'release_with_redactions',
        redactions: [{ fieldId: 'pupil.name', ground: GROUND }],
        reasons: 'Elevens namn omfattas av sekretess.',
        version: current.version,
      })
      .expect(204);
    const [cleared] = await query(
      world.testApp,
      'select approved_by_account_id, approved_at, approved_for_version from records_request_item where id = $1',
      [refused.id],
    );
    expect(cleared).toEqual({
      approved_by_account_id: null,
      approved_at: null,
      approved_for_version: null,
    });
    expect(await itemOf(reviewer, requestId, refused.id)).toMatchObject({
      approvedBy: null,
      approvedAt: null,
    });
    const blocked = await reviewer
      .post(`/api/v1/records-requests/${requestId}/complete`)
      .send({})
      .expect(409);
    expect(blocked.body.error.code).toBe('APPROVAL_REQUIRED');
    // An approval of the version seen before the change is refused.
    await second
      .post(`/api/v1/records-requests/${requestId}/items/${refused.id}/approve`)
      .send({ version: current.version })
      .expect(409);
  });

  it('the request page shows what awaits approval, and refuses one’s own approval there', async () => {
    const own = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(own.text).toContain('Väntar på godkännande av en annan handläggare');
    expect(own.text).not.toContain('Godkänn alla');
    // Posted anyway (the form of another's page): refused, and told why.
    await reviewer
      .post(`/handlaggning/begaran/${requestId}/handlingar/${refused.id}/godkann`)
      .type('form')
      .send({
        _csrf: csrfFrom(own.text),
        version: String((await itemOf(reviewer, requestId, refused.id)).version),
      })
      .expect(303);
    const told = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(told.text).toContain('Du kan inte godkänna ditt eget beslut');
    // "Begäran är färdigbeslutad" is told before its confirmation page what awaits approval.
    await reviewer
      .post(`/handlaggning/begaran/${requestId}/klar`)
      .type('form')
      .send({ _csrf: csrfFrom(told.text) })
      .expect(303);
    const asked = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(asked.text).toContain('väntar på godkännande av en andra handläggare');
    const other = await second.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(other.text).toContain(`/handlingar/${refused.id}/godkann`);
    expect(other.text).toContain('Godkänn alla (1)');
    // The record's own page says the same, with its own approve button for the other reviewer.
    const itemPage = `/handlaggning/begaran/${requestId}/handlingar/${refused.id}`;
    const ownItem = await reviewer.get(itemPage).expect(200);
    expect(ownItem.text).toContain('Beslutet väntar på godkännande av en andra handläggare');
    expect(ownItem.text).toContain('du kan inte godkänna ditt eget beslut');
    expect(ownItem.text).not.toContain('Godkänn beslutet');
    const otherItem = await second.get(itemPage).expect(200);
    expect(otherItem.text).toContain('Godkänn beslutet');
    expect(otherItem.text).toContain(`action="${itemPage}/godkann"`);
  });

  it('"Godkänn alla" approves, and the approver and time are in the letter and the audit', async () => {
    const all = await second.post(`/api/v1/records-requests/${requestId}/approve-all`).expect(200);
    expect(all.body).toEqual({ approved: 1 });
    const approvedItem = await reviewer
      .get(`/handlaggning/begaran/${requestId}/handlingar/${refused.id}`)
      .expect(200);
    expect(approvedItem.text).toContain(`Godkänt av ${secondName} `);
    expect(approvedItem.text).not.toContain('Godkänn beslutet');
    // The name struck here is released in the pupil's other plans: confirmed with a reason.
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/complete`)
      .send({ consistencyReason: 'Namnet är sekretessbelagt bara i den här planen.' })
      .expect(204);
    const [decided] = await query(
      world.testApp,
      `select details from audit_entry where action = 'records_request.decided' and target_id = $1`,
      [requestId],
    );
    const approvals = String((decided?.details as Record<string, unknown>).approvals);
    expect(approvals).toContain(`${refused.registrationNumber}: ${secondName} `);
    const documents = (
      await reviewer.get(`/api/v1/records-requests/${requestId}/documents`).expect(200)
    ).body as { id: string; kind: string }[];
    const letter = documents.find((document) => document.kind === 'decision_letter');
    const letterPdf = await binaryBody(
      reviewer.get(`/api/v1/records-requests/${requestId}/documents/${letter?.id}`),
    ).expect(200);
    const letterText = (await extractPdfText(letterPdf.body as Buffer)).pages
      .join('\n')
      .replace(/\s+/g, ' ');
    expect(letterText).toMatch(
      new RegExp(`Beslutet godkänt av ${secondName} \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\.`),
    );
    // A decision left unapproved on a request no longer under review (four eyes switched on
    // after the decision): the item page offers nothing to approve.
    await query(
      world.testApp,
      `update records_request_item
          set approved_by_account_id = null, approved_at = null, approved_for_version = null
        where id = $1`,
      [refused.id],
    );
    const decidedItem = await second
      .get(`/handlaggning/begaran/${requestId}/handlingar/${refused.id}`)
      .expect(200);
    expect(decidedItem.text).toContain('Beslutet väntar på godkännande');
    expect(decidedItem.text).not.toContain('Godkänn beslutet');
  });
});

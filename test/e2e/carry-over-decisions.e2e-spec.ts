import type TestAgent from 'supertest/lib/agent';

import type { FieldCarryOver } from '../../src/requests/carry-over';
import type { RequestDetailView as RequestDetail } from '../../src/requests/views/request-detail.view';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';
import { fileRequestFor } from '../support/requests';

const PUPIL = 'demo:person:pupil-4-2';
const AGREEMENTS = 'Vi ses igen i mars hos Kim.';
const GROUND = 'OSL 23 kap. 2 §';

describe('carrying a decision over to another version of the same plan', () => {
  let world: DemoWorld;
  let reviewer: TestAgent;
  let requestId: string;
  let first: RequestDetail['items'][number];
  let second: RequestDetail['items'][number];

  const load = async (): Promise<RequestDetail> =>
    (await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200)).body as RequestDetail;

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    await query(
      world.testApp,
      `delete from plan where pupil_id = (select id from person where external_id = $1) and period = '2026/27'`,
      [PUPIL],
    );
    // Version 1, then version 2 with the agreements unchanged and the other development rewritten.
    const { planId } = await establishPlan(world, {
      pupil: PUPIL,
      otherDevelopment: 'Eleven läser gärna och mycket.',
      agreements: AGREEMENTS,
    });
    const mentor = await world.signIn('mentor');
    const draft = (await mentor.post(`/api/v1/plans/${planId}/drafts`).send({}).expect(201))
      .body as { revision: number };
    await mentor
      .put(`/api/v1/plans/${planId}/goals`)
      .send({ revision: draft.revision, goals: [], otherDevelopment: 'Eleven räknar gärna.' })
      .expect(200);
    await mentor
      .put(`/api/v1/plans/${planId}/talk`)
      .send({
        revision: draft.revision + 1,
        date: '2026-11-27',
        participants: ['Eleven', 'Mentor', 'Vårdnadshavare'],
        agreements: AGREEMENTS,
        acknowledgeWarnings: true,
      })
      .expect(200);
    await mentor
      .post(`/api/v1/plans/${planId}/establish`)
      .send({ revision: draft.revision + 2, confidentialityMarking: GROUND })
      .expect(200);
    const versions = await query(
      world.testApp,
      'select version, record_id from plan_version where plan_id = $1 order by version',
      [planId],
    );
    requestId = (await fileRequestFor(world, PUPIL, { description: 'Alla planer för eleven.' })).id;
    reviewer = await world.signIn('granskare');
    const detail = await load();
    const byRecord = (recordId: unknown): RequestDetail['items'][number] => {
      const item = detail.items.find((each) => each.recordId === String(recordId));
      if (!item) throw new Error('the version is not in the request');
      return item;
    };
    first = byRecord(versions[0]?.record_id);
    second = byRecord(versions[1]?.record_id);
    const start = AGREEMENTS.indexOf('Kim');
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${first.id}/decision`)
      .send({
        decision: 'release_with_redactions',
        redactions: [
          { fieldId: 'talk.agreements', ground: GROUND, span: { start, end: start + 3 } },
          { fieldId: 'otherDevelopment', ground: GROUND },
        ],
        reasons: 'En klasskamrats namn och uppgifter om eleven omfattas av sekretess.',
        version: first.version,
      })
      .expect(204);
  });

  afterAll(() => world.close());

  it('shows field by field what the other version decided, and where the text is unchanged', async () => {
    const fields = (
      await reviewer
        .get(`/api/v1/records-requests/${requestId}/items/${second.id}/other-decisions`)
        .expect(200)
    ).body as FieldCarryOver[];
    const from = (fieldId: string) =>
      fields
        .find((field) => field.fieldId === fieldId)
        ?.sources.find((source) => source.itemId === first.id);
    expect(from('talk.agreements')).toMatchObject({
      outcome: 'struck',
      grounds: [GROUND],
      unchanged: true,
      differs: true,
      sameRequest: true,
    });
    expect(from('otherDevelopment')).toMatchObject({ outcome: 'struck', unchanged: false });
    expect(from('pupil.name')).toMatchObject({ outcome: 'released', differs: false });
  });

  it('refuses to carry a decision over to a field whose text changed', async () => {
    const refused = await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${second.id}/carry-over`)
      .send({ fromItemId: first.id, fieldIds: ['otherDevelopment'], version: second.version })
      .expect(400);
    expect(JSON.stringify(refused.body)).toContain('Texten har ändrats');
    expect((await load()).items.find((item) => item.id === second.id)?.decision).toBeNull();
  });

  it('carries the decision over to every unchanged field, through the decision’s own rules and audit', async () => {
    const carried = await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${second.id}/carry-over`)
      .send({ fromItemId: first.id, allUnchanged: true, version: second.version })
      .expect(200);
    expect(carried.body).toEqual({ carried: 1 });
    const [row] = await query(
      world.testApp,
      'select decision, redactions, reasons from records_request_item where id = $1',
      [second.id],
    );
    const start = AGREEMENTS.indexOf('Kim');
    expect(row).toMatchObject({
      decision: 'release_with_redactions',
      redactions: [{ fieldId: 'talk.agreements', ground: GROUND, span: { start, end: start + 3 } }],
      reasons: 'En klasskamrats namn och uppgifter om eleven omfattas av sekretess.',
    });
    const audits = await query(
      world.testApp,
      `select details from audit_entry where action like '%item_decided%' and details->>'carriedFrom' is not null`,
    );
    expect(audits.map((entry) => entry.details)).toContainEqual(
      expect.objectContaining({
        item: second.id,
        carriedFrom: first.registrationNumber,
        carriedFields: 'talk.agreements',
      }),
    );
    // Now alike: nothing left to carry.
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${second.id}/carry-over`)
      .send({ fromItemId: first.id, allUnchanged: true, version: second.version + 1 })
      .expect(400);
  });

  it('offers the same on the item page, one field at a time, without JavaScript', async () => {
    // A release of the whole record first: the page then offers to carry the strike back.
    const current = (await load()).items.find((item) => item.id === second.id);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${second.id}/decision`)
      .send({ decision: 'release', redactions: [], version: current?.version })
      .expect(204);
    const page = await reviewer
      .get(`/handlaggning/begaran/${requestId}/handlingar/${second.id}`)
      .expect(200);
    expect(page.text).toContain('Beslut i andra handlingar');
    expect(page.text).toContain('Ändrad – pröva uppgiften på nytt');
    expect(page.text).toContain('För över beslutet');
    const version = (await load()).items.find((item) => item.id === second.id)?.version;
    await reviewer
      .post(`/handlaggning/begaran/${requestId}/handlingar/${second.id}/for-over`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        fromItemId: first.id,
        fieldId: 'talk.agreements',
        version: String(version),
      })
      .expect(303)
      .expect('Location', `/handlaggning/begaran/${requestId}/handlingar/${second.id}`);
    const after = await reviewer
      .get(`/handlaggning/begaran/${requestId}/handlingar/${second.id}`)
      .expect(200);
    expect(after.text).toContain('Beslutet är överfört till uppgiften.');
    const [row] = await query(
      world.testApp,
      'select decision, jsonb_array_length(redactions) as struck from records_request_item where id = $1',
      [second.id],
    );
    expect(row).toMatchObject({ decision: 'release_with_redactions', struck: 1 });
  });
});

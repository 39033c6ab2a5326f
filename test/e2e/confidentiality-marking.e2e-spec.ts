import type { Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { DEMO_ACCOUNTS } from '../../src/demo/demo-directory';
import { stockholmToday } from '../../src/common/stockholm';
import type { RequestDetailView } from '../../src/requests/views/request-detail.view';
import { addDays } from '../../src/requests/working-days';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { writeDraftWithTalk } from '../support/established-plan';
import { fileRequestFor } from '../support/requests';

const PUPIL = 'demo:person:pupil-4-3';

/** The stable error shape of the API. */
interface ApiError {
  error: { status: number; code: string; fields: { field: string; problems: string[] }[] };
}

describe('a sekretessmarkering: set by the mentor, changed by a reviewer, shown as a signal', () => {
  let world: DemoWorld;
  let reviewer: TestAgent;
  let mentor: TestAgent;
  let mentorName: string;
  let reviewerName: string;
  let requestId: string;
  let itemId: string;
  let recordId: string;
  const today = stockholmToday(new Date());
  const reviewOn = addDays(today, 200);

  const nameOf = async (externalId: string): Promise<string> => {
    const [row] = await query(
      world.testApp,
      'select given_name, family_name from person where external_id = $1',
      [externalId],
    );
    return `${String(row?.given_name)} ${String(row?.family_name)}`;
  };
  const load = async (): Promise<RequestDetailView> =>
    (await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200))
      .body as RequestDetailView;
  const itemOf = async () => (await load()).items.find((item) => item.id === itemId)!;
  const markingPath = (item = itemId, request = requestId) =>
    `/api/v1/records-requests/${request}/items/${item}/marking`;
  const pagePath = (item = itemId) =>
    `/handlaggning/begaran/${requestId}/handlingar/${item}/sekretessmarkering`;
  const auditOf = (action: string) =>
    query(
      world.testApp,
      'select actor_account_id, pupil_id, target_id, details from audit_entry where action = $1 order by id',
      [action],
    );

  beforeAll(async () => {
    world = await startDemoWorld();
    reviewer = await world.signIn('granskare');
    mentorName = await nameOf(DEMO_ACCOUNTS.mentor);
    reviewerName = await nameOf(DEMO_ACCOUNTS.granskare);
  });

  afterAll(() => world.close());

  it('the mentor is told in Swedish when the review date or the provision is wrong (API and page)', async () => {
    const draft = await writeDraftWithTalk(world, {
      pupil: PUPIL,
      otherDevelopment: 'Läser gärna.',
      agreements: 'Vi ses igen i mars.',
    });
    mentor = draft.mentor;
    const establish = (body: object): Test =>
      mentor
        .post(`/api/v1/plans/${draft.planId}/establish`)
        .send({ revision: draft.revision, ...body });
    for (const [body, field, problem] of [
      [{ confidentialityMarking: 'OSL 99 kap. 1 §' }, 'confidentialityMarking', 'sekretessgrunder'],
      [
        { confidentialityMarking: 'OSL 23 kap. 2 §', confidentialityReviewOn: '2027-02-30' },
        'confidentialityReviewOn',
        'ÅÅÅÅ-MM-DD',
      ],
      [
        { confidentialityMarking: 'OSL 23 kap. 2 §', confidentialityReviewOn: addDays(today, -1) },
        'confidentialityReviewOn',
        'har redan passerat',
      ],
      [{ confidentialityReviewOn: reviewOn }, 'confidentialityMarking', 'Välj en sekretessgrund'],
    ] as const) {
      const refused = (await establish(body).expect(400)).body as ApiError;
      expect(refused.error.code).toBe('VALIDATION_FAILED');
      expect(refused.error.fields).toEqual([
        { field, problems: [expect.stringContaining(problem)] },
      ]);
    }

    const page = await mentor.get(`/planer/${draft.planId}`).expect(200);
    expect(page.text).toContain('Omprövas senast (valfritt)');
    const refusedPage = await mentor
      .post(`/planer/${draft.planId}/faststall`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        revision: String(draft.revision),
        confidentialityMarking: 'OSL 23 kap. 2 §',
        confidentialityReviewOn: addDays(today, -1),
      })
      .expect(400);
    expect(refusedPage.text).toContain(
      'Omprövas senast: Omprövningsdatumet har redan passerat. Välj i dag eller ett senare datum.',
    );
    // What the mentor chose is kept in the form.
    expect(refusedPage.text).toMatch(/<option value="OSL 23 kap\. 2 §" selected>/);

    // One click asks first: the confirmation page carries the marking on to its own POST.
    const confirmation = await mentor
      .post(`/planer/${draft.planId}/faststall`)
      .type('form')
      .send({
        _csrf: csrfFrom(refusedPage.text),
        revision: String(draft.revision),
        confidentialityMarking: 'OSL 23 kap. 2 §',
        confidentialityReviewOn: reviewOn,
      })
      .expect(200);
    expect(confirmation.text).toContain(
      `Sekretessmarkering: OSL 23 kap. 2 § (omprövas senast ${reviewOn})`,
    );
    await mentor
      .post(`/planer/${draft.planId}/faststall`)
      .type('form')
      .send({
        _csrf: csrfFrom(confirmation.text),
        revision: String(draft.revision),
        confidentialityMarking: 'OSL 23 kap. 2 §',
        confidentialityReviewOn: reviewOn,
        bekraftat: 'ja',
      })
      .expect(303);
    const [row] = await query(
      world.testApp,
      `select r.id from public_record r join plan_version v on v.record_id = r.id where v.plan_id = $1`,
      [draft.planId],
    );
    recordId = String(row?.id);
  });

  it('the reviewer sees the marking as a full signal, in the API and on the page', async () => {
    const filed = await fileRequestFor(world, PUPIL, { description: 'Elevens utvecklingsplan.' });
    requestId = filed.id;
    const item = (await load()).items.find((each) => each.recordId === recordId);
    itemId = item!.id;
    const signal = `Sekretessmarkering: OSL 23 kap. 2 § (satt ${today} av ${mentorName}, omprövas senast ${reviewOn})`;

    expect(item?.signals).toContain(signal);
    expect(item?.marking).toEqual({
      provision: 'OSL 23 kap. 2 §',
      markedOn: today,
      markedBy: mentorName,
      reviewOn,
      reviewOverdue: false,
    });
    const page = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(page.text).toContain(signal);
    expect(page.text).toContain(`action="${pagePath()}"`);
  });

  it('a reviewer changes and removes the marking through the API: audited, and no decision changes', async () => {
    const before = await load();
    await reviewer
      .put(markingPath())
      .send({ provision: 'OSL 21 kap. 3 §', reviewOn: null })
      .expect(204);
    let item = await itemOf();
    expect(item.signals).toContain(
      `Sekretessmarkering: OSL 21 kap. 3 § (satt ${today} av ${reviewerName})`,
    );
    // A signal only: the request, its history and the item's decision are as they were.
    const after = await load();
    expect(after.status).toBe(before.status);
    expect(after.version).toBe(before.version);
    expect(after.history).toEqual(before.history);
    expect(item.decision).toBeNull();
    expect(item.version).toBe(before.items.find((each) => each.id === itemId)?.version);

    const [set] = await auditOf('record.marking.set');
    const [reviewerAccount] = await query(
      world.testApp,
      "select id from account where username = 'granskare'",
    );
    const pupilId = await world.personId(PUPIL);
    expect(set).toEqual({
      actor_account_id: reviewerAccount?.id,
      pupil_id: pupilId,
      target_id: recordId,
      details: {
        registrationNumber: item.registrationNumber,
        request: requestId,
        provision: 'OSL 21 kap. 3 §',
        reviewOn: null,
      },
    });
    // Ids, codes and dates only: never the pupil's name.
    expect(JSON.stringify(set?.details)).not.toContain(String(item.pupilName));

    await reviewer.put(markingPath()).send({ provision: null }).expect(204);
    item = await itemOf();
    expect(item.marking).toBeNull();
    expect(item.signals.filter((each) => each.startsWith('Sekretessmarkering'))).toEqual([]);
    expect(await auditOf('record.marking.removed')).toEqual([
      expect.objectContaining({
        target_id: recordId,
        details: expect.objectContaining({ provision: null, request: requestId }),
      }),
    ]);
  });

  it('refuses bad input with 400 and a Swedish message, never a 500, and changes nothing', async () => {
    await reviewer
      .put(markingPath())
      .send({ provision: 'OSL 23 kap. 2 §', reviewOn: reviewOn })
      .expect(204);
    for (const [body, field] of [
      [{ provision: 'OSL 99 kap. 1 §' }, 'provision'],
      [{ provision: 'OSL 23 kap. 2 §', reviewOn: '2027-02-30' }, 'reviewOn'],
      [{ provision: 'OSL 23 kap. 2 §', reviewOn: '30/6 2027' }, 'reviewOn'],
      [{ provision: 'OSL 23 kap. 2 §', reviewOn: addDays(today, -1) }, 'reviewOn'],
      [{ provision: 42 }, 'provision'],
      // An empty body removes nothing by accident: null must be said.
      [{}, 'provision'],
    ] as const) {
      const refused = (await reviewer.put(markingPath()).send(body).expect(400)).body as ApiError;
      expect(refused.error.code).toBe('VALIDATION_FAILED');
      expect(refused.error.fields.map((each) => each.field)).toEqual([field]);
      expect(refused.error.fields[0].problems.join(' ')).toMatch(/[åäö]|ÅÅÅÅ/i);
    }
    expect((await itemOf()).marking).toMatchObject({ provision: 'OSL 23 kap. 2 §', reviewOn });
  });

  it('answers 404 to a non-reviewer and for an item not in the request', async () => {
    await mentor.put(markingPath()).send({ provision: 'OSL 21 kap. 7 §' }).expect(404);
    const other = await fileRequestFor(world, 'demo:person:pupil-4-4', {
      description: 'En annan begäran.',
    });
    await reviewer.post(`/api/v1/records-requests/${other.id}/claim`).expect(204);
    // This request's item under another request, a record id for an item id, and no id at all.
    await reviewer
      .put(markingPath(itemId, other.id))
      .send({ provision: 'OSL 21 kap. 7 §' })
      .expect(404);
    await reviewer.put(markingPath(recordId)).send({ provision: 'OSL 21 kap. 7 §' }).expect(404);
    await reviewer.put(markingPath('x')).send({ provision: 'OSL 21 kap. 7 §' }).expect(404);
    expect((await itemOf()).marking?.provision).toBe('OSL 23 kap. 2 §');
  });

  it('says when the review date has passed', async () => {
    await query(
      world.testApp,
      'update public_record set confidentiality_review_on = $2 where id = $1',
      [recordId, addDays(today, -3)],
    );
    const item = await itemOf();
    expect(item.marking?.reviewOverdue).toBe(true);
    expect(item.signals[0]).toMatch(
      /omprövas senast \d{4}-\d{2}-\d{2}\) – omprövningsdatum passerat$/,
    );
  });

  it('a reviewer sets, changes and removes the marking with the page form, whatever the status', async () => {
    // The record is decided and the request decided: a marking is still only a signal.
    const { version } = await itemOf();
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${itemId}/decision`)
      .send({ decision: 'release', redactions: [], version })
      .expect(204);
    await reviewer.post(`/api/v1/records-requests/${requestId}/complete`).expect(204);

    let page = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    const refused = await reviewer
      .post(pagePath())
      .type('form')
      .send({ _csrf: csrfFrom(page.text), provision: 'OSL 21 kap. 7 §', reviewOn: '2027-13-01' })
      .expect(400);
    expect(refused.text).toContain('Skriv omprövningsdatumet som ÅÅÅÅ-MM-DD');
    // The form comes back as it was sent.
    expect(refused.text).toMatch(/<option value="OSL 21 kap\. 7 §" selected>/);
    expect(refused.text).toContain('value="2027-13-01"');

    await reviewer
      .post(pagePath())
      .type('form')
      .send({ _csrf: csrfFrom(refused.text), provision: 'OSL 21 kap. 7 §', reviewOn })
      .expect(303);
    page = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(page.text).toContain('Sekretessmarkeringen är sparad.');
    expect(page.text).toContain(
      `Sekretessmarkering: OSL 21 kap. 7 § (satt ${today} av ${reviewerName}, omprövas senast ${reviewOn})`,
    );
    const decided = await load();
    expect(decided.status).toBe('decided');
    expect(decided.items.find((each) => each.id === itemId)?.decision).toBe('release');

    await reviewer
      .post(pagePath())
      .type('form')
      .send({ _csrf: csrfFrom(page.text), provision: '', reviewOn: '' })
      .expect(303);
    page = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(page.text).toContain('Sekretessmarkeringen är borttagen.');
    expect((await itemOf()).marking).toBeNull();
    expect(await auditOf('record.marking.set')).toHaveLength(3);
    expect(await auditOf('record.marking.removed')).toHaveLength(2);

    // The mentor is no reviewer: the page form is not found for them; without a token, refused.
    const mentorPage = await mentor.get('/begaran').expect(200);
    await mentor
      .post(pagePath())
      .type('form')
      .send({ _csrf: csrfFrom(mentorPage.text), provision: 'OSL 21 kap. 7 §' })
      .expect(404);
    await reviewer.post(pagePath()).type('form').send({ provision: 'OSL 21 kap. 7 §' }).expect(403);
    await reviewer
      .post(pagePath('00000000-0000-4000-8000-000000000000'))
      .type('form')
      .send({ _csrf: csrfFrom(page.text), provision: 'OSL 21 kap. 7 §' })
      .expect(404);
    expect((await itemOf()).marking).toBeNull();
  });
});

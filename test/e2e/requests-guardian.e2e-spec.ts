import type TestAgent from 'supertest/lib/agent';

import { binaryBody } from '../support/binary-body';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { extractPdfText } from '../support/pdf-text';
import { fileRequestFor, processedRequestId } from '../support/requests';

/** Karin Lindqvist, the demo guardian: her child in class 4A, and a child who is not hers. */
const CHILD = 'demo:person:pupil-4-1';
const STRANGER = 'demo:person:pupil-4-5';

interface Item {
  id: string;
  kind: string;
  version: number;
  pupilName: string | null;
  registrationNumber: string | null;
  concernedParty: string | null;
  aboutGuardiansChild: boolean;
}

interface Detail {
  channel: string;
  contact: { name: string | null };
  guardian: { name: string | null; pupilName: string | null; stillGuardian: boolean } | null;
  items: Item[];
}

/**
 * A guardian asks, signed in, for their own child's records (DOMAIN.md:
 * a person concerned, OSL 12 kap. 3 §): the reviewer sees the verified
 * guardian, decides per record whether the confidentiality protecting the
 * child is lifted toward them or protects the child against them, and the
 * letter and the copy say which.
 */
describe('a guardian’s request for their own child’s records', () => {
  let world: DemoWorld;
  let guardian: TestAgent;
  let reviewer: TestAgent;
  let childId: string;
  let childName: string;
  let strangerId: string;

  const idOf = async (externalId: string) => {
    const [row] = await query(
      world.testApp,
      "select id, given_name || ' ' || family_name as name from person where external_id = $1",
      [externalId],
    );
    return { id: String(row?.id), name: String(row?.name) };
  };
  const load = async (id: string): Promise<Detail> =>
    (await reviewer.get(`/api/v1/records-requests/${id}`).expect(200)).body as Detail;
  const processed = (registrationNumber: string) => processedRequestId(world, registrationNumber);

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    guardian = await world.signIn('vardnadshavare');
    reviewer = await world.signIn('granskare');
    ({ id: childId, name: childName } = await idOf(CHILD));
    strangerId = (await idOf(STRANGER)).id;
  });

  afterAll(async () => {
    await world.close();
  });

  it('only the child’s guardian can ask this way; anyone else is told the child is not found', async () => {
    const children = await guardian.get('/mina-barn').expect(200);
    expect(children.text).toContain(`/mina-barn/${childId}/begaran`);
    const form = await guardian.get(`/mina-barn/${childId}/begaran`).expect(200);
    expect(form.text).toContain(`Begär ut handlingar om ${childName}`);
    expect(form.text).toContain('offentlighets- och sekretesslagen 12 kap. 3 §');
    await guardian.get(`/mina-barn/${strangerId}/begaran`).expect(404);
    await guardian.get('/mina-barn/not-a-uuid/begaran').expect(404);
    await guardian
      .post(`/api/v1/records-requests/as-guardian/${strangerId}`)
      .send({ delivery: 'electronic' })
      .expect(404);
    const mentor = await world.signIn('mentor');
    await mentor.get(`/mina-barn/${childId}/begaran`).expect(404);
    await mentor
      .post(`/api/v1/records-requests/as-guardian/${childId}`)
      .send({ delivery: 'electronic' })
      .expect(404);
    await world.testApp
      .http()
      .post(`/api/v1/records-requests/as-guardian/${childId}`)
      .send({ delivery: 'electronic' })
      .expect(401);
    const [filed] = await query(
      world.testApp,
      "select count(*)::int as n from records_request where channel = 'guardian'",
    );
    expect(filed?.n).toBe(0);
  });

  it('from the page: a receipt, bad input answered on the form, the request listed for the guardian', async () => {
    const form = await guardian.get(`/mina-barn/${childId}/begaran`).expect(200);
    const bad = await guardian
      .post(`/mina-barn/${childId}/begaran`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), delivery: 'brevduva' })
      .expect(400);
    expect(bad.text).toContain('Begäran skickades inte. Rätta det som är markerat.');
    expect(bad.text).toContain(`Begär ut handlingar om ${childName}`);
    const sent = await guardian
      .post(`/mina-barn/${childId}/begaran`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), delivery: 'electronic', period: '2025/26' })
      .expect(303);
    expect(sent.headers.location).toBe('/begaran/kvitto');
    const receipt = await guardian.get('/begaran/kvitto').expect(200);
    const registrationNumber = /BEG-\d{4}-\d{5}/.exec(receipt.text)?.[0] ?? '';
    expect(registrationNumber).not.toBe('');
    await processed(registrationNumber);
    const again = await guardian.get(`/mina-barn/${childId}/begaran`).expect(200);
    expect(again.text).toContain(registrationNumber);
    const [audit] = await query(
      world.testApp,
      `select a.actor_account_id is not null as signed, a.details->>'channel' as channel
         from audit_entry a where a.action = 'records_request.received'
          and a.details->>'registrationNumber' = $1`,
      [registrationNumber],
    );
    expect(audit).toEqual({ signed: true, channel: 'guardian' });
  });

  it('the reviewer sees the verified guardian, decides per record under OSL 12 kap. 3 §, and the letter and copy say so', async () => {
    const filed = await guardian
      .post(`/api/v1/records-requests/as-guardian/${childId}`)
      .send({ delivery: 'electronic' })
      .expect(201);
    const id = await processed(String(filed.body.registrationNumber));
    const detail = await load(id);
    expect(detail.channel).toBe('Vårdnadshavare, inloggad (Mina barn)');
    expect(detail.contact.name).toBe('Karin Lindqvist');
    expect(detail.guardian).toEqual({
      name: 'Karin Lindqvist',
      pupilName: childName,
      stillGuardian: true,
    });
    // Matched by the child's id: the child's plans only, however common the name.
    expect(detail.items.length).toBeGreaterThan(0);
    expect(new Set(detail.items.map((item) => item.pupilName))).toEqual(new Set([childName]));
    const records = detail.items.filter((item) => item.kind === 'record');
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records.every((item) => item.aboutGuardiansChild)).toBe(true);
    const page = await reviewer.get(`/handlaggning/begaran/${id}`).expect(200);
    expect(page.text).toContain('Vårdnadshavare som begär handlingar om sitt barn');
    const itemPage = await reviewer
      .get(`/handlaggning/begaran/${id}/handlingar/${records[0]?.id}`)
      .expect(200);
    expect(itemPage.text).toContain('Vårdnadshavaren begär handlingen om sitt barn');

    const [lifted, kept] = records as [Item, Item, ...Item[]];
    const contradiction = await reviewer
      .post(`/api/v1/records-requests/${id}/items/${lifted.id}/decision`)
      .send({
        decision: 'refuse',
        refusalGround: 'OSL 23 kap. 2 §',
        reasons: 'Elevhälsa.',
        redactions: [],
        concernedParty: 'lifted',
        version: lifted.version,
      })
      .expect(400);
    expect(contradiction.body.error.fields[0].field).toBe('concernedParty');
    await reviewer
      .post(`/api/v1/records-requests/${id}/items/${lifted.id}/decision`)
      .send({
        decision: 'release',
        redactions: [],
        concernedParty: 'lifted',
        version: lifted.version,
      })
      .expect(204);
    await reviewer
      .post(`/api/v1/records-requests/${id}/items/${kept.id}/decision`)
      .send({
        decision: 'refuse',
        refusalGround: 'OSL 23 kap. 2 §',
        reasons: 'Uppgifter från elevhälsans samtal med eleven.',
        redactions: [],
        concernedParty: 'protects_against_guardian',
        version: kept.version,
      })
      .expect(204);
    for (const item of (await load(id)).items.filter((each) => !each.concernedParty)) {
      await reviewer
        .post(`/api/v1/records-requests/${id}/items/${item.id}/decision`)
        .send(
          item.kind === 'draft'
            ? { decision: 'no_public_record', redactions: [], version: item.version }
            : { decision: 'release', redactions: [], version: item.version },
        )
        .expect(204);
    }
    const decided = await load(id);
    expect(decided.items.find((item) => item.id === lifted.id)?.concernedParty).toBe('lifted');
    await reviewer.post(`/api/v1/records-requests/${id}/complete`).expect(204);

    const documents = (await reviewer.get(`/api/v1/records-requests/${id}/documents`).expect(200))
      .body as { id: string; kind: string; title: string }[];
    const letter = documents.find((document) => document.kind === 'decision_letter');
    const letterText = (
      await extractPdfText(
        (
          await binaryBody(
            reviewer.get(`/api/v1/records-requests/${id}/documents/${letter?.id}`),
          ).expect(200)
        ).body as Buffer,
      )
    ).pages
      .join('\n')
      .replace(/\s+/g, ' ');
    expect(letterText).toContain('Karin Lindqvist');
    expect(letterText).toContain(`${lifted.registrationNumber}`);
    expect(letterText).toContain(
      'Sekretessen till skydd för barnet gäller inte mot dig för uppgifter som du behöver för att utöva vårdnaden',
    );
    expect(letterText).toContain(
      'Sekretessen till skydd för barnet gäller även mot dig, eftersom barnet kan antas lida betydande men',
    );
    expect(letterText).toContain('Hur man överklagar');
    const copy = documents.find(
      (document) =>
        document.kind === 'copy' && document.title.includes(lifted.registrationNumber ?? '?'),
    );
    const copyText = (
      await extractPdfText(
        (
          await binaryBody(
            reviewer.get(`/api/v1/records-requests/${id}/documents/${copy?.id}`),
          ).expect(200)
        ).body as Buffer,
      )
    ).pages.join('\n');
    expect(copyText.replace(/\s+/g, ' ')).toContain(
      'till vårdnadshavaren enligt OSL 12 kap. 3 §, inte offentlig',
    );
  });

  it('on anyone else’s request, or once custody has ended, the guardian’s basis is refused', async () => {
    const anonymous = await fileRequestFor(world, CHILD);
    const [record] = (await load(anonymous.id)).items.filter((item) => item.kind === 'record');
    expect(record?.aboutGuardiansChild).toBe(false);
    const refused = await reviewer
      .post(`/api/v1/records-requests/${anonymous.id}/items/${record?.id}/decision`)
      .send({
        decision: 'release',
        redactions: [],
        concernedParty: 'lifted',
        version: record?.version,
      })
      .expect(400);
    expect(refused.body.error.fields[0].problems[0]).toContain('OSL 12 kap. 3 §');

    const filed = await guardian
      .post(`/api/v1/records-requests/as-guardian/${childId}`)
      .send({ delivery: 'electronic' })
      .expect(201);
    const id = await processed(String(filed.body.registrationNumber));
    const [guardianRow] = await query(
      world.testApp,
      "select id from person where external_id = 'demo:person:guardian-shared'",
    );
    // Custody ended in the register after the request came in.
    await query(
      world.testApp,
      'delete from guardianship where guardian_id = $1 and pupil_id = $2',
      [guardianRow?.id, childId],
    );
    try {
      const detail = await load(id);
      expect(detail.guardian?.stillGuardian).toBe(false);
      const page = await reviewer.get(`/handlaggning/begaran/${id}`).expect(200);
      expect(page.text).toContain('Enligt registret är hen inte längre vårdnadshavare.');
      const [item] = detail.items.filter((each) => each.kind === 'record');
      const ended = await reviewer
        .post(`/api/v1/records-requests/${id}/items/${item?.id}/decision`)
        .send({
          decision: 'release',
          redactions: [],
          concernedParty: 'lifted',
          version: item?.version,
        })
        .expect(409);
      expect(ended.body.error.message).toContain('inte längre vårdnadshavare');
    } finally {
      await query(
        world.testApp,
        'insert into guardianship (guardian_id, pupil_id) values ($1, $2) on conflict do nothing',
        [guardianRow?.id, childId],
      );
    }
  });
});

import { createHash } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import type TestAgent from 'supertest/lib/agent';

import { RequestHoldsQueries } from '../../src/requests/request-holds.queries';
import type { RequestDetailView as RequestDetail } from '../../src/requests/views/request-detail.view';
import { binaryBody } from '../support/binary-body';
import { DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';
import { fileRequestFor, refuseAndDeliver } from '../support/requests';
import { extractPdfText } from '../support/pdf-text';
import { RECEIPT_CODE_HEADER } from '../support/receipt-status';

const AGREEMENT = 'Vi ses igen i mars. Pappa nås på 070-765 43 21 efter jobbet.';

describe('reviewing a request for public records', () => {
  let world: DemoWorld;
  let reviewer: TestAgent;
  let requestId: string;
  let receiptCode: string;
  let detail: RequestDetail;
  let recordId: string;

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    // pupil 4-2 gets a plan established with a phone number in it (the free-text guard warns).
    await query(
      world.testApp,
      `delete from plan where pupil_id = (select id from person where external_id = 'demo:person:pupil-4-2') and period = '2026/27'`,
    );
    let planId: string;
    ({ recordId, planId } = await establishPlan(world, {
      pupil: 'demo:person:pupil-4-2',
      otherDevelopment: 'Eleven har extra anpassningar efter beslut av elevhälsan.',
      agreements: AGREEMENT,
    }));
    // The next version is being written: a draft, not yet a public record.
    const mentor = await world.signIn('mentor');
    await mentor.post(`/api/v1/plans/${planId}/drafts`).send({}).expect(201);
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-2', {
      description: 'Alla utvecklingsplaner för eleven.',
    });
    receiptCode = filed.receiptCode;
    requestId = filed.id;
    reviewer = await world.signIn('granskare');
  });

  afterAll(() => world.close());

  const load = async (): Promise<RequestDetail> =>
    (await reviewer.get(`/api/v1/records-requests/${requestId}`).expect(200)).body as RequestDetail;

  it('shows the request in the reviewer’s queue, earliest decision date first', async () => {
    const queue = await reviewer.get('/api/v1/records-requests?status=open').expect(200);
    const rows = queue.body.rows as { id: string; decisionDue: string }[];
    expect(rows.map((r) => r.id)).toContain(requestId);
    const dates = rows.map((r) => r.decisionDue);
    expect([...dates].sort()).toEqual(dates);
    const unassigned = await reviewer
      .get('/api/v1/records-requests?assignee=unassigned&status=received')
      .expect(200);
    expect((unassigned.body.rows as { id: string }[]).map((r) => r.id)).toContain(requestId);
  });

  it('the reviewer claims it, writes an internal note, asks the requester and gets an answer', async () => {
    await reviewer.post(`/api/v1/records-requests/${requestId}/claim`).expect(204);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/notes`)
      .send({ text: 'Intern anteckning: kontrollera med mentorn.' })
      .expect(204);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/clarification`)
      .send({ question: 'Gäller din begäran även förra läsåret?' })
      .expect(204);

    const waiting = await world.testApp
      .http()
      .get('/api/v1/records-requests/status')
      .set(RECEIPT_CODE_HEADER, receiptCode)
      .expect(200);
    expect(waiting.body.status).toBe('awaiting_clarification');
    expect(waiting.body.clarificationQuestion).toBe('Gäller din begäran även förra läsåret?');
    // Internal notes never reach the requester.
    expect(JSON.stringify(waiting.body)).not.toContain('Intern anteckning');

    await reviewer
      .post(`/api/v1/records-requests/${requestId}/clarification/answered`)
      .send({ summary: 'Ja, båda läsåren.' })
      .expect(204);
    detail = await load();
    expect(detail.status).toBe('in_review');
    expect(detail.assignee).not.toBeNull();
    expect(detail.firstActionAt).not.toBeNull();
    expect(detail.notes.map((n) => n.text)).toEqual([
      'Intern anteckning: kontrollera med mentorn.',
      'Svar på frågan: Ja, båda läsåren.',
    ]);
    expect(detail.history.map((h) => h.kind)).toEqual([
      'received',
      'first_steps',
      'claimed',
      'clarification_asked',
      'clarification_received',
    ]);
    expect(detail.items.filter((i) => i.kind === 'record').length).toBeGreaterThanOrEqual(2);
    expect(detail.items.every((i) => i.pupilName)).toBe(true);
    // Reading the request shows the pupil's records: audited under the pupil.
    const pupilId = await world.personId('demo:person:pupil-4-2');
    const reads = await query(
      world.testApp,
      "select count(*)::int as count from audit_entry where action = 'records_request.read' and pupil_id = $1",
      [pupilId],
    );
    expect(reads[0]?.count).toBeGreaterThan(0);
  });

  it('shows each record with the free-text guard’s findings, previews the redacted copy and decides', async () => {
    const item = detail.items.find((i) => i.recordId === recordId);
    // Set by the mentor as the plan was established: the signal says by whom and when.
    expect(item?.signals).toContainEqual(
      expect.stringMatching(
        /^Sekretessmarkering: OSL 23 kap\. 2 § \(satt \d{4}-\d{2}-\d{2} av .+\)$/,
      ),
    );
    expect(item).toBeDefined();
    const review = await reviewer
      .get(`/api/v1/records-requests/${requestId}/items/${item?.id}/review`)
      .expect(200);
    const fields = (
      review.body.document.sections as {
        fields: { id: string; text: string; suggestions: { start: number; end: number }[] }[];
      }[]
    ).flatMap((s) => s.fields);
    const agreements = fields.find((f) => f.id === 'talk.agreements');
    const suggestion = agreements?.suggestions[0];
    expect(agreements?.text.slice(suggestion?.start, suggestion?.end)).toContain('070-765');

    const redactions = [
      {
        fieldId: 'talk.agreements',
        ground: 'OSL 21 kap. 3 §',
        span: { start: suggestion?.start, end: suggestion?.end },
      },
      { fieldId: 'otherDevelopment', ground: 'OSL 23 kap. 2 §' },
    ];
    const preview = await binaryBody(
      reviewer
        .post(`/api/v1/records-requests/${requestId}/items/${item?.id}/preview`)
        .send({ redactions }),
    ).expect(200);
    const text = (await extractPdfText(preview.body as Buffer)).pages.join('\n');
    expect(text).not.toContain('070-765');
    expect(text).not.toContain('elevhälsan');
    expect(text).toContain('OSL 21 kap. 3 §');

    const refused = await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${item?.id}/decision`)
      .send({ decision: 'release_with_redactions', redactions, version: item?.version })
      .expect(400);
    expect(JSON.stringify(refused.body)).toContain('Skriv skälen');

    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${item?.id}/decision`)
      .send({
        decision: 'release_with_redactions',
        redactions,
        reasons:
          'Uppgifter om elevhälsa och en vårdnadshavares telefonnummer omfattas av sekretess.',
        version: item?.version,
      })
      .expect(204);
    detail = await load();
    const decided = detail.items.find((i) => i.id === item?.id);
    expect(decided?.decision).toBe('release_with_redactions');
    expect(decided?.redactionCount).toBe(2);
  });

  it('two reviewers deciding the same record at once: exactly one wins, the other is told why', async () => {
    const item = detail.items.find((i) => i.kind === 'record' && i.decision === null);
    const second = await world.signIn('granskare');
    const decide = (agent: TestAgent, decision: string) =>
      agent.post(`/api/v1/records-requests/${requestId}/items/${item?.id}/decision`).send({
        decision,
        redactions: [],
        refusalGround: 'OSL 23 kap. 2 §',
        reasons: 'Skäl.',
        version: item?.version,
      });
    const results = await Promise.all([decide(reviewer, 'release'), decide(second, 'refuse')]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
    const loser = results.find((r) => r.status === 409);
    expect(loser?.body.error.message).toContain('Handlingen har redan beslutats av');
    const [row] = await query(
      world.testApp,
      'select decision, version from records_request_item where id = $1',
      [item?.id],
    );
    expect(row?.version).toBe((item?.version ?? 0) + 1);
  });

  it('answers a draft with "no public record yet", with the reason', async () => {
    const draft = detail.items.find((i) => i.kind === 'draft');
    expect(draft).toBeDefined();
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${draft?.id}/decision`)
      .send({ decision: 'release', redactions: [], version: draft?.version })
      .expect(400);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${draft?.id}/preview`)
      .send({ redactions: [] })
      .expect(409);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/items/${draft?.id}/decision`)
      .send({ decision: 'no_public_record', redactions: [], version: draft?.version })
      .expect(204);
    detail = await load();
    const answered = detail.items.find((i) => i.id === draft?.id);
    expect(answered?.decision).toBe('no_public_record');
    expect(answered?.reasons).toContain('ingen allmän handling');
  });

  it('releases the rest in one batch and completes the decision; the requester sees it decided', async () => {
    await reviewer.post(`/api/v1/records-requests/${requestId}/complete`).expect(409);
    detail = await load();
    const rest = detail.items.filter((i) => i.decision === null);
    const drafts = rest.filter((i) => i.kind === 'draft');
    for (const draft of drafts) {
      await reviewer
        .post(`/api/v1/records-requests/${requestId}/items/${draft.id}/decision`)
        .send({ decision: 'no_public_record', redactions: [], version: draft.version })
        .expect(204);
    }
    const records = rest.filter((i) => i.kind === 'record');
    if (records.length > 0) {
      const batch = await reviewer
        .post(`/api/v1/records-requests/${requestId}/decisions/release`)
        .send({ items: records.map((i) => ({ id: i.id, version: i.version })) })
        .expect(200);
      expect(batch.body.released).toBe(records.length);
    }
    await reviewer.post(`/api/v1/records-requests/${requestId}/complete`).expect(204);
    const status = await world.testApp
      .http()
      .get('/api/v1/records-requests/status')
      .set(RECEIPT_CODE_HEADER, receiptCode)
      .expect(200);
    expect(status.body.status).toBe('decided');
    // Nothing changes a decided request's records any more.
    await reviewer.post(`/api/v1/records-requests/${requestId}/claim`).expect(409);
    const audit = await query(
      world.testApp,
      `select count(*)::int as count from audit_entry where target_id = $1 and action like 'records_request.%'`,
      [requestId],
    );
    expect(audit[0]?.count).toBeGreaterThan(8);
  });

  it('the decision made the letter and the checked copies; delivered, the requester downloads them by code', async () => {
    const documents = (
      await reviewer.get(`/api/v1/records-requests/${requestId}/documents`).expect(200)
    ).body as { id: string; kind: string; registrationNumber: string | null; pages: number }[];
    const letter = documents.find((d) => d.kind === 'decision_letter');
    expect(letter?.registrationNumber).toMatch(/^BES-\d{4}-\d{5}$/);
    expect(documents.filter((d) => d.kind === 'copy').length).toBeGreaterThanOrEqual(2);

    // Not yet delivered: no link.
    await world.testApp
      .http()
      .post('/api/v1/records-requests/status/download-link')
      .set(RECEIPT_CODE_HEADER, receiptCode)
      .expect(404);
    await reviewer.post(`/api/v1/records-requests/${requestId}/deliver`).expect(204);
    const status = await world.testApp
      .http()
      .get('/api/v1/records-requests/status')
      .set(RECEIPT_CODE_HEADER, receiptCode)
      .expect(200);
    expect(status.body).toEqual(
      expect.objectContaining({ status: 'delivered', canDownload: true }),
    );

    const link = await world.testApp
      .http()
      .post('/api/v1/records-requests/status/download-link')
      .set(RECEIPT_CODE_HEADER, receiptCode)
      .expect(201);
    const path = new URL(link.body.url as string).pathname;
    const token = path.split('/').pop() ?? '';
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const page = await world.testApp.http().get(path).expect(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    const links = [...page.text.matchAll(/href="(\/begaran\/hamta\/[^"]+\/[0-9a-f-]{36})"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(links.length).toBe(documents.length);

    const texts: string[] = [];
    for (const href of links) {
      const file = await binaryBody(world.testApp.http().get(href)).expect(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      texts.push((await extractPdfText(file.body as Buffer)).pages.join('\n'));
    }
    const all = texts.join('\n');
    expect(all).toContain('Beslut om utlämnande av allmänna handlingar');
    expect(all).toContain('Hur man överklagar');
    expect(all).toContain('OSL 21 kap. 3 §');
    expect(all).not.toContain('070-765');
    expect(all).not.toContain('elevhälsan');

    const downloads = await query(
      world.testApp,
      "select count(*)::int as count from audit_entry where action = 'records_request.document.downloaded' and target_id = $1",
      [requestId],
    );
    expect(downloads[0]?.count).toBe(links.length);

    // An expired link, and one used up, are refused with 410 and a Swedish message.
    await query(world.testApp, "update download_link set expires_at = now() - interval '1 minute'");
    const expired = await world.testApp
      .http()
      .get(links[0] ?? '')
      .expect(410);
    expect(expired.text).toContain('Länken fungerar inte längre');
    await world.testApp.http().get(path).set('Accept', 'text/html').expect(410);
    const fresh = await world.testApp
      .http()
      .post('/api/v1/records-requests/status/download-link')
      .set(RECEIPT_CODE_HEADER, receiptCode)
      .expect(201);
    await query(
      world.testApp,
      'update download_link set max_downloads = downloads + 1 where expires_at > now()',
    );
    const freshPath = new URL(fresh.body.url as string).pathname;
    await world.testApp
      .http()
      .get(`${freshPath}/${links[0]?.split('/').pop() ?? ''}`)
      .expect(200);
    await world.testApp
      .http()
      .get(`${freshPath}/${links[0]?.split('/').pop() ?? ''}`)
      .expect(410);
    // A guessed token finds nothing.
    await world.testApp
      .http()
      .get(`/begaran/hamta/${'A'.repeat(43)}/${links[0]?.split('/').pop() ?? ''}`)
      .expect(410);
  });

  it('registers an appeal in time, forwards it and records the court’s answer; a late one is dismissed', async () => {
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals`)
      .send({ receivedOn: today, note: 'Överklagar maskeringen.' })
      .expect(204);
    let appeal = (await load()).appeals[0];
    expect(appeal?.inTime).toBe(true);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${appeal?.id}/outcome`)
      .send({ outcome: 'upheld', decidedOn: today })
      .expect(409);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${appeal?.id}/forward`)
      .send({ forwardedOn: today, court: 'Kammarrätten i Göteborg' })
      .expect(204);
    // The file for the court: the decision, the released copy, where passages were struck and
    // on which ground (never the text), the copy's SHA-256 and the decision's audit anchor; the
    // struck record in the original beside it, marked confidential. Never the requester's.
    const forwarded = (
      await reviewer.get(`/api/v1/records-requests/${requestId}/documents`).expect(200)
    ).body as { id: string; kind: string; title: string }[];
    const pdfText = async (documentId: string | undefined) =>
      (
        await extractPdfText(
          (
            await binaryBody(
              reviewer.get(`/api/v1/records-requests/${requestId}/documents/${documentId ?? ''}`),
            ).expect(200)
          ).body as Buffer,
        )
      ).pages
        .join('\n')
        .replace(/\s+/g, ' ');
    const file = await pdfText(forwarded.find((d) => d.kind === 'appeal_file')?.id);
    expect(file).toContain('Överklagande – akt till Kammarrätten i Göteborg');
    expect(file).toContain(': OSL 21 kap. 3 §');
    expect(file).toContain('(hela uppgiften): OSL 23 kap. 2 §');
    expect(file).toContain('Beslut om utlämnande av allmänna handlingar');
    expect(file).not.toContain('070-765');
    expect(file).not.toContain('extra anpassningar efter beslut av elevhälsan');
    const copy = forwarded.find((d) => d.kind === 'copy');
    const copyBytes = (
      await binaryBody(
        reviewer.get(`/api/v1/records-requests/${requestId}/documents/${copy?.id ?? ''}`),
      ).expect(200)
    ).body as Buffer;
    expect(file).toContain(createHash('sha256').update(copyBytes).digest('hex'));
    const [decided] = await query(
      world.testApp,
      `select hash, details->>'copiesSha256' as copies from audit_entry
        where action = 'records_request.decided' and target_id = $1`,
      [requestId],
    );
    expect(file).toContain(String(decided?.hash));
    expect(String(decided?.copies).split(' ')).toContain(
      createHash('sha256').update(copyBytes).digest('hex'),
    );
    const originals = await Promise.all(
      forwarded.filter((d) => d.kind === 'court_original').map((d) => pdfText(d.id)),
    );
    expect(originals.length).toBeGreaterThan(0);
    for (const original of originals) {
      expect(original).toMatch(
        /SEKRETESSBELAGD – original till Kammarrätten i Göteborg, överklagandet i BEG-\d{4}-\d{5}; lämnas inte ut/,
      );
    }
    // The struck record in the original, its struck text in it.
    expect(originals.some((original) => original.includes('070-765'))).toBe(true);
    const linkFor = await world.testApp
      .http()
      .post('/api/v1/records-requests/status/download-link')
      .set(RECEIPT_CODE_HEADER, receiptCode)
      .expect(201);
    const linkPage = await world.testApp
      .http()
      .get(new URL(String(linkFor.body.url)).pathname)
      .expect(200);
    expect(linkPage.text).not.toContain('Överklagandeakt');
    expect(linkPage.text).not.toContain('i original till domstolen');
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${appeal?.id}/outcome`)
      .send({ outcome: 'upheld', decidedOn: today, reference: 'Mål nr 1234-26' })
      .expect(204);
    appeal = (await load()).appeals[0];
    expect(appeal).toEqual(
      expect.objectContaining({
        forwardedOn: today,
        outcome: 'upheld',
        courtReference: 'Mål nr 1234-26',
      }),
    );

    // Six weeks after the requester downloaded the decision an appeal is
    // late: it is dismissed here, not forwarded.
    await query(
      world.testApp,
      `update records_request
          set delivered_at = now() - interval '42 days', decision_seen_at = now() - interval '42 days'
        where id = $1`,
      [requestId],
    );
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals`)
      .send({ receivedOn: today })
      .expect(204);
    const late = (await load()).appeals[1];
    expect(late?.inTime).toBe(false);
    const refused = await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${late?.id}/forward`)
      .send({ forwardedOn: today })
      .expect(409);
    expect(refused.body.error.message).toContain('för sent');
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${late?.id}/outcome`)
      .send({ outcome: 'upheld', decidedOn: today })
      .expect(400);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${late?.id}/outcome`)
      .send({ outcome: 'dismissed', decidedOn: today })
      .expect(204);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${late?.id}/outcome`)
      .send({ outcome: 'dismissed', decidedOn: today })
      .expect(409);
    // Dismissed here: a decision of its own, with a letter and its own appeal notice.
    const documents = (
      await reviewer.get(`/api/v1/records-requests/${requestId}/documents`).expect(200)
    ).body as { id: string; title: string; registrationNumber: string | null }[];
    const dismissal = documents.find((d) => d.title === 'Beslut om avvisning av överklagande');
    expect(dismissal?.registrationNumber).toMatch(/^BES-\d{4}-\d{5}$/);
    const dismissalPdf = await binaryBody(
      reviewer.get(`/api/v1/records-requests/${requestId}/documents/${dismissal?.id ?? ''}`),
    ).expect(200);
    const dismissalText = (await extractPdfText(dismissalPdf.body as Buffer)).pages
      .join('\n')
      .replace(/\s+/g, ' ');
    expect(dismissalText).toContain('avvisar överklagandet');
    expect(dismissalText).toContain(`överklagandet kom in ${today}`);
    expect(dismissalText).toContain('Hur man överklagar');

    // Late, but the appeal notice was wrong (förvaltningslagen 45 §): tried all the same.
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals`)
      .send({ receivedOn: today, note: 'Beslutet saknade hänvisning till rätt domstol.' })
      .expect(204);
    const excused = (await load()).appeals[2];
    expect(excused?.inTime).toBe(false);
    const exception = (body: object) =>
      reviewer
        .post(`/api/v1/records-requests/${requestId}/appeals/${excused?.id}/late-exception`)
        .send(body);
    await exception({ exception: 'because' }).expect(400);
    await exception({ exception: 'notice_missing_or_wrong' }).expect(204);
    await exception({ exception: 'reached_court_in_time' }).expect(409);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${appeal?.id}/late-exception`)
      .send({ exception: 'notice_missing_or_wrong' })
      .expect(409);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${excused?.id}/forward`)
      .send({ forwardedOn: today })
      .expect(204);
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/appeals/${excused?.id}/outcome`)
      .send({ outcome: 'upheld', decidedOn: today })
      .expect(204);
    expect((await load()).appeals[2]).toEqual(
      expect.objectContaining({
        lateException: 'överklagandehänvisningen saknades eller var felaktig',
        goesToCourt: true,
        outcome: 'upheld',
      }),
    );
    const history = (await load()).history.map((h) => h.kind);
    expect(history).toEqual(
      expect.arrayContaining([
        'appeal_received',
        'appeal_late_allowed',
        'appeal_forwarded',
        'appeal_decided',
        'delivered',
        'decided',
      ]),
    );
    const page = await reviewer.get(`/handlaggning/begaran/${requestId}`).expect(200);
    expect(page.text).toContain('Överklagandet avslogs (beslutet står fast)');
    expect(page.text).toContain('för sent');
    expect(page.text).toContain(
      'Prövas ändå (förvaltningslagen 45 §): överklagandehänvisningen saknades eller var felaktig.',
    );
    expect(page.text).toContain(
      'Överklagandet avvisades av Sektor Lärande för att det kom in för sent',
    );
  });

  it('reconsiders a refusal after an appeal, and carries out the court’s change: each a new decision, letter and copy; the old ones superseded', async () => {
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-5');
    const id = filed.id;
    await refuseAndDeliver(reviewer, id);
    type Detail = RequestDetail & {
      reopen: { reason: string; appealId: string } | null;
      items: (RequestDetail['items'][number] & { version: number })[];
    };
    const get = async () =>
      (await reviewer.get(`/api/v1/records-requests/${id}`).expect(200)).body as Detail;
    const documents = async () =>
      (await reviewer.get(`/api/v1/records-requests/${id}/documents`).expect(200)).body as {
        id: string;
        kind: string;
        title: string;
        registrationNumber: string | null;
        superseded: boolean;
      }[];
    const firstLetter = (await documents()).find((d) => d.kind === 'decision_letter');
    /** Releases the first record anew, completes and delivers: the new decision's letter text. */
    const releaseAndDeliver = async () => {
      const item = (await get()).items.find((each) => each.kind === 'record');
      await reviewer
        .post(`/api/v1/records-requests/${id}/items/${item?.id}/decision`)
        .send({ decision: 'release', redactions: [], version: item?.version })
        .expect(204);
      await reviewer.post(`/api/v1/records-requests/${id}/complete`).expect(204);
      await reviewer.post(`/api/v1/records-requests/${id}/deliver`).send({}).expect(204);
      const current = (await documents()).filter((d) => !d.superseded);
      // Everything released now: the new letter may be a cover letter.
      const letter = current.find((d) => d.kind !== 'copy');
      const pdf = await binaryBody(
        reviewer.get(`/api/v1/records-requests/${id}/documents/${letter?.id ?? ''}`),
      ).expect(200);
      return {
        current,
        text: (await extractPdfText(pdf.body as Buffer)).pages.join('\n').replace(/\s+/g, ' '),
      };
    };

    // An appeal in time: reconsidered before it goes to the court.
    await reviewer
      .post(`/api/v1/records-requests/${id}/appeals`)
      .send({ receivedOn: today, note: 'Vill ha ut planen.' })
      .expect(204);
    const appeal = (await get()).appeals[0];
    // Nothing to lapse before the reconsideration.
    await reviewer
      .post(`/api/v1/records-requests/${id}/appeals/${appeal?.id}/outcome`)
      .send({ outcome: 'lapsed', decidedOn: today })
      .expect(409);
    const page = await reviewer.get(`/handlaggning/begaran/${id}`).expect(200);
    expect(page.text).toContain('Ompröva beslutet (begäran öppnas igen)');
    await reviewer.post(`/api/v1/records-requests/${id}/appeals/${appeal?.id}/reopen`).expect(204);
    await reviewer.post(`/api/v1/records-requests/${id}/appeals/${appeal?.id}/reopen`).expect(409);
    const reopened = await get();
    expect(reopened.status).toBe('in_review');
    expect(reopened.reopen).toEqual(
      expect.objectContaining({ reason: 'reconsideration', appealId: appeal?.id }),
    );
    // The requester's link hands out nothing superseded while the new decision is made.
    expect((await documents()).every((d) => d.superseded)).toBe(true);
    // DOMAIN.md, retention: the records stay held while the reopened case is carried out.
    const recordIds = reopened.items.flatMap((item) => (item.recordId ? [item.recordId] : []));
    expect(recordIds.length).toBeGreaterThan(0);
    const holds = await new RequestHoldsQueries().findOpenRequestsNaming(
      world.testApp.app.get(EntityManager).fork(),
      recordIds,
      today,
    );
    expect(new Set(holds.map((hold) => hold.recordId))).toEqual(new Set(recordIds));
    expect(holds.every((hold) => hold.kind === 'request')).toBe(true);

    const reconsidered = await releaseAndDeliver();
    expect(reconsidered.text).toContain(
      `Sektor Lärande har omprövat beslut ${firstLetter?.registrationNumber ?? ''} efter ditt överklagande`,
    );
    expect(reconsidered.current.filter((d) => d.kind === 'copy')).toHaveLength(1);
    await reviewer
      .post(`/api/v1/records-requests/${id}/appeals/${appeal?.id}/outcome`)
      .send({ outcome: 'lapsed', decidedOn: today })
      .expect(204);

    // A second appeal goes to the court, which changes the decision: the court's copy is made.
    await reviewer
      .post(`/api/v1/records-requests/${id}/appeals`)
      .send({ receivedOn: today })
      .expect(204);
    const second = (await get()).appeals[1];
    await reviewer
      .post(`/api/v1/records-requests/${id}/appeals/${second?.id}/forward`)
      .send({ forwardedOn: today, court: 'Kammarrätten i Göteborg' })
      .expect(204);
    // Forwarded and not yet answered: nothing to reopen for.
    await reviewer.post(`/api/v1/records-requests/${id}/appeals/${second?.id}/reopen`).expect(409);
    await reviewer
      .post(`/api/v1/records-requests/${id}/appeals/${second?.id}/outcome`)
      .send({ outcome: 'changed', decidedOn: today, reference: 'Mål nr 4321-26' })
      .expect(204);
    await reviewer.post(`/api/v1/records-requests/${id}/appeals/${second?.id}/reopen`).expect(204);
    const changed = await releaseAndDeliver();
    expect(changed.text).toContain(
      `Kammarrätten i Göteborg har ändrat beslut ${reconsidered.current.find((d) => d.kind !== 'copy')?.registrationNumber ?? ''} (Mål nr 4321-26)`,
    );
    const history = (await get()).history.map((event) => event.text);
    expect(history).toEqual(
      expect.arrayContaining([
        'Begäran öppnades för ett nytt beslut: omprövning efter överklagandet (förvaltningslagen 37–39 §§).',
        'Begäran öppnades för ett nytt beslut: domstolen ändrade beslutet.',
      ]),
    );
    const after = await reviewer.get(`/handlaggning/begaran/${id}`).expect(200);
    expect(after.text).toContain('ersatt av ett senare beslut');
    expect(after.text).toContain('Överklagandet förföll (beslutet ändrades vid omprövningen)');
  });

  it.each(['larare', 'rektor', 'mentor', 'vardnadshavare', 'elev', 'admin'] as const)(
    '%s reaches none of the reviewer’s routes (404)',
    async (username) => {
      const agent = await world.signIn(username);
      const item = detail.items[0];
      await agent.get('/api/v1/records-requests').expect(404);
      await agent.get(`/api/v1/records-requests/${requestId}`).expect(404);
      await agent.post(`/api/v1/records-requests/${requestId}/claim`).expect(404);
      await agent.get(`/api/v1/records-requests/${requestId}/items/${item?.id}/review`).expect(404);
      await agent
        .post(`/api/v1/records-requests/${requestId}/items/${item?.id}/decision`)
        .send({ decision: 'release', redactions: [], version: 0 })
        .expect(404);
      await agent
        .post(`/api/v1/records-requests/${requestId}/items/${item?.id}/preview`)
        .send({ redactions: [] })
        .expect(404);
      await agent
        .post(`/api/v1/records-requests/${requestId}/decisions/release`)
        .send({ items: [{ id: item?.id, version: 0 }] })
        .expect(404);
      await agent.post(`/api/v1/records-requests/${requestId}/complete`).expect(404);
    },
  );
});

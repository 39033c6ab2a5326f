import type { SMTPServer } from 'smtp-server';
import request from 'supertest';

import { stockholmToday } from '../../src/common/stockholm';
import { appealDeadline } from '../../src/requests/request-lifecycle';
import { csrfFrom, DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';
import { binaryBody } from '../support/binary-body';
import { extractPdfText } from '../support/pdf-text';
import { fileRequest, fileRequestFor, refuseAndDeliver } from '../support/requests';
import { freePort } from '../support/service-process';
import { Received, startSmtp } from '../support/smtp-inbox';
import { openStatusPage, RECEIPT_CODE_HEADER } from '../support/receipt-status';

/** A form on the status page, posted with the page's CSRF token. */
function statusForm(
  agent: ReturnType<typeof request.agent>,
  action: string,
  pageText: string,
  fields: Record<string, string>,
) {
  return agent
    .post(`/begaran/status/${action}`)
    .type('form')
    .send({ _csrf: csrfFrom(pageText), ...fields });
}

/**
 * What the requester does on the status page with the receipt code, no
 * account: answers the reviewer's question (page and API), told by e-mail
 * that there is one.
 */
describe('the requester on the status page: answering a question; requests closed without records', () => {
  let world: DemoWorld;
  let smtp: SMTPServer;
  const inbox: Received[] = [];

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtp(port, inbox);
    world = await startDemoWorld({
      withPlans: true,
      env: { SMTP_URL: `smtp://127.0.0.1:${port}` },
    });
  });

  afterAll(async () => {
    await world.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const ask = async (requestId: string, question: string) => {
    const reviewer = await world.signIn('granskare');
    await reviewer
      .post(`/api/v1/records-requests/${requestId}/clarification`)
      .send({ question })
      .expect(204);
    return reviewer;
  };

  it('answers on the status page: the question goes, the answer is a note and an event, the decision date moves', async () => {
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-5', {
      contactEmail: 'fragan@example.se',
    });
    const question = 'Gäller din begäran även planerna från förra läsåret?';
    const reviewer = await ask(filed.id, question);

    // The e-mail says there is a question and where to answer it, not the question itself.
    const mail = await eventually(
      () =>
        Promise.resolve(
          inbox.find((m) => m.to === 'fragan@example.se' && m.text.includes('En fråga om')),
        ),
      'the e-mail about the question',
    );
    expect(mail.text).toContain(filed.registrationNumber);
    expect(mail.text).toContain('/begaran/status');
    expect(mail.text).not.toContain('förra läsåret');

    const requester = request.agent(world.testApp.app.getHttpServer());
    const statusUrl = '/begaran/status';
    const page = await openStatusPage(requester, filed.receiptCode);
    expect(page.text).toContain(question);
    expect(page.text).toContain('name="svar"');
    // The page holds the request in the session: the code is in no form, link or URL of it.
    expect(page.text).not.toContain(filed.receiptCode);

    // An empty answer: the same page, the problem at the box, nothing changed.
    const empty = await statusForm(requester, 'svar', page.text, {
      svar: '   ',
    }).expect(400);
    expect(empty.text).toContain('Skriv ditt svar på frågan.');
    expect(empty.text).toContain('aria-invalid="true"');
    expect(empty.text).toContain(question);

    const answer = 'Ja, båda läsåren <b>tack</b>.';
    const answered = await statusForm(requester, 'svar', empty.text, {
      svar: answer,
    }).expect(303);
    expect(answered.headers.location).toBe(`${statusUrl}?svarat=1`);
    const after = await requester.get(answered.headers.location ?? '').expect(200);
    expect(after.text).toContain('Tack för ditt svar');
    expect(after.text).not.toContain(question);
    expect(after.text).not.toContain('name="svar"');

    const detail = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
      .body as {
      status: string;
      clarificationQuestion: string | null;
      notes: { author: string | null; text: string }[];
      history: { kind: string; text: string }[];
    };
    expect(detail.status).toBe('in_review');
    expect(detail.clarificationQuestion).toBeNull();
    expect(detail.notes.map((note) => note.text)).toContain(
      `Svar från den som begärt handlingarna (via statussidan): ${answer}`,
    );
    expect(detail.history.map((event) => event.kind)).toContain('clarification_received');
    expect(detail.history.find((event) => event.kind === 'clarification_received')?.text).toMatch(
      /^Svar kom via statussidan efter 0 arbetsdagar; beslut senast \d{4}-\d{2}-\d{2}\.$/,
    );
    // The reviewer's page shows the answer escaped.
    const reviewPage = await reviewer.get(`/handlaggning/begaran/${filed.id}`).expect(200);
    expect(reviewPage.text).toContain('Ja, båda läsåren &lt;b&gt;tack&lt;/b&gt;.');

    // Audited, with no account or person: the requester is anonymous.
    const [audit] = await query(
      world.testApp,
      `select actor_account_id, actor_person_id from audit_entry
        where action = 'records_request.clarification_received' and target_id = $1`,
      [filed.id],
    );
    expect(audit).toEqual({ actor_account_id: null, actor_person_id: null });

    // Answering again: nothing is waited for.
    const again = await world.testApp
      .http()
      .post('/api/v1/records-requests/status/clarification-answer')
      .set(RECEIPT_CODE_HEADER, filed.receiptCode)
      .send({ answer: 'Ett svar till.' })
      .expect(409);
    expect(again.body.error.message).toContain('väntar inte på något svar från dig');
  });

  it('answers through the API by receipt code; a wrong code or a bad body is refused with the stable shape', async () => {
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-5');
    await ask(filed.id, 'Vilken skola gäller det?');
    const api = (code: string) =>
      world.testApp
        .http()
        .post('/api/v1/records-requests/status/clarification-answer')
        .set(RECEIPT_CODE_HEADER, code);

    const unknown = await api('ZZZZ-ZZZZ-ZZZZ').send({ answer: 'Björkskolan.' }).expect(404);
    expect(unknown.body.error.message).toContain('Det finns ingen begäran med den koden');
    const notText = await api(filed.receiptCode).send({ answer: 42 }).expect(400);
    expect(JSON.stringify(notText.body)).toContain('måste vara text');
    const tooLong = await api(filed.receiptCode)
      .send({ answer: 'x'.repeat(4001) })
      .expect(400);
    expect(JSON.stringify(tooLong.body)).toContain('högst 4000 tecken');

    await api(filed.receiptCode).send({ answer: 'Björkskolan.' }).expect(204);
    const status = await world.testApp
      .http()
      .get('/api/v1/records-requests/status')
      .set(RECEIPT_CODE_HEADER, filed.receiptCode)
      .expect(200);
    expect(status.body.status).toBe('in_review');
    expect(status.body.clarificationQuestion).toBeNull();
  });

  /** A request naming a pupil the directory does not know: its first steps find nothing. */
  const fileForNobody = (extra: Record<string, string> = {}) =>
    fileRequest(world, {
      description: 'Utvecklingsplanerna för en elev som gick här på 1990-talet.',
      pupilName: 'Ingrid Okändsdotter',
      delivery: 'electronic',
      ...extra,
    });

  /** The text of the request's letter as the requester downloads it with the receipt code. */
  const letterThroughStatusPage = async (receiptCode: string, title: string) => {
    const code = encodeURIComponent(receiptCode);
    const link = await world.testApp
      .http()
      .post('/api/v1/records-requests/status/download-link')
      .set(RECEIPT_CODE_HEADER, code)
      .expect(201);
    const path = new URL(String(link.body.url)).pathname;
    const downloads = await world.testApp.http().get(path).expect(200);
    const found = new RegExp(`${path}/([0-9a-f-]{36})"[^>]*>${title}`).exec(downloads.text);
    expect(found).not.toBeNull();
    const pdf = await binaryBody(world.testApp.http().get(`${path}/${found?.[1] ?? ''}`)).expect(
      200,
    );
    return (await extractPdfText(pdf.body as Buffer)).pages.join('\n').replace(/\s+/g, ' ');
  };

  it('closes a request that matches no record with an appealable decision that it does not exist here', async () => {
    const filed = await fileForNobody({ contactEmail: 'ingen-handling@example.se' });
    const reviewer = await world.signIn('granskare');
    const close = (body: object) =>
      reviewer.post(`/api/v1/records-requests/${filed.id}/close`).send(body);
    // Bad bodies: no kind, a forwarding without its authority.
    await close({}).expect(400);
    const noAuthority = await close({ closure: 'forwarded' }).expect(400);
    expect(JSON.stringify(noAuthority.body)).toContain('Ange vilken myndighet');
    // A request with records is decided on them instead.
    const withRecords = await fileRequestFor(world, 'demo:person:pupil-4-5');
    const refused = await reviewer
      .post(`/api/v1/records-requests/${withRecords.id}/close`)
      .send({ closure: 'no_record' })
      .expect(409);
    expect(refused.body.error.message).toContain('Begäran har handlingar');

    await close({
      closure: 'no_record',
      reasons: 'Vi har sökt i registret över utvecklingsplaner från 1990 och framåt.',
    }).expect(204);
    await close({ closure: 'no_record' }).expect(409);
    const detail = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
      .body as {
      status: string;
      statusLabel: string;
      assignee: { name: string } | null;
      closure: { kind: string; reasons: string };
      history: { kind: string; text: string }[];
    };
    expect(detail.status).toBe('decided');
    expect(detail.assignee?.name).toBeTruthy();
    expect(detail.statusLabel).toBe('Avslutad – handlingen finns inte');
    expect(detail.closure).toEqual(expect.objectContaining({ kind: 'no_record' }));
    expect(detail.history.find((event) => event.kind === 'closed_no_record')?.text).toMatch(
      /^Begäran avslutades: handlingen finns inte hos Sektor Lärande \(beslut BES-\d{4}-\d{5}, kan överklagas\)\.$/,
    );
    const mail = await eventually(
      () =>
        Promise.resolve(
          inbox.find((m) => m.to === 'ingen-handling@example.se' && m.text.includes('finns inte')),
        ),
      'the e-mail about the decision',
    );
    expect(mail.text).toContain('tre veckor');

    // The letter goes out as any decision does; the requester reads it through the status page.
    const page = await reviewer.get(`/handlaggning/begaran/${filed.id}`).expect(200);
    expect(page.text).toContain('Gör brevet tillgängligt för nedladdning');
    await reviewer.post(`/api/v1/records-requests/${filed.id}/deliver`).send({}).expect(204);
    const letter = await letterThroughStatusPage(filed.receiptCode, 'Beslut om');
    expect(letter).toContain(
      'avslår begäran, eftersom den handling du begärt inte finns hos Sektor Lärande',
    );
    expect(letter).toContain(
      'Vi har sökt i registret över utvecklingsplaner från 1990 och framåt.',
    );
    expect(letter).toContain('Hur man överklagar');
    expect(letter).toContain('Inga kopior lämnas ut');
    const status = await world.testApp
      .http()
      .get('/api/v1/records-requests/status')
      .set(RECEIPT_CODE_HEADER, filed.receiptCode)
      .expect(200);
    expect(status.body).toMatchObject({
      statusLabel: 'Avslutad – handlingen finns inte',
      closure: { kind: 'no_record', forwardedTo: null },
      appeal: { day: appealDeadline(stockholmToday(new Date())) },
    });
    // It can be appealed like any refusal.
    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/appeals`)
      .send({ receivedOn: stockholmToday(new Date()) })
      .expect(204);
  });

  it('forwards a request to the authority that holds the record, from the request page, with a letter and no appeal', async () => {
    const filed = await fileForNobody();
    const reviewer = await world.signIn('granskare');
    const page = await reviewer.get(`/handlaggning/begaran/${filed.id}`).expect(200);
    expect(page.text).toContain('Avsluta begäran utan handlingar');
    const closed = await reviewer
      .post(`/handlaggning/begaran/${filed.id}/avsluta`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        closure: 'forwarded',
        forwardedTo: 'Friskolan Kunskapsträdet AB',
        reasons: '',
      })
      .expect(303);
    const after = await reviewer.get(closed.headers.location ?? '').expect(200);
    expect(after.text).toContain('Begäran är avslutad.');
    expect(after.text).toContain('den lämnades över till Friskolan Kunskapsträdet AB');
    expect(after.text).not.toContain('Avsluta begäran utan handlingar');
    await reviewer.post(`/api/v1/records-requests/${filed.id}/deliver`).send({}).expect(204);
    const letter = await letterThroughStatusPage(
      filed.receiptCode,
      'Begäran om allmänna handlingar har lämnats över',
    );
    expect(letter).toContain('utan hos Friskolan Kunskapsträdet AB');
    expect(letter).not.toContain('överklaga');
    const status = await openStatusPage(
      request.agent(world.testApp.app.getHttpServer()),
      filed.receiptCode,
    );
    expect(status.text).toContain('Avslutad – överlämnad till en annan myndighet');
    expect(status.text).toContain('Friskolan Kunskapsträdet AB');
    expect(status.text).not.toContain('Om du vill överklaga');
    // Forwarding decides nothing here: there is nothing to appeal.
    const appeal = await reviewer
      .post(`/api/v1/records-requests/${filed.id}/appeals`)
      .send({ receivedOn: stockholmToday(new Date()) })
      .expect(409);
    expect(appeal.body.error.message).toContain('lämnades över till Friskolan Kunskapsträdet AB');
  });

  it('appeals on the status page: registered today with the reasons, the reviewer told; the API refuses what cannot be appealed', async () => {
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-5');
    const reviewer = await world.signIn('granskare');
    const appealApi = (receiptCode: string, body: object) =>
      world.testApp
        .http()
        .post('/api/v1/records-requests/status/appeal')
        .set(RECEIPT_CODE_HEADER, receiptCode)
        .send(body);
    // Nothing delivered yet: nothing to appeal.
    const early = await appealApi(filed.receiptCode, { reasons: 'För tidigt.' }).expect(409);
    expect(early.body.error.message).toBe('Det finns inget utlämnat beslut att överklaga ännu.');
    await refuseAndDeliver(reviewer, filed.id);
    await appealApi('ZZZZ-ZZZZ-ZZZZ', { reasons: 'Fel kod.' }).expect(404);
    await appealApi(filed.receiptCode, { reasons: 42 }).expect(400);

    const requester = request.agent(world.testApp.app.getHttpServer());
    const statusUrl = '/begaran/status';
    const page = await openStatusPage(requester, filed.receiptCode);
    expect(page.text).toContain('name="skal"');
    const empty = await statusForm(requester, 'overklaga', page.text, {
      skal: ' ',
    }).expect(400);
    expect(empty.text).toContain('Skriv hur du vill att beslutet ska ändras och varför.');
    expect(empty.text).toContain('aria-invalid="true"');
    const reasons = 'Jag vill ha ut planen; uppgifterna gäller <i>mitt</i> barn.';
    const appealed = await statusForm(requester, 'overklaga', empty.text, {
      skal: reasons,
    }).expect(303);
    expect(appealed.headers.location).toBe(statusUrl);
    const after = await requester.get(statusUrl).expect(200);
    const today = stockholmToday(new Date());
    expect(after.text).toContain(`Ditt överklagande kom in ${today}.`);

    // The reviewers are told (opening the request marks it read); audited with no actor.
    const notices = (await reviewer.get('/api/v1/records-requests/notifications').expect(200))
      .body as { requestId: string; text: string }[];
    expect(notices).toContainEqual(
      expect.objectContaining({ requestId: filed.id, text: 'Nytt överklagande via statussidan' }),
    );
    const detail = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
      .body as {
      appeals: { receivedOn: string; inTime: boolean; note: string | null }[];
      history: { kind: string; text: string }[];
    };
    expect(detail.appeals).toEqual([
      expect.objectContaining({
        receivedOn: today,
        inTime: true,
        note: `Via statussidan: ${reasons}`,
      }),
    ]);
    expect(detail.history.find((event) => event.kind === 'appeal_received')?.text).toContain(
      'Ett överklagande kom in via statussidan',
    );
    const reviewPage = await reviewer.get(`/handlaggning/begaran/${filed.id}`).expect(200);
    expect(reviewPage.text).toContain('&lt;i&gt;mitt&lt;/i&gt;');
    const [audit] = await query(
      world.testApp,
      `select actor_account_id from audit_entry
        where action = 'records_request.appeal_received' and target_id = $1`,
      [filed.id],
    );
    expect(audit).toEqual({ actor_account_id: null });
    // A second appeal through the API is registered too (the requester may add to it).
    await appealApi(filed.receiptCode, { reasons: 'Ett tillägg.' }).expect(204);
  });
});

describe('the requester on the status page: withdrawing', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
  });

  afterAll(async () => {
    await world.close();
  });

  it('withdraws after confirming: the request closes as withdrawn, audited, and nothing more can happen', async () => {
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-5');
    const requester = request.agent(world.testApp.app.getHttpServer());
    const statusUrl = '/begaran/status';
    const page = await openStatusPage(requester, filed.receiptCode);
    expect(page.text).toContain('Återkalla begäran');

    // Without the confirmation: refused at the box, nothing changed.
    const unconfirmed = await statusForm(requester, 'aterkalla', page.text, {}).expect(400);
    expect(unconfirmed.text).toContain('Kryssa i rutan för att bekräfta');
    expect(unconfirmed.text).toContain('aria-invalid="true"');

    const withdrawn = await statusForm(requester, 'aterkalla', unconfirmed.text, {
      bekrafta: 'ja',
    }).expect(303);
    expect(withdrawn.headers.location).toBe(statusUrl);
    const after = await requester.get(statusUrl).expect(200);
    expect(after.text).toContain('Återkallad');
    expect(after.text).toContain('Inga handlingar lämnas ut');
    expect(after.text).not.toContain('name="bekrafta"');

    const reviewer = await world.signIn('granskare');
    const detail = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
      .body as { status: string; statusLabel: string; history: { kind: string; text: string }[] };
    expect(detail.status).toBe('withdrawn');
    expect(detail.statusLabel).toBe('Återkallad av den som begär');
    expect(detail.history.find((event) => event.kind === 'withdrawn')?.text).toBe(
      'Den som begärt handlingarna återkallade begäran på statussidan; den är avslutad.',
    );
    const [row] = await query(
      world.testApp,
      'select closed_at is not null as closed from records_request where id = $1',
      [filed.id],
    );
    expect(row?.closed).toBe(true);
    const [audit] = await query(
      world.testApp,
      `select actor_account_id from audit_entry
        where action = 'records_request.withdrawn' and target_id = $1`,
      [filed.id],
    );
    expect(audit).toEqual({ actor_account_id: null });

    // Closed: the reviewer can no longer act on it, nor the requester withdraw it again.
    await reviewer.post(`/api/v1/records-requests/${filed.id}/claim`).expect(409);
    const again = await world.testApp
      .http()
      .post('/api/v1/records-requests/status/withdraw')
      .set(RECEIPT_CODE_HEADER, filed.receiptCode)
      .expect(409);
    expect(again.body.error.message).toContain('kan inte återkallas');
    // The queue's filter finds it among the withdrawn.
    const queue = (await reviewer.get('/api/v1/records-requests?status=withdrawn').expect(200))
      .body as { rows: { registrationNumber: string }[] };
    expect(queue.rows.map((row) => row.registrationNumber)).toContain(filed.registrationNumber);
  });

  it('counts the three weeks to appeal an electronic decision from its first download', async () => {
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-5');
    const reviewer = await world.signIn('granskare');
    await refuseAndDeliver(reviewer, filed.id);
    const code = encodeURIComponent(filed.receiptCode);
    const statusOf = async () =>
      (
        await world.testApp
          .http()
          .get('/api/v1/records-requests/status')
          .set(RECEIPT_CODE_HEADER, code)
          .expect(200)
      ).body as { appeal: { day?: string; fromDownload?: boolean } | null };

    // Not yet downloaded: the three weeks have not begun.
    expect((await statusOf()).appeal).toEqual({ fromDownload: true });
    const requester = request.agent(world.testApp.app.getHttpServer());
    const page = await openStatusPage(requester, filed.receiptCode);
    expect(page.text).toContain('inom tre veckor från den dag du hämtar beslutet');

    // The requester fetches the decision through a link: that day starts the three weeks.
    const link = await world.testApp
      .http()
      .post('/api/v1/records-requests/status/download-link')
      .set(RECEIPT_CODE_HEADER, code)
      .expect(201);
    const path = new URL(String(link.body.url)).pathname;
    const downloads = await world.testApp.http().get(path).expect(200);
    const letter = new RegExp(`${path}/([0-9a-f-]{36})"[^>]*>Beslut om`).exec(downloads.text);
    expect(letter).not.toBeNull();
    await world.testApp
      .http()
      .get(`${path}/${letter?.[1] ?? ''}`)
      .expect(200);
    const deadline = appealDeadline(stockholmToday(new Date()));
    expect((await statusOf()).appeal).toEqual({ day: deadline });
    const after = await requester.get('/begaran/status').expect(200);
    expect(after.text).toContain(`senast <strong>${deadline}</strong>`);

    // An appeal registered today is in time, with that deadline.
    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/appeals`)
      .send({ receivedOn: stockholmToday(new Date()) })
      .expect(204);
    const appealed = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
      .body as { appeals: { deadline: string; inTime: boolean }[] };
    expect(appealed.appeals).toEqual([expect.objectContaining({ deadline, inTime: true })]);
  });

  it('keeps one working download link per request, and only a few per delivery: then Sektor Lärande helps', async () => {
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-5');
    const reviewer = await world.signIn('granskare');
    await refuseAndDeliver(reviewer, filed.id);
    const http = () => world.testApp.http();
    const newLink = () =>
      http()
        .post('/api/v1/records-requests/status/download-link')
        .set(RECEIPT_CODE_HEADER, filed.receiptCode);
    const pathOf = (response: { body: { url?: unknown } }) =>
      new URL(String(response.body.url)).pathname;

    const first = pathOf(await newLink().expect(201));
    await http().get(first).expect(200);
    const second = pathOf(await newLink().expect(201));
    // The new link replaced the first: it opens nothing any more.
    const replaced = await http().get(first).set('Accept', 'text/html').expect(410);
    expect(replaced.text).toContain('ersatts av en nyare länk');
    await http().get(second).expect(200);

    // On the status page the same: the third link (DOWNLOAD_LINK_MAX_PER_REQUEST, 3) ends the second.
    const requester = request.agent(world.testApp.app.getHttpServer());
    const page = await openStatusPage(requester, filed.receiptCode);
    expect(page.text).toContain('En ny länk ersätter den du fått tidigare');
    const made = await requester
      .post('/begaran/hamta')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    const third = made.headers.location ?? '';
    expect(third).toMatch(/^\/begaran\/hamta\/[A-Za-z0-9_-]{43}$/);
    await http().get(second).expect(410);
    await http().get(third).expect(200);

    // No fourth: the page and the API say to contact Sektor Lärande, with the request's number.
    const capped = await requester
      .post('/begaran/hamta')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(409);
    expect(capped.text).toContain('Kontakta Sektor Lärande');
    expect(capped.text).toContain(filed.registrationNumber);
    const refused = await newLink().expect(409);
    expect(refused.body.error).toMatchObject({ code: 'INVALID_STATE' });
    expect(refused.body.error.message).toContain('Kontakta Sektor Lärande');
    // A refused link replaces nothing: the third still works.
    await http().get(third).expect(200);

    const audited = await query(
      world.testApp,
      `select details->>'madeBy' as made_by, (details->>'replacedLinks')::int as replaced
         from audit_entry where action = 'records_request.download_link.created' and target_id = $1
        order by id`,
      [filed.id],
    );
    expect(audited).toEqual([
      { made_by: 'requester', replaced: 0 },
      { made_by: 'requester', replaced: 1 },
      { made_by: 'requester', replaced: 1 },
    ]);
  });

  it('withdraws through the API until the decision; a decided request cannot be withdrawn', async () => {
    const filed = await fileRequestFor(world, 'demo:person:pupil-4-5');
    const withdraw = (code: string) =>
      world.testApp
        .http()
        .post('/api/v1/records-requests/status/withdraw')
        .set(RECEIPT_CODE_HEADER, code);
    await withdraw('ZZZZ-ZZZZ-ZZZZ').expect(404);
    await withdraw(filed.receiptCode).expect(204);
    const status = await world.testApp
      .http()
      .get('/api/v1/records-requests/status')
      .set(RECEIPT_CODE_HEADER, filed.receiptCode)
      .expect(200);
    expect(status.body.status).toBe('withdrawn');
    // The demo's decided request (DEMA-0000-0005).
    await withdraw('DEMA-0000-0005').expect(409);
  });
});

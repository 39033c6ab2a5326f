import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { stockholmToday } from '../../src/common/stockholm';
import { RequestDeadlinesService } from '../../src/requests/request-deadlines.service';
import { firstActionAlerts, forwardDue } from '../../src/requests/request-lifecycle';
import { REQUESTS_QUEUE } from '../../src/queue/queue-names';
import { clockJobId, type ClockPayload } from '../../src/requests/requests.jobs';
import { addDays, addWorkingDays } from '../../src/requests/working-days';
import { binaryBody } from '../support/binary-body';
import { csrfFrom, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { extractPdfText } from '../support/pdf-text';
import { fileRequestFor, refuseAndDeliver } from '../support/requests';
import { openStatusPage, RECEIPT_CODE_HEADER } from '../support/receipt-status';

const PUPIL = 'demo:person:pupil-4-5';
const ENV = {
  REQUEST_ESCALATION_TO: 'teamledare',
  REQUEST_FIRST_ACTION_REMINDER_HOUR: '13',
  APPEAL_FORWARD_WORKING_DAYS: '1',
};

interface Item {
  id: string;
  kind: string;
  version: number;
  registrationNumber: string | null;
  decision: string | null;
  deliveredOn: string | null;
}

interface Detail {
  items: Item[];
  appeals: { id: string; forwardDue: string | null; forwardOverdue: boolean }[];
  history: { kind: string; text: string }[];
}

interface Status {
  status: string;
  canDownload: boolean;
  partDelivery: {
    delivered: { title: string; deliveredOn: string }[];
    underReview: string[];
  } | null;
}

/**
 * Records released in batches ahead of the decision (DOMAIN.md: "in batches
 * as each is reviewed"), and the clocks beside the decision's: the same-day
 * first action and an appeal's forwarding to the court without delay, each
 * with a reminder and an escalation; the first action in the reports.
 */
describe('batches ahead of the decision, and the first action’s and the forwarding’s clocks', () => {
  let world: DemoWorld;
  let reviewer: TestAgent;
  const today = stockholmToday(new Date());

  const load = async (id: string): Promise<Detail> =>
    (await reviewer.get(`/api/v1/records-requests/${id}`).expect(200)).body as Detail;
  const status = async (code: string): Promise<Status> =>
    (
      await world.testApp
        .http()
        .get('/api/v1/records-requests/status')
        .set(RECEIPT_CODE_HEADER, code)
        .expect(200)
    ).body as Status;

  /** A request naming the pupil with at least two records: another pupil's added when needed. */
  async function requestWithTwoRecords(extra: Record<string, string> = {}) {
    const filed = await fileRequestFor(world, PUPIL, extra);
    let records = (await load(filed.id)).items.filter((item) => item.kind === 'record');
    if (records.length < 2) {
      const [other] = await query(
        world.testApp,
        `select registration_number from public_record
          where registration_number <> all($1::text[]) order by registration_number limit 1`,
        [records.map((item) => item.registrationNumber ?? '')],
      );
      await reviewer
        .post(`/api/v1/records-requests/${filed.id}/items`)
        .send({ registrationNumber: String(other?.registration_number) })
        .expect(204);
      records = (await load(filed.id)).items.filter((item) => item.kind === 'record');
    }
    return { filed, records };
  }

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true, env: ENV });
    reviewer = await world.signIn('granskare');
  });

  afterAll(async () => {
    await world.close();
  });

  it('releases the records decided in full before the rest, and the decision keeps and lists them', async () => {
    const { filed, records } = await requestWithTwoRecords({ contactEmail: 'omgang@example.se' });
    const [first] = records as [Item, Item, ...Item[]];
    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/items/${first.id}/decision`)
      .send({ decision: 'release', redactions: [], version: first.version })
      .expect(204);
    expect((await status(filed.receiptCode)).canDownload).toBe(false);
    await world.testApp
      .http()
      .post('/api/v1/records-requests/status/download-link')
      .set(RECEIPT_CODE_HEADER, filed.receiptCode)
      .expect(404);

    const sent = await reviewer
      .post(`/api/v1/records-requests/${filed.id}/deliver-part`)
      .expect(200);
    expect(sent.body).toEqual({ delivered: 1 });
    // Nothing more to send; and the released record's decision cannot be changed now.
    const again = await reviewer
      .post(`/api/v1/records-requests/${filed.id}/deliver-part`)
      .expect(409);
    expect(again.body.error.message).toContain('Ingen handling är beslutad att lämnas ut');
    const item = (await load(filed.id)).items.find((each) => each.id === first.id);
    expect(item?.deliveredOn).toBe(today);
    const changed = await reviewer
      .post(`/api/v1/records-requests/${filed.id}/items/${first.id}/decision`)
      .send({
        decision: 'refuse',
        refusalGround: 'OSL 23 kap. 2 §',
        reasons: 'Ändrat mig.',
        redactions: [],
        version: item?.version ?? 0,
      })
      .expect(409);
    expect(changed.body.error.message).toContain('Ett utlämnande kan inte göras ogjort');

    // The requester: told by e-mail, sees what went and what is still under review, fetches it.
    const [mail] = await query(
      world.testApp,
      "select to_address, subject from email_outbox where kind = 'part_delivery' and request_id = $1",
      [filed.id],
    );
    expect(mail).toMatchObject({ to_address: 'omgang@example.se' });
    expect(String(mail?.subject)).toContain(filed.registrationNumber);
    const partly = await status(filed.receiptCode);
    expect(partly.status).toBe('in_review');
    expect(partly.canDownload).toBe(true);
    // Every record not yet out is named, the drafts as drafts.
    const pending = partly.partDelivery?.underReview.join(' ') ?? '';
    for (const record of records.slice(1)) {
      expect(pending).toContain(record.registrationNumber);
    }
    expect(pending).not.toContain(first.registrationNumber);
    expect(partly.partDelivery?.delivered).toEqual([
      { title: expect.stringContaining(first.registrationNumber ?? '?'), deliveredOn: today },
    ]);
    const page = await openStatusPage(
      request.agent(world.testApp.app.getHttpServer()),
      filed.receiptCode,
    );
    expect(page.text).toContain('Utlämnat hittills');
    expect(page.text).toContain('Hämta de utlämnade kopiorna');
    expect(page.text).toContain('Prövas fortfarande');

    const link = await world.testApp
      .http()
      .post('/api/v1/records-requests/status/download-link')
      .set(RECEIPT_CODE_HEADER, filed.receiptCode)
      .expect(201);
    const path = new URL(link.body.url as string).pathname;
    const listing = await world.testApp.http().get(path).expect(200);
    const hrefs = [
      ...listing.text.matchAll(/href="(\/begaran\/hamta\/[^"]+\/[0-9a-f-]{36})"/g),
    ].map((match) => match[1] ?? '');
    expect(hrefs).toHaveLength(1);
    const copy = await binaryBody(world.testApp.http().get(hrefs[0] ?? '')).expect(200);
    const copyText = (await extractPdfText(copy.body as Buffer)).pages.join('\n');
    expect(copyText).toContain(first.registrationNumber ?? '?');

    // The rest decided: the decision letter lists the early one as released already, keeps its
    // copy (not drawn twice) and names its SHA-256 in the decision's audit entry.
    for (const rest of records.slice(1)) {
      await reviewer
        .post(`/api/v1/records-requests/${filed.id}/items/${rest.id}/decision`)
        .send({
          decision: 'refuse',
          refusalGround: 'OSL 23 kap. 2 §',
          reasons: 'Uppgifter om elevhälsans insatser.',
          redactions: [],
          version: rest.version,
        })
        .expect(204);
    }
    for (const draft of (await load(filed.id)).items.filter((each) => each.kind === 'draft')) {
      await reviewer
        .post(`/api/v1/records-requests/${filed.id}/items/${draft.id}/decision`)
        .send({ decision: 'no_public_record', redactions: [], version: draft.version })
        .expect(204);
    }
    await reviewer.post(`/api/v1/records-requests/${filed.id}/complete`).expect(204);
    const documents = (
      await reviewer.get(`/api/v1/records-requests/${filed.id}/documents`).expect(200)
    ).body as { id: string; kind: string }[];
    expect(documents.filter((document) => document.kind === 'copy')).toHaveLength(1);
    const letter = documents.find((document) => document.kind === 'decision_letter');
    const letterPdf = await binaryBody(
      reviewer.get(`/api/v1/records-requests/${filed.id}/documents/${letter?.id}`),
    ).expect(200);
    const letterText = (await extractPdfText(letterPdf.body as Buffer)).pages.join('\n');
    expect(letterText.replace(/\s+/g, ' ')).toContain(`${first.registrationNumber}`);
    expect(letterText.replace(/\s+/g, ' ')).toContain(`Lämnas ut (utlämnad redan ${today})`);
    expect(letterText).toContain('Hur man överklagar');
    const [decided] = await query(
      world.testApp,
      `select details from audit_entry where action = 'records_request.decided' and target_id = $1`,
      [filed.id],
    );
    const [hash] = await query(
      world.testApp,
      `select encode(sha256(content), 'hex') as sha256 from records_request_document
        where request_id = $1 and kind = 'copy'`,
      [filed.id],
    );
    expect((decided?.details as { copiesSha256: string }).copiesSha256).toBe(hash?.sha256);
    // Decided, not yet delivered: the link still hands out only the early copy.
    const before = await world.testApp.http().get(path).expect(200);
    expect([
      ...before.text.matchAll(/href="\/begaran\/hamta\/[^"]+\/[0-9a-f-]{36}"/g),
    ]).toHaveLength(1);
    await reviewer.post(`/api/v1/records-requests/${filed.id}/deliver`).expect(204);
    // The delivery's e-mail brought a new link, which replaced the one made for the batch; a link
    // made now from the status hands out the letter and the copy.
    await world.testApp.http().get(path).expect(410);
    const fresh = await world.testApp
      .http()
      .post('/api/v1/records-requests/status/download-link')
      .set(RECEIPT_CODE_HEADER, filed.receiptCode)
      .expect(201);
    const after = await world.testApp
      .http()
      .get(new URL(fresh.body.url as string).pathname)
      .expect(200);
    expect([...after.text.matchAll(/href="\/begaran\/hamta\/[^"]+\/[0-9a-f-]{36}"/g)]).toHaveLength(
      2,
    );
    expect((await status(filed.receiptCode)).partDelivery).toBeNull();
    expect((await load(filed.id)).history.map((event) => event.text)).toContain(
      `Utlämnat före beslutet, i sin helhet: 1 handling (${first.registrationNumber}).`,
    );
  });

  it('from the request page; only electronic copies, only by a reviewer', async () => {
    const { filed, records } = await requestWithTwoRecords();
    const [first] = records as [Item, ...Item[]];
    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/items/${first.id}/decision`)
      .send({ decision: 'release', redactions: [], version: first.version })
      .expect(204);
    const page = await reviewer.get(`/handlaggning/begaran/${filed.id}`).expect(200);
    expect(page.text).toContain('Lämna ut de färdigprövade nu');
    const mentor = await world.signIn('mentor');
    await mentor.post(`/api/v1/records-requests/${filed.id}/deliver-part`).expect(404);
    await reviewer
      .post(`/handlaggning/begaran/${filed.id}/utlamna-del`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    const shown = await reviewer.get(`/handlaggning/begaran/${filed.id}`).expect(200);
    expect(shown.text).toContain('De handlingar som lämnas ut i sin helhet är utlämnade');
    expect(shown.text).toContain(`Utlämnad ${today}`);
    expect(shown.text).not.toContain('Lämna ut de färdigprövade nu');

    const paper = await requestWithTwoRecords({
      delivery: 'paper',
      postalAddress: 'Box 12\n443 30 Lerum',
    });
    const [paperFirst] = paper.records as [Item, ...Item[]];
    await reviewer
      .post(`/api/v1/records-requests/${paper.filed.id}/items/${paperFirst.id}/decision`)
      .send({ decision: 'release', redactions: [], version: paperFirst.version })
      .expect(204);
    const refused = await reviewer
      .post(`/api/v1/records-requests/${paper.filed.id}/deliver-part`)
      .expect(409);
    expect(refused.body.error.message).toContain('Papperskopior skickas samlat med beslutet');
    await reviewer.post(`/api/v1/records-requests/not-a-uuid/deliver-part`).expect(404);
  });

  it('the first action: scheduled with the request, escalated to the team lead when nobody acted, moot once someone did', async () => {
    const filed = await fileRequestFor(world, PUPIL);
    const [row] = await query(
      world.testApp,
      'select first_action_due::text as due, received_at from records_request where id = $1',
      [filed.id],
    );
    const due = String(row?.due);
    const queue = world.testApp.app.get<Queue>(getQueueToken(REQUESTS_QUEUE));
    const payload: ClockPayload = {
      clock: 'first_action',
      requestId: filed.id,
      appealId: null,
      due,
    };
    const expected = firstActionAlerts(due, new Date(row?.received_at as string), {
      reminderHour: 13,
      escalationHour: 8,
    });
    const escalationJob = await queue.getJob(clockJobId('escalation', payload));
    expect(await escalationJob?.getState()).toBe('delayed');
    const reminderJob = await queue.getJob(clockJobId('reminder', payload));
    // Came in after the reminder hour: no reminder (the new-request notice is fresh).
    expect(reminderJob === undefined).toBe(expected.reminderAt === null);

    // Make it overdue: a reminder whose day has passed is moot, the escalation goes once.
    const past = addWorkingDays(addDays(today, -10), 0);
    await query(world.testApp, 'update records_request set first_action_due = $1 where id = $2', [
      past,
      filed.id,
    ]);
    const deadlines = world.testApp.app.get(RequestDeadlinesService);
    const late: ClockPayload = { ...payload, due: past };
    expect(await deadlines.runClock('reminder', late)).toBe(false);
    expect(await deadlines.runClock('escalation', late)).toBe(true);
    expect(await deadlines.runClock('escalation', late)).toBe(false);
    const told = await query(
      world.testApp,
      `select a.username from staff_notification n join account a on a.id = n.account_id
        where n.request_id = $1 and n.kind = 'first_action_escalation'`,
      [filed.id],
    );
    expect(told).toEqual([{ username: 'teamledare' }]);
    const [audited] = await query(
      world.testApp,
      "select count(*)::int as n from audit_entry where target_id = $1 and action = 'records_request.first_action_escalated'",
      [filed.id],
    );
    expect(audited?.n).toBe(1);
    expect((await load(filed.id)).history.map((event) => event.text)).toContain(
      `Försenad: ingen åtgärd senast ${past}; teamledaren aviserades (1).`,
    );
    const lead = await world.signIn('teamledare');
    const queuePage = await lead.get('/handlaggning').expect(200);
    expect(queuePage.text).toContain('Försenad: ingen har påbörjat begäran');

    // Someone acts: a later alert of the same clock is moot.
    await reviewer.post(`/api/v1/records-requests/${filed.id}/claim`).expect(204);
    await query(
      world.testApp,
      "delete from records_request_event where request_id = $1 and kind = 'first_action_escalated'",
      [filed.id],
    );
    expect(await deadlines.runClock('escalation', late)).toBe(false);

    // The reports count it: late, as it was acted on after its day.
    const month = today.slice(0, 7);
    const report = (
      await reviewer.get(`/api/v1/records-requests/reports?from=${month}&to=${month}`).expect(200)
    ).body as { total: { firstActionOnTime: number; firstActionLate: number } };
    expect(report.total.firstActionLate).toBeGreaterThanOrEqual(1);
    expect(typeof report.total.firstActionOnTime).toBe('number');
    const reports = await reviewer.get('/handlaggning/rapporter').expect(200);
    expect(reports.text).toContain('Påbörjade samma dag');
    expect(reports.text).toContain('Påbörjade för sent');
  });

  it('an appeal in time is due at the court the next working day: reminded, escalated, moot once forwarded', async () => {
    const filed = await fileRequestFor(world, PUPIL);
    await refuseAndDeliver(reviewer, filed.id);
    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/appeals`)
      .send({ receivedOn: today, note: 'Jag vill ha planen.' })
      .expect(204);
    const [appeal] = (await load(filed.id)).appeals;
    const due = forwardDue(today, 1);
    expect(appeal?.forwardDue).toBe(due);
    expect(appeal?.forwardOverdue).toBe(false);
    const queue = world.testApp.app.get<Queue>(getQueueToken(REQUESTS_QUEUE));
    const payload: ClockPayload = {
      clock: 'forwarding',
      requestId: filed.id,
      appealId: appeal?.id ?? null,
      due,
    };
    expect(await (await queue.getJob(clockJobId('reminder', payload)))?.getState()).toBe('delayed');
    expect(await (await queue.getJob(clockJobId('escalation', payload)))?.getState()).toBe(
      'delayed',
    );

    const past = addWorkingDays(addDays(today, -10), 0);
    await query(world.testApp, 'update records_request_appeal set forward_due = $1 where id = $2', [
      past,
      appeal?.id,
    ]);
    const deadlines = world.testApp.app.get(RequestDeadlinesService);
    const late: ClockPayload = { ...payload, due: past };
    // The old day's jobs find themselves moot.
    expect(await deadlines.runClock('escalation', payload)).toBe(false);
    expect(await deadlines.runClock('escalation', late)).toBe(true);
    const told = await query(
      world.testApp,
      `select a.username from staff_notification n join account a on a.id = n.account_id
        where n.request_id = $1 and n.kind = 'forwarding_escalation'`,
      [filed.id],
    );
    expect(told).toEqual([{ username: 'teamledare' }]);
    const [mail] = await query(
      world.testApp,
      "select count(*)::int as n from email_outbox where kind = 'forwarding_escalation' and request_id = $1",
      [filed.id],
    );
    expect(typeof mail?.n).toBe('number');
    const page = await reviewer.get(`/handlaggning/begaran/${filed.id}`).expect(200);
    expect(page.text).toContain('Försenat:');
    expect(page.text).toContain(`skulle ha lämnats över ${past}`);
    expect((await load(filed.id)).appeals[0]?.forwardOverdue).toBe(true);

    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/appeals/${appeal?.id}/forward`)
      .send({ forwardedOn: today, court: 'Kammarrätten i Göteborg' })
      .expect(204);
    await query(
      world.testApp,
      "delete from records_request_event where request_id = $1 and kind = 'forwarding_escalated'",
      [filed.id],
    );
    expect(await deadlines.runClock('escalation', late)).toBe(false);
    expect((await load(filed.id)).appeals[0]?.forwardOverdue).toBe(false);
  });
});

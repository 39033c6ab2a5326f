import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { stockholmToday } from '../../src/common/stockholm';
import { RequestDeadlinesService } from '../../src/requests/request-deadlines.service';
import { deadlineAlerts } from '../../src/requests/request-lifecycle';
import { REQUESTS_QUEUE } from '../../src/queue/queue-names';
import { deadlineJobId } from '../../src/requests/requests.jobs';
import { addDays, addWorkingDays, firstWorkingDayFrom } from '../../src/requests/working-days';
import { csrfFrom, DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';
import { fileRequestFor } from '../support/requests';
import { startTestApp, TestApp } from '../support/test-app';
import { isolationOf } from '../support/test-env';
import { openStatusPage, RECEIPT_CODE_HEADER } from '../support/receipt-status';

const PUPIL = 'demo:person:pupil-4-5';
const ENV = { COPY_FEE_FREE_PAGES: '0', REQUEST_ESCALATION_TO: 'teamledare' };

interface Detail {
  items: { id: string; kind: string; version: number }[];
  feeKr: number | null;
  payment: string | null;
  decisionDue: string;
  extensionNotice: string | null;
  viewing: { date: string; time: string; place: string } | null;
  history: { kind: string; text: string }[];
}

/** Every record released (a draft: no public record yet), then the request decided. */
async function decideAll(reviewer: TestAgent, id: string): Promise<Detail> {
  const detail = (await reviewer.get(`/api/v1/records-requests/${id}`).expect(200)).body as Detail;
  for (const item of detail.items) {
    await reviewer
      .post(`/api/v1/records-requests/${id}/items/${item.id}/decision`)
      .send({
        decision: item.kind === 'draft' ? 'no_public_record' : 'release',
        redactions: [],
        version: item.version,
      })
      .expect(204);
  }
  await reviewer.post(`/api/v1/records-requests/${id}/complete`).expect(204);
  return (await reviewer.get(`/api/v1/records-requests/${id}`).expect(200)).body as Detail;
}

describe('records out the door: post, viewing on site, deadlines, reports', () => {
  let world: DemoWorld;
  let reviewer: TestAgent;

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true, env: ENV });
    reviewer = await world.signIn('granskare');
  });

  afterAll(async () => {
    await world.close();
  });

  describe('paper copies', () => {
    it('without consent to invoicing: listed as paid in advance, and not posted until the payment is confirmed', async () => {
      const filed = await fileRequestFor(world, PUPIL, {
        delivery: 'paper',
        postalAddress: 'Box 12\n443 30 Lerum',
      });
      const decided = await decideAll(reviewer, filed.id);
      expect(decided.feeKr).toBeGreaterThanOrEqual(50);

      const list = (await reviewer.get('/api/v1/records-requests/post-list').expect(200)).body as {
        registrationNumber: string;
        recipient: string | null;
        postalAddress: string;
        copies: number;
        pages: number;
        feeKr: number;
        payment: string;
        letter: string | null;
      }[];
      const entry = list.find((each) => each.registrationNumber === filed.registrationNumber);
      expect(entry).toMatchObject({
        recipient: null,
        postalAddress: 'Box 12\n443 30 Lerum',
        feeKr: decided.feeKr,
        payment: 'prepaid',
      });
      expect(entry?.letter).toMatch(/^BES-\d{4}-\d{5}$/);
      expect(entry?.copies).toBeGreaterThan(0);

      const refused = await reviewer
        .post(`/api/v1/records-requests/${filed.id}/deliver`)
        .send({})
        .expect(409);
      expect(refused.body.error.message).toContain('ska vara betald innan kopiorna skickas');
      await reviewer
        .post(`/api/v1/records-requests/${filed.id}/deliver`)
        .send({ paymentReceived: true })
        .expect(204);
      const delivered = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
        .body as Detail;
      expect(delivered.payment).toBe('Betalt i förskott');
      expect(delivered.history.map((event) => event.text)).toContain(
        'Handlingarna är utlämnade efter förskottsbetalning.',
      );
      const after = (await reviewer.get('/api/v1/records-requests/post-list').expect(200)).body as {
        registrationNumber: string;
      }[];
      expect(after.map((each) => each.registrationNumber)).not.toContain(filed.registrationNumber);
    });

    it('invoices only with consent, which needs a name; the post list page sends it off', async () => {
      const http = world.testApp.http();
      const electronic = await http
        .post('/api/v1/records-requests')
        .send({ description: 'Planer.', delivery: 'electronic', invoiceConsent: true })
        .expect(400);
      expect(electronic.body.error.fields).toEqual([
        {
          field: 'invoiceConsent',
          problems: ['Faktura gäller bara papperskopior; de andra sätten är kostnadsfria.'],
        },
      ]);
      const nameless = await http
        .post('/api/v1/records-requests')
        .send({
          description: 'Planer.',
          delivery: 'paper',
          postalAddress: 'Storgatan 1',
          invoiceConsent: true,
        })
        .expect(400);
      expect(nameless.body.error.fields[0].field).toBe('contactName');
      const notBoolean = await http
        .post('/api/v1/records-requests')
        .send({
          description: 'Planer.',
          delivery: 'paper',
          postalAddress: 'S',
          invoiceConsent: 'ja',
        })
        .expect(400);
      expect(notBoolean.body.error.fields[0].field).toBe('invoiceConsent');

      const filed = await fileRequestFor(world, PUPIL, {
        delivery: 'paper',
        contactName: 'Karin Fakturasson',
        postalAddress: 'Storgatan 1\n443 30 Lerum',
        invoiceConsent: true,
      });
      await decideAll(reviewer, filed.id);

      const page = await reviewer.get('/handlaggning/post').expect(200);
      expect(page.text).toContain(filed.registrationNumber);
      expect(page.text).toContain('Karin Fakturasson');
      expect(page.text).toContain('Faktura skickas med (samtycke givet)');
      const sent = await reviewer
        .post(`/handlaggning/begaran/${filed.id}/utlamna`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), tillbaka: 'post' })
        .expect(303);
      expect(sent.headers.location).toBe('/handlaggning/post');
      const delivered = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
        .body as Detail;
      expect(delivered.payment).toBe('Faktura (med samtycke)');

      const status = await world.testApp
        .http()
        .get('/api/v1/records-requests/status')
        .set(RECEIPT_CODE_HEADER, filed.receiptCode)
        .expect(200);
      expect(status.body).toMatchObject({ status: 'delivered', invoiced: true });
    });

    it('the public form asks for consent, and a checkbox without a name is answered in Swedish', async () => {
      const http = world.testApp.http();
      const form = await http.get('/begaran').expect(200);
      expect(form.text).toContain('Jag vill hellre få en faktura');
      const cookie = form.headers['set-cookie'];
      const answer = await world.testApp
        .http()
        .post('/begaran')
        .set('cookie', cookie ?? [])
        .type('form')
        .send({
          _csrf: csrfFrom(form.text),
          description: 'Planer.',
          delivery: 'paper',
          postalAddress: 'Storgatan 1',
          invoiceConsent: 'ja',
        })
        .expect(400);
      expect(answer.text).toContain('Ange ditt namn om du vill ha faktura.');
    });
  });

  describe('reading on site', () => {
    it('needs a booked time before the records are shown, and the requester sees the booking', async () => {
      const filed = await fileRequestFor(world, PUPIL, {
        delivery: 'on_site',
        contactEmail: 'lasare@example.se',
      });
      await decideAll(reviewer, filed.id);
      const early = await reviewer.post(`/api/v1/records-requests/${filed.id}/deliver`).expect(409);
      expect(early.body.error.message).toBe('Boka först en tid för läsning på plats.');

      const today = stockholmToday(new Date());
      const yesterday = await reviewer
        .post(`/api/v1/records-requests/${filed.id}/viewing`)
        .send({ date: addDays(today, -1), time: '10:00' })
        .expect(400);
      expect(yesterday.body.error.fields[0].field).toBe('date');
      let saturday = addDays(today, 1);
      while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6) saturday = addDays(saturday, 1);
      await reviewer
        .post(`/api/v1/records-requests/${filed.id}/viewing`)
        .send({ date: saturday, time: '10:00' })
        .expect(400);
      await reviewer
        .post(`/api/v1/records-requests/${filed.id}/viewing`)
        .send({ date: addWorkingDays(addDays(today, 1), 0), time: '25:00' })
        .expect(400);

      const day = firstWorkingDayFrom(addDays(today, 1));
      await reviewer
        .post(`/api/v1/records-requests/${filed.id}/viewing`)
        .send({ date: day, time: '13:30' })
        .expect(204);
      const detail = (await reviewer.get(`/api/v1/records-requests/${filed.id}`).expect(200))
        .body as Detail;
      expect(detail.viewing).toEqual({
        date: day,
        time: '13:30',
        place: 'Sektor Lärandes reception i kommunhuset',
      });
      const [outbox] = await query(
        world.testApp,
        "select to_address, subject from email_outbox where kind = 'viewing' and request_id = $1",
        [filed.id],
      );
      expect(outbox).toMatchObject({ to_address: 'lasare@example.se' });

      const statusPage = await openStatusPage(
        request.agent(world.testApp.app.getHttpServer()),
        filed.receiptCode,
      );
      expect(statusPage.text).toContain('Tid för att läsa handlingarna');
      expect(statusPage.text).toContain(
        `${day} kl. 13:30, Sektor Lärandes reception i kommunhuset`,
      );

      await reviewer.post(`/api/v1/records-requests/${filed.id}/deliver`).expect(204);
      const electronic = await fileRequestFor(world, PUPIL);
      await decideAll(reviewer, electronic.id);
      const wrong = await reviewer
        .post(`/api/v1/records-requests/${electronic.id}/viewing`)
        .send({ date: day, time: '10:00' })
        .expect(409);
      expect(wrong.body.error.message).toContain('inte valt att läsa dem på plats');
    });
  });

  describe('a late alert', () => {
    it('skips a reminder whose day has passed (the service was down) and escalates at once', async () => {
      const filed = await fileRequestFor(world, PUPIL);
      const past = addWorkingDays(addDays(stockholmToday(new Date()), -10), 0);
      await query(world.testApp, 'update records_request set decision_due = $1 where id = $2', [
        past,
        filed.id,
      ]);
      const deadlines = world.testApp.app.get(RequestDeadlinesService);
      const payload = { requestId: filed.id, decisionDue: past };
      expect(await deadlines.run('reminder', payload)).toBe(false);
      expect(await deadlines.run('escalation', payload)).toBe(true);
      expect(await deadlines.run('escalation', payload)).toBe(false);
      const told = await query(
        world.testApp,
        `select a.username from staff_notification n join account a on a.id = n.account_id
          where n.request_id = $1 and n.kind = 'escalation'`,
        [filed.id],
      );
      expect(told).toEqual([{ username: 'teamledare' }]);
    });
  });

  describe('reports', () => {
    it('counts requests per month with days to decision and outcomes; bad months get 400', async () => {
      const month = stockholmToday(new Date()).slice(0, 7);
      const report = (
        await reviewer.get(`/api/v1/records-requests/reports?from=${month}&to=${month}`).expect(200)
      ).body as {
        months: {
          month: string;
          received: number;
          decided: number;
          medianWorkingDays: number | null;
          outcomes: Record<string, number>;
        }[];
        total: { received: number; decided: number };
      };
      expect(report.months.map((each) => each.month)).toEqual([month]);
      const [rows] = await query(
        world.testApp,
        `select count(*)::int as received, count(decided_at)::int as decided from records_request
          where to_char(received_on, 'YYYY-MM') = $1`,
        [month],
      );
      expect(report.total.received).toBe(rows?.received);
      expect(report.total.decided).toBe(rows?.decided);
      expect(report.months[0]?.outcomes.release).toBeGreaterThan(0);
      expect(typeof report.months[0]?.medianWorkingDays).toBe('number');

      const bad = await reviewer.get('/api/v1/records-requests/reports?from=2026-13').expect(400);
      expect(bad.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'from', problems: ['ska vara en månad (ÅÅÅÅ-MM)'] }],
      });

      const page = await reviewer.get('/handlaggning/rapporter').expect(200);
      expect(page.text).toContain('<svg');
      expect(page.text).toContain('Begäranden per månad');
      const badPage = await reviewer
        .get('/handlaggning/rapporter?fran=2026-11&till=2026-01')
        .expect(400);
      expect(badPage.text).toContain('ska vara före eller samma som slutmånaden');

      const mentor = await world.signIn('mentor');
      await mentor.get('/api/v1/records-requests/reports').expect(404);
      await mentor.get('/handlaggning/rapporter').expect(404);
      await mentor.get('/api/v1/records-requests/post-list').expect(404);
      await mentor.get('/handlaggning/post').expect(404);
    });
  });
});

describe('deadlines: a reminder and an escalation as delayed jobs that survive a restart', () => {
  let first: DemoWorld;
  let second: TestApp | null = null;

  beforeAll(async () => {
    first = await startDemoWorld({ withPlans: true, env: ENV });
  });

  afterAll(async () => {
    await second?.close();
    await first.testApp.close({ keepData: second !== null });
  });

  it('schedules both for the decision date, moves them with an extension, and sends each once after a restart', async () => {
    const filed = await fileRequestFor(first, PUPIL, { contactEmail: 'omfattande@example.se' });
    const reviewer = await first.signIn('granskare');
    await reviewer.post(`/api/v1/records-requests/${filed.id}/claim`).expect(204);
    const [row] = await eventually(async () => {
      const rows = await query(
        first.testApp,
        `select decision_due::text as due, alerts_scheduled_for::text as scheduled from records_request where id = $1`,
        [filed.id],
      );
      return rows[0]?.scheduled ? rows : null;
    }, 'the alerts scheduled');
    const due = String(row?.due);
    expect(row?.scheduled).toBe(due);

    const queueOf = (app: TestApp) => app.app.get<Queue>(getQueueToken(REQUESTS_QUEUE));
    const reminder = await queueOf(first.testApp).getJob(deadlineJobId('reminder', filed.id, due));
    const escalation = await queueOf(first.testApp).getJob(
      deadlineJobId('escalation', filed.id, due),
    );
    const expected = deadlineAlerts(due, 8);
    expect(await reminder?.getState()).toBe('delayed');
    // Due at the alert's moment (the job's own add time plus its delay, to the millisecond it was added).
    const dueAt = (job: typeof reminder) => (job?.timestamp ?? 0) + (job?.opts.delay ?? 0);
    expect(Math.abs(dueAt(reminder) - expected.reminderAt.getTime())).toBeLessThan(1000);
    expect(Math.abs(dueAt(escalation) - expected.escalationAt.getTime())).toBeLessThan(1000);

    // A large request: the date moves and the requester is told.
    const notWorkingDay = await reviewer
      .post(`/api/v1/records-requests/${filed.id}/extend`)
      .send({ decisionDue: due, notice: 'Omfattande.' })
      .expect(400);
    expect(notWorkingDay.body.error.fields[0].field).toBe('decisionDue');
    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/extend`)
      .send({ decisionDue: addWorkingDays(due, 3), notice: '' })
      .expect(400);
    const later = addWorkingDays(due, 5);
    const notice = 'Begäran omfattar många planer som var och en måste sekretessprövas.';
    await reviewer
      .post(`/api/v1/records-requests/${filed.id}/extend`)
      .send({ decisionDue: later, notice })
      .expect(204);
    const status = await first.testApp
      .http()
      .get('/api/v1/records-requests/status')
      .set(RECEIPT_CODE_HEADER, filed.receiptCode)
      .expect(200);
    expect(status.body).toMatchObject({ decisionDue: later, extensionNotice: notice });
    const [mail] = await query(
      first.testApp,
      "select to_address, subject from email_outbox where kind = 'extension' and request_id = $1",
      [filed.id],
    );
    expect(mail).toMatchObject({ to_address: 'omfattande@example.se' });
    expect(String(mail?.subject)).toContain('behöver längre tid');

    // The alerts for the old date are moot: run now, they do nothing.
    await reminder?.promote();
    await eventually(
      async () => ((await reminder?.getState()) === 'completed' ? true : null),
      'the old reminder done',
    );
    const moot = await query(
      first.testApp,
      "select 1 from records_request_event where request_id = $1 and kind = 'reminder_sent'",
      [filed.id],
    );
    expect(moot).toEqual([]);
    await eventually(async () => {
      const rows = await query(
        first.testApp,
        'select alerts_scheduled_for::text as scheduled from records_request where id = $1',
        [filed.id],
      );
      return rows[0]?.scheduled === later ? true : null;
    }, 'the alerts moved to the new date');

    // The service stops; the delayed jobs stay in the queue's own tables.
    const isolation = isolationOf(first.testApp.config);
    await first.testApp.close({ keepData: true });
    second = await startTestApp({
      isolation,
      env: { ...ENV, DEMO_DATA: 'on', DEMO_PASSWORD: 'demo-lösenord-2026' },
    });
    const queue = queueOf(second);
    const newReminder = await queue.getJob(deadlineJobId('reminder', filed.id, later));
    const newEscalation = await queue.getJob(deadlineJobId('escalation', filed.id, later));
    expect(await newReminder?.getState()).toBe('delayed');
    expect(await newEscalation?.getState()).toBe('delayed');

    // Their time comes (promoted instead of waiting days).
    await newReminder?.promote();
    await newEscalation?.promote();
    const app = second;
    const notices = await eventually(async () => {
      const rows = await query(
        app,
        `select a.username, n.kind from staff_notification n join account a on a.id = n.account_id
          where n.request_id = $1 and n.kind in ('reminder', 'escalation') order by n.kind, a.username`,
        [filed.id],
      );
      return rows.length >= 2 ? rows : null;
    }, 'the reminder and the escalation');
    // The reminder to the assignee, the escalation to the team lead named in the settings.
    expect(notices).toEqual([
      { username: 'teamledare', kind: 'escalation' },
      { username: 'granskare', kind: 'reminder' },
    ]);
    const events = await query(
      app,
      `select kind, details ->> 'decisionDue' as due from records_request_event
        where request_id = $1 and kind in ('reminder_sent', 'escalated') order by kind`,
      [filed.id],
    );
    expect(events).toEqual([
      { kind: 'escalated', due: later },
      { kind: 'reminder_sent', due: later },
    ]);
    const audit = await query(
      app,
      "select action from audit_entry where target_id = $1 and action in ('records_request.reminded', 'records_request.escalated') order by action",
      [filed.id],
    );
    expect(audit.map((entry) => entry.action)).toEqual([
      'records_request.escalated',
      'records_request.reminded',
    ]);

    // Sent once: running it again changes nothing.
    const deadlines = app.app.get(RequestDeadlinesService);
    expect(await deadlines.run('reminder', { requestId: filed.id, decisionDue: later })).toBe(
      false,
    );

    // The team lead sees it on the queue page.
    const lead = await (async () => {
      const agent = (await import('supertest')).default.agent(app.app.getHttpServer());
      await agent
        .post('/api/v1/auth/login')
        .send({ username: 'teamledare', password: 'demo-lösenord-2026' })
        .expect(200);
      return agent;
    })();
    const queuePage = await lead.get('/handlaggning').expect(200);
    expect(queuePage.text).toContain(`Försenad: beslut skulle ha fattats senast ${later}`);
    // "Att göra" names the request once; the escalation makes its reminder moot.
    const todo =
      /<section aria-labelledby="rubrik-att-gora"[\s\S]*?<\/section>/.exec(queuePage.text)?.[0] ??
      '';
    expect(todo.split(`href="/handlaggning/begaran/${filed.id}"`)).toHaveLength(2);
    expect(todo).not.toContain(`Påminnelse: beslut senast ${later}`);
    const api = (await lead.get('/api/v1/records-requests/notifications').expect(200)).body as {
      kind: string;
      registrationNumber: string;
    }[];
    expect(api[0]).toMatchObject({
      kind: 'escalation',
      registrationNumber: filed.registrationNumber,
    });
  }, 60_000);
});

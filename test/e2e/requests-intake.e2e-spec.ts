import { createHash } from 'node:crypto';

import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { AuditService } from '../../src/audit/audit.service';
import { RequestProcessingService } from '../../src/requests/request-processing.service';
import { csrfFrom, DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';
import { openStatusPage, RECEIPT_CODE_HEADER } from '../support/receipt-status';

interface Filed {
  registrationNumber: string;
  receiptCode: string;
  status: string;
}

/** An anonymous request naming a demo pupil of 4A (set once the demo data is there). */
let ANONYMOUS: Record<string, string> = {};

describe('requests for public records: intake', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld({ withPlans: true });
    const [pupil] = await query(
      world.testApp,
      `select pe.given_name, pe.family_name from person pe
        where pe.external_id = 'demo:person:pupil-4-3'`,
    );
    ANONYMOUS = {
      description: 'Jag vill ta del av elevens individuella utvecklingsplaner.',
      pupilName: `${String(pupil?.given_name)} ${String(pupil?.family_name)}`,
      school: 'Björkängsskolan',
      delivery: 'electronic',
    };
  });

  afterAll(() => world.close());

  const requestRow = async (registrationNumber: string) =>
    (
      await query(world.testApp, 'select * from records_request where registration_number = $1', [
        registrationNumber,
      ])
    )[0];

  const processed = (registrationNumber: string) =>
    eventually(async () => {
      const row = await requestRow(registrationNumber);
      return row?.processed_at ? row : null;
    }, `the first steps of ${registrationNumber}`);

  it('takes an anonymous request through the API: registration number, receipt code, first steps done by the queue', async () => {
    const response = await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .send(ANONYMOUS)
      .expect(201);
    const filed = response.body as Filed;
    expect(filed.registrationNumber).toMatch(/^BEG-\d{4}-\d{5}$/);
    expect(filed.receiptCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(filed.status).toBe('received');

    const row = await processed(filed.registrationNumber);
    expect(row.channel).toBe('api');
    expect(row.contact_name).toBeNull();
    // Only the code's hash is kept.
    expect(row.receipt_code_hash).toBe(
      createHash('sha256').update(filed.receiptCode).digest('hex'),
    );
    expect(JSON.stringify(row)).not.toContain(filed.receiptCode);
    expect(row.first_action_due).not.toBeNull();
    expect(row.decision_due).not.toBeNull();

    // Candidate records of the demo pupil named Olivia at Björkängsskolan: her established versions and any draft.
    const items = await query(
      world.testApp,
      `select i.kind, r.registration_number from records_request_item i
         left join public_record r on r.id = i.record_id where i.request_id = $1`,
      [row.id],
    );
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((item) => item.kind === 'record').length).toBeGreaterThan(0);

    const notified = await query(
      world.testApp,
      `select count(*)::int as count from staff_notification where request_id = $1`,
      [row.id],
    );
    expect(notified[0]?.count).toBeGreaterThan(0);

    const audit = await query(
      world.testApp,
      `select action from audit_entry where target_id = $1 order by id`,
      [row.id],
    );
    expect(audit.map((entry) => entry.action)).toEqual([
      'records_request.received',
      'records_request.processed',
    ]);
  });

  it('numbers requests past 99,999 without cutting a digit, and records the first event with the row', async () => {
    const year = Number(
      (
        await query(
          world.testApp,
          `select extract(year from now() at time zone 'Europe/Stockholm')::int as y`,
        )
      )[0]?.y,
    );
    const [before] = await query(
      world.testApp,
      `select last_value from registration_sequence where series = 'BEG' and year = $1`,
      [year],
    );
    await query(
      world.testApp,
      `update registration_sequence set last_value = 99999 where series = 'BEG' and year = $1`,
      [year],
    );
    try {
      const first = await world.testApp
        .http()
        .post('/api/v1/records-requests')
        .send(ANONYMOUS)
        .expect(201);
      const second = await world.testApp
        .http()
        .post('/api/v1/records-requests')
        .send(ANONYMOUS)
        .expect(201);
      expect((first.body as Filed).registrationNumber).toBe(`BEG-${year}-100000`);
      expect((second.body as Filed).registrationNumber).toBe(`BEG-${year}-100001`);
      const events = await query(
        world.testApp,
        `select e.kind, e.details from records_request_event e join records_request r on r.id = e.request_id
          where r.registration_number = $1`,
        [`BEG-${year}-100000`],
      );
      expect(events.map((event) => event.kind)).toContain('received');
      expect(events.find((event) => event.kind === 'received')?.details).toMatchObject({
        channel: 'api',
      });
      await processed(`BEG-${year}-100001`);
      // The audit entry written in the same statement names the number and keeps the chain whole.
      const [entry] = await query(
        world.testApp,
        `select a.details from audit_entry a join records_request r on r.id::text = a.target_id
          where r.registration_number = $1 and a.action = 'records_request.received'`,
        [`BEG-${year}-100000`],
      );
      expect(entry?.details).toEqual({
        channel: 'api',
        delivery: 'electronic',
        registrationNumber: `BEG-${year}-100000`,
      });
      await expect(world.testApp.app.get(AuditService).verify()).resolves.toMatchObject({
        ok: true,
      });
    } finally {
      // Later tests expect five-digit numbers: back to where the sequence was, plus what these took.
      await query(
        world.testApp,
        `update registration_sequence set last_value = $2 where series = 'BEG' and year = $1`,
        [year, Number(before?.last_value ?? 0) + 2],
      );
    }
  });

  it('the demo municipality has requests in every state, and their receipt codes work', async () => {
    const statuses = await query(
      world.testApp,
      'select distinct status from records_request order by status',
    );
    expect(statuses.map((row) => row.status)).toEqual([
      'awaiting_clarification',
      'decided',
      'delivered',
      'in_review',
      'received',
    ]);
    const waiting = await world.testApp
      .http()
      .get('/api/v1/records-requests/status')
      .set(RECEIPT_CODE_HEADER, 'DEMA-0000-0004')
      .expect(200);
    expect(waiting.body.clarificationQuestion).toContain('Vilken elev');
    const reviewer = await world.signIn('granskare');
    const overdue = await reviewer.get('/api/v1/records-requests?due=overdue').expect(200);
    expect((overdue.body.rows as unknown[]).length).toBeGreaterThan(0);
    // Decided demo requests have their letter and checked copies, ready to deliver.
    const documents = await query(
      world.testApp,
      `select r.status, d.kind from records_request_document d join records_request r on r.id = d.request_id
        order by r.status, d.kind`,
    );
    expect(documents.map((row) => `${String(row.status)}:${String(row.kind)}`)).toEqual(
      expect.arrayContaining(['decided:copy', 'decided:decision_letter', 'delivered:copy']),
    );
    // The demo decision with a redaction makes a copy that passes the leak check.
    const [item] = await query(
      world.testApp,
      `select i.id, i.request_id, i.redactions from records_request_item i
        where i.decision = 'release_with_redactions' limit 1`,
    );
    await reviewer
      .post(
        `/api/v1/records-requests/${String(item?.request_id)}/items/${String(item?.id)}/preview`,
      )
      .send({ redactions: item?.redactions })
      .expect(200);
  });

  it('shows the status by receipt code, and nothing for a wrong one', async () => {
    const filed = (
      await world.testApp.http().post('/api/v1/records-requests').send(ANONYMOUS).expect(201)
    ).body as Filed;
    await processed(filed.registrationNumber);

    const status = await world.testApp
      .http()
      .get('/api/v1/records-requests/status')
      .set(RECEIPT_CODE_HEADER, filed.receiptCode.toLowerCase().replace(/-/g, ''))
      .expect(200);
    expect(status.body).toEqual(
      expect.objectContaining({
        registrationNumber: filed.registrationNumber,
        status: 'received',
        statusLabel: 'Mottagen',
      }),
    );
    expect(JSON.stringify(status.body)).not.toContain(ANONYMOUS.pupilName);

    const wrong = await world.testApp
      .http()
      .get('/api/v1/records-requests/status')
      .set(RECEIPT_CODE_HEADER, 'AAAA-BBBB-CCCC')
      .expect(404);
    expect(wrong.body.error.message).toContain('Det finns ingen begäran med den koden');
    await world.testApp
      .http()
      .get('/api/v1/records-requests/status')
      .set(RECEIPT_CODE_HEADER, 'inte-en-kod')
      .expect(404);
    // The code goes in the header only: none is a malformed call, and a path with the code is no route.
    const missing = await world.testApp.http().get('/api/v1/records-requests/status').expect(400);
    expect(missing.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: RECEIPT_CODE_HEADER, problems: ['saknas'] }],
    });
    await world.testApp
      .http()
      .get(`/api/v1/records-requests/status/${filed.receiptCode}`)
      .expect(404);
  });

  it('asks for nothing but what delivery needs, and says in Swedish what is missing', async () => {
    const countRequests = async () =>
      (await query(world.testApp, 'select count(*)::int as count from records_request'))[0]?.count;
    const before = await countRequests();
    const missing = await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .send({ description: '  ', delivery: 'paper', contactEmail: 'inte-en-adress' })
      .expect(400);
    const fields = (missing.body.error.fields as { field: string; problems: string[] }[]).map(
      (f) => f.field,
    );
    expect(fields.sort()).toEqual(['contactEmail', 'description', 'postalAddress']);
    expect(JSON.stringify(missing.body)).toContain('postadress');

    await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .send({ description: 'Planer', delivery: 'by pigeon' })
      .expect(400);
    await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .send({ description: 'x'.repeat(5000), delivery: 'on_site' })
      .expect(400);
    expect(await countRequests()).toBe(before);
  });

  it('the public form works without JavaScript: receipt page with the code, then the status page', async () => {
    const agent = request.agent(world.testApp.app.getHttpServer());
    const form = await agent.get('/begaran').expect(200);
    expect(form.text).toContain('Begär att få ta del av allmänna handlingar');
    expect(form.text).not.toContain('syfte');

    const invalid = await agent
      .post('/begaran')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), description: '', delivery: 'paper' })
      .expect(400);
    expect(invalid.text).toContain('Beskriv vilka handlingar du vill ta del av.');
    expect(invalid.text).toContain('Ange en postadress för papperskopiorna.');

    const sent = await agent
      .post('/begaran')
      .type('form')
      .send({
        _csrf: csrfFrom(invalid.text),
        description: 'Protokoll <script>alert(1)</script>',
        delivery: 'on_site',
      })
      .expect(303);
    expect(sent.headers.location).toBe('/begaran/kvitto');
    const receipt = await agent.get('/begaran/kvitto').expect(200);
    const code = /class="code">([0-9A-Z-]+)</.exec(receipt.text)?.[1];
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(receipt.text).toMatch(/BEG-\d{4}-\d{5}/);

    // The code is posted, never put in a URL: the status page itself is the clean /begaran/status.
    const status = await openStatusPage(agent, code ?? '');
    expect(status.text).toMatch(/Mottagen|Under handläggning/);
    expect(status.text).not.toContain(code);
    const unknown = await openStatusPage(agent, 'ZZZZ-ZZZZ-ZZZZ');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Det finns ingen begäran med den koden');
    expect(unknown.text).toContain('value="ZZZZ-ZZZZ-ZZZZ"');
    // A code in the query opens nothing (an old bookmark): the form, empty.
    const queried = await request(world.testApp.app.getHttpServer())
      .get(`/begaran/status?kod=${code}`)
      .expect(200);
    expect(queried.text).not.toContain(code);
    expect(queried.text).not.toMatch(/Mottagen|Under handläggning/);

    const [row] = await query(
      world.testApp,
      "select channel, description from records_request where description like 'Protokoll%'",
    );
    expect(row?.channel).toBe('web');
  });

  it('turns away a robot that fills in the hidden field', async () => {
    const agent = request.agent(world.testApp.app.getHttpServer());
    const form = await agent.get('/begaran').expect(200);
    await agent
      .post('/begaran')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        description: 'Robotbegäran',
        delivery: 'on_site',
        webbplats: 'http://spam.example',
      })
      .expect(400);
    const count = await query(
      world.testApp,
      "select count(*)::int as count from records_request where description = 'Robotbegäran'",
    );
    expect(count[0]?.count).toBe(0);
  });

  it('lets a teacher or principal forward a request, and nothing more', async () => {
    for (const username of ['larare', 'rektor', 'mentor'] as const) {
      const agent: TestAgent = await world.signIn(username);
      const filed = (
        await agent
          .post('/api/v1/records-requests/forwarded')
          .send({
            ...ANONYMOUS,
            description: `Vidarebefordrad av ${username}`,
            receivedOn: '2026-11-27',
          })
          .expect(201)
      ).body as Filed;
      const row = await requestRow(filed.registrationNumber);
      expect(row?.channel).toBe('forwarded');
      expect(row?.forwarded_by_account_id).not.toBeNull();
      expect(row?.received_on).toBeTruthy();
      // They cannot register as staff of Sektor Lärande or see the status of others' requests by any route but the code.
      await agent
        .post('/api/v1/records-requests/registered')
        .send({ ...ANONYMOUS, channel: 'phone', receivedOn: '2026-11-27' })
        .expect(404);
    }
    for (const username of ['elev', 'vardnadshavare', 'arkivarie'] as const) {
      const agent = await world.signIn(username);
      await agent
        .post('/api/v1/records-requests/forwarded')
        .send({ ...ANONYMOUS, receivedOn: '2026-11-27' })
        .expect(404);
    }
  });

  it('lets a reviewer register a request that came by phone, with the day it came', async () => {
    const reviewer = await world.signIn('granskare');
    const filed = (
      await reviewer
        .post('/api/v1/records-requests/registered')
        .send({ ...ANONYMOUS, channel: 'phone', receivedOn: '2026-11-26' })
        .expect(201)
    ).body as Filed;
    const row = await processed(filed.registrationNumber);
    expect(row.channel).toBe('phone');
    expect(row.registered_by_account_id).not.toBeNull();
    expect(String(row.received_on)).toContain('2026');
    await reviewer
      .post('/api/v1/records-requests/registered')
      .send({ ...ANONYMOUS, channel: 'phone', receivedOn: '2099-01-01' })
      .expect(400);
  });

  it('the sweeper queues a committed request whose job was lost, and the first steps run once', async () => {
    const [request] = await query(
      world.testApp,
      `insert into records_request (id, registration_number, receipt_code_hash, channel, received_on, received_at,
         description, pupil_name, delivery, created_at, updated_at)
       values (gen_random_uuid(), 'BEG-2026-99999', 'lost-job', 'web', current_date, now() - interval '5 minutes',
         'En begäran vars jobb försvann', $1, 'on_site', now() - interval '5 minutes', now())
       returning id`,
      [ANONYMOUS.pupilName],
    );
    const processing = world.testApp.app.get(RequestProcessingService);
    expect(await processing.sweep()).toBeGreaterThanOrEqual(1);
    const row = await processed('BEG-2026-99999');
    const items = await query(
      world.testApp,
      'select count(*)::int as count from records_request_item where request_id = $1',
      [request?.id],
    );
    // Run again, as a duplicated or retried job would: nothing changes.
    expect(await processing.runFirstSteps(String(request?.id))).toBe(false);
    const after = await query(
      world.testApp,
      'select count(*)::int as count from records_request_item where request_id = $1',
      [request?.id],
    );
    expect(after[0]?.count).toBe(items[0]?.count);
    expect(row.processed_at).not.toBeNull();
  });
});

describe('requests for public records: rate limit', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld({ env: { INTAKE_RATE_LIMIT: '3' } });
    ANONYMOUS = { description: 'Planer', delivery: 'on_site' };
  });

  afterAll(() => world.close());

  it('stops a flood from one address with a Swedish 429', async () => {
    for (let i = 0; i < 3; i += 1) {
      await world.testApp.http().post('/api/v1/records-requests').send(ANONYMOUS).expect(201);
    }
    const refused = await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .send(ANONYMOUS)
      .expect(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(refused.body.error.message).toContain('För många begäranden');
  });
});

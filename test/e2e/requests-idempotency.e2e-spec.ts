import { createHash, randomUUID } from 'node:crypto';

import { Client } from 'pg';
import type TestAgent from 'supertest/lib/agent';

import { stockholmToday } from '../../src/common/stockholm';
import { idempotencyClaim } from '../../src/requests/intake-idempotency';
import { RequestProcessingService } from '../../src/requests/request-processing.service';
import { DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { testDatabaseUrl } from '../support/test-env';

interface Filed {
  registrationNumber: string;
  receiptCode: string;
  status: string;
}

interface ErrorBody {
  error: { status: number; code: string; message: string; fields: unknown[]; requestId: string };
}

/** Karin Lindqvist's child (the demo guardian). */
const CHILD = 'demo:person:pupil-4-1';

/**
 * The API's filing routes take an `Idempotency-Key`: a retry gets the first
 * answer and files nothing new, concurrent retries included.
 */
describe('idempotent intake (Idempotency-Key)', () => {
  let world: DemoWorld;
  let body: Record<string, string>;

  beforeAll(async () => {
    world = await startDemoWorld();
    body = {
      description: `Elevens utvecklingsplaner (${randomUUID()}).`,
      pupilName: 'Olivia Andersson',
      delivery: 'electronic',
    };
  });

  afterAll(() => world.close());

  const count = async (where = 'true', params: unknown[] = []) =>
    Number(
      (
        await query(
          world.testApp,
          `select count(*)::int as n from records_request where ${where}`,
          params,
        )
      )[0]?.n,
    );
  const file = (key: string | undefined, sent: Record<string, string> = body) => {
    const post = world.testApp.http().post('/api/v1/records-requests');
    return (key === undefined ? post : post.set('Idempotency-Key', key)).send(sent);
  };
  const receiptHashOf = async (registrationNumber: string) =>
    (
      await query(
        world.testApp,
        'select receipt_code_hash from records_request where registration_number = $1',
        [registrationNumber],
      )
    )[0]?.receipt_code_hash;

  it('ten retries at once with one key file one request, and every one gets its answer', async () => {
    const key = randomUUID();
    const before = await count();
    const responses = await Promise.all(Array.from({ length: 10 }, () => file(key)));

    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    const answers = responses.map((response) => response.body as Filed);
    const first = answers[0];
    expect(first.registrationNumber).toMatch(/^BEG-\d{4}-\d{5}$/);
    expect(first.status).toBe('received');
    for (const answer of answers) {
      expect(answer).toEqual(first);
    }
    expect(await count()).toBe(before + 1);
    // The receipt code given back is the request's own.
    expect(await receiptHashOf(first.registrationNumber)).toBe(
      createHash('sha256').update(first.receiptCode).digest('hex'),
    );
    // Later retries get the same answer too, and nothing of the key is kept in the clear.
    const later = await file(key).expect(201);
    expect(later.body).toEqual(first);
    const [row] = await query(world.testApp, 'select * from intake_idempotency_key');
    expect(JSON.stringify(row)).not.toContain(key);
    expect(JSON.stringify(row)).not.toContain(first.receiptCode);
    expect(await count()).toBe(before + 1);
  });

  it('the same key with another body is refused with 422 in Swedish; nothing is filed', async () => {
    const key = randomUUID();
    await file(key).expect(201);
    const before = await count();

    const refused = await file(key, { ...body, description: 'Något helt annat.' }).expect(422);
    const error = (refused.body as ErrorBody).error;
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/Idempotency-Key.*redan använts/);
    expect(error.requestId).toBeTruthy();
    expect(await count()).toBe(before);
  });

  it('the same body in another field order is the same request', async () => {
    const key = randomUUID();
    const first = await file(key).expect(201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await file(key, reordered).expect(201);
    expect(again.body).toEqual(first.body);
  });

  it('without a key every filing is a new request', async () => {
    const before = await count();
    const [a, b] = await Promise.all([file(undefined).expect(201), file(undefined).expect(201)]);
    expect((a.body as Filed).registrationNumber).not.toBe((b.body as Filed).registrationNumber);
    expect(await count()).toBe(before + 2);
  });

  it('a key is kept 24 hours: reused after that, it files a new request', async () => {
    const key = randomUUID();
    const first = (await file(key).expect(201)).body as Filed;
    await query(
      world.testApp,
      `update intake_idempotency_key set created_at = now() - interval '24 hours 1 minute'
        where request_id = (select id from records_request where registration_number = $1)`,
      [first.registrationNumber],
    );

    const second = (await file(key).expect(201)).body as Filed;
    expect(second.registrationNumber).not.toBe(first.registrationNumber);
    expect(second.receiptCode).not.toBe(first.receiptCode);
    // The key now answers with the new request.
    expect((await file(key).expect(201)).body).toEqual(second);
    // The minute sweep forgets expired keys.
    await query(
      world.testApp,
      `update intake_idempotency_key set created_at = now() - interval '25 hours'
        where request_id = (select id from records_request where registration_number = $1)`,
      [second.registrationNumber],
    );
    await world.testApp.app.get(RequestProcessingService).sweep();
    expect(
      await query(
        world.testApp,
        `select 1 from intake_idempotency_key where created_at < now() - interval '24 hours'`,
      ),
    ).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['not ASCII', 'nyckel-åäö'],
  ])('a key that is %s is refused with 400, and nothing is filed', async (_, key) => {
    const before = await count();
    const refused = await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .set('Idempotency-Key', Buffer.from(key, 'utf8').toString('latin1'))
      .send(body)
      .expect(400);
    const error = (refused.body as ErrorBody).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('Idempotency-Key');
    expect(await count()).toBe(before);
  });

  it('while the first request with a key is still being served, a retry waits, then gets 409 with Retry-After; once it failed, the retry files', async () => {
    const key = randomUUID();
    const claim = idempotencyClaim(key, { channel: 'api', clientAddress: '' }, { ...body });
    // A first attempt in flight: its key row claimed in a transaction not yet committed.
    const inFlight = new Client({
      connectionString: testDatabaseUrl(),
      options: `-c search_path=${world.testApp.config.database.schema}`,
    });
    await inFlight.connect();
    try {
      await inFlight.query('begin');
      await inFlight.query(
        `insert into intake_idempotency_key
           (key_hash, route, fingerprint, request_id, receipt_code_sealed, created_at)
         values ($1, 'public', $2, $3, '\\x00', now())`,
        [claim.keyHash, claim.fingerprint, randomUUID()],
      );
      const started = Date.now();
      const busy = await file(key).expect(409);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
      expect((busy.body as ErrorBody).error.code).toBe('REQUEST_IN_PROGRESS');
      expect((busy.body as ErrorBody).error.message).toMatch(/behandlas redan/);
      expect(busy.headers['retry-after']).toBe('1');
      // The first attempt fails (rolls back): the key is free again.
      await inFlight.query('rollback');
    } finally {
      await inFlight.end();
    }
    const before = await count();
    const filed = (await file(key).expect(201)).body as Filed;
    expect((await file(key).expect(201)).body).toEqual(filed);
    expect(await count()).toBe(before + 1);
  });

  describe('signed in', () => {
    let guardian: TestAgent;
    let reviewer: TestAgent;
    let childId: string;

    beforeAll(async () => {
      guardian = await world.signIn('vardnadshavare');
      reviewer = await world.signIn('granskare');
      childId = await world.personId(CHILD);
    });

    it('a guardian’s retries with one key file one request about the child', async () => {
      const key = randomUUID();
      const sent = { description: `Mitt barns planer (${key}).`, delivery: 'electronic' };
      const before = await count("channel = 'guardian'");
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          guardian
            .post(`/api/v1/records-requests/as-guardian/${childId}`)
            .set('Idempotency-Key', key)
            .send(sent),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(5).fill(201));
      for (const response of responses) {
        expect(response.body).toEqual(responses[0].body);
      }
      expect(await count("channel = 'guardian'")).toBe(before + 1);

      // Keys are per route: the same key on the public route is another key.
      const publicFiled = (await file(key).expect(201)).body as Filed;
      expect(publicFiled.registrationNumber).not.toBe(
        (responses[0].body as Filed).registrationNumber,
      );
    });

    it('keys are per account: another account’s key with the same value is its own', async () => {
      const key = randomUUID();
      const today = stockholmToday(new Date());
      const sent = { ...body, channel: 'phone', receivedOn: today };
      const byReviewer = (
        await reviewer
          .post('/api/v1/records-requests/registered')
          .set('Idempotency-Key', key)
          .send(sent)
          .expect(201)
      ).body as Filed;
      expect(
        (
          await reviewer
            .post('/api/v1/records-requests/registered')
            .set('Idempotency-Key', key)
            .send(sent)
            .expect(201)
        ).body,
      ).toEqual(byReviewer);
      // The same key on another route (forwarding) and by another account is a new request.
      const mentor = await world.signIn('mentor');
      const byMentor = (
        await mentor
          .post('/api/v1/records-requests/forwarded')
          .set('Idempotency-Key', key)
          .send({ ...body, receivedOn: today })
          .expect(201)
      ).body as Filed;
      expect(byMentor.registrationNumber).not.toBe(byReviewer.registrationNumber);
      // Another channel is another filing: refused with the same key.
      await reviewer
        .post('/api/v1/records-requests/registered')
        .set('Idempotency-Key', key)
        .send({ ...sent, channel: 'letter' })
        .expect(422);
    });
  });
});

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type TestAgent from 'supertest/lib/agent';

import { firstStepsJobId } from '../../src/requests/requests.jobs';
import { DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FIXTURES = join(__dirname, '..', 'fixtures', 'directory');

interface Entry {
  action: string;
  target_id: string | null;
  request_id: string | null;
}

/**
 * The correlation id travels in the request context, not in parameters: an
 * HTTP call's `x-request-id` is what the audit entries of what it did store,
 * calls at once never swap ids, and jobs keep the ids their entries had.
 */
describe('the request context: correlation ids in audit entries', () => {
  let world: DemoWorld;
  let principal: TestAgent;
  let pupilIds: string[];

  beforeAll(async () => {
    world = await startDemoWorld();
    principal = await world.signIn('rektor');
    const me = await principal.get('/api/v1/me').expect(200);
    pupilIds = (me.body as { pupils: { id: string }[] }).pupils.map((pupil) => pupil.id);
    expect(pupilIds.length).toBeGreaterThan(1);
  });

  afterAll(() => world.close());

  const entriesOf = async (correlationIds: readonly string[]): Promise<Entry[]> =>
    (await query(
      world.testApp,
      `select action, target_id, request_id from audit_entry
        where request_id = any($1::text[]) order by id`,
      [correlationIds],
    )) as unknown as Entry[];

  const readPupil = (pupilId: string, correlationId?: string) => {
    const call = principal.get(`/api/v1/pupils/${pupilId}`);
    return (correlationId === undefined ? call : call.set('X-Request-Id', correlationId)).expect(
      200,
    );
  };

  it('stores the x-request-id of an HTTP call, given by a proxy or made here, in the entry of what it did', async () => {
    const given = `e2e-${randomUUID()}`;
    const withGiven = await readPupil(pupilIds[0], given);
    expect(withGiven.headers['x-request-id']).toBe(given);
    const withMade = await readPupil(pupilIds[1]);
    const made = String(withMade.headers['x-request-id']);
    expect(made).toMatch(UUID);

    expect(await entriesOf([given, made])).toEqual([
      { action: 'pupil.profile.read', target_id: pupilIds[0], request_id: given },
      { action: 'pupil.profile.read', target_id: pupilIds[1], request_id: made },
    ]);
  });

  it('quotes the same id in an error page and an API error body', async () => {
    const page = await world.testApp
      .http()
      .get('/finns-inte')
      .set('Accept', 'text/html')
      .set('X-Request-Id', 'e2e-page-0001')
      .expect(404);
    expect(page.text).toContain('Referens: <code>e2e-page-0001</code>');
    const api = await world.testApp
      .http()
      .get('/api/v1/finns-inte')
      .set('X-Request-Id', 'e2e-api-0001')
      .expect(404);
    expect(api.headers['x-request-id']).toBe('e2e-api-0001');
    expect((api.body as { error: { requestId: string } }).error.requestId).toBe('e2e-api-0001');
  });

  it('keeps 20 calls at once apart: each entry has the id of the call that made it', async () => {
    const calls = Array.from({ length: 20 }, (_, index) => ({
      pupilId: pupilIds[index % pupilIds.length],
      // Half the ids come from the caller, half are made by the service.
      given: index % 2 === 0 ? `e2e-parallel-${index}-${randomUUID()}` : undefined,
    }));

    const responses = await Promise.all(calls.map((call) => readPupil(call.pupilId, call.given)));

    const ids = responses.map((response) => String(response.headers['x-request-id']));
    expect(new Set(ids).size).toBe(calls.length);
    calls.forEach((call, index) => {
      if (call.given !== undefined) expect(ids[index]).toBe(call.given);
    });
    const entries = await entriesOf(ids);
    expect(entries).toHaveLength(calls.length);
    calls.forEach((call, index) => {
      expect(entries.filter((entry) => entry.request_id === ids[index])).toEqual([
        { action: 'pupil.profile.read', target_id: call.pupilId, request_id: ids[index] },
      ]);
    });
  });

  it('gives the first steps of a request the job id, not the id of the call that filed it', async () => {
    const filing = `e2e-intake-${randomUUID()}`;
    const response = await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .set('X-Request-Id', filing)
      .send({
        description: 'Jag vill ta del av elevens individuella utvecklingsplaner.',
        pupilName: 'Alva Lind',
        school: 'Björkängsskolan',
        delivery: 'electronic',
      })
      .expect(201);
    const [request] = await query(
      world.testApp,
      'select id from records_request where registration_number = $1',
      [(response.body as { registrationNumber: string }).registrationNumber],
    );
    const requestId = String(request?.id);

    const processed = await eventually(async () => {
      const [entry] = await query(
        world.testApp,
        `select request_id from audit_entry
          where action = 'records_request.processed' and target_id = $1`,
        [requestId],
      );
      return entry;
    }, 'the first steps');

    expect(processed.request_id).toBe(firstStepsJobId(requestId));
    expect(await entriesOf([filing])).toEqual([
      { action: 'records_request.received', target_id: requestId, request_id: filing },
    ]);
  });

  it('gives a directory import job no correlation id, and its submission the call id', async () => {
    const admin = await world.signIn('admin');
    const submitting = `e2e-import-${randomUUID()}`;
    const csv = await readFile(join(FIXTURES, 'directory.csv'), 'utf8');
    const submitted = await admin
      .post('/api/v1/directory/imports?fileName=katalog.csv')
      .set('Content-Type', 'text/csv')
      .set('X-Request-Id', submitting)
      .send(csv)
      .expect(202);
    const importId = String((submitted.body as { id: string }).id);

    const entries = await eventually(
      async () => {
        const rows = (await query(
          world.testApp,
          `select action, target_id, request_id from audit_entry
          where target_type = 'directory_import' and target_id = $1 order by id`,
          [importId],
        )) as unknown as Entry[];
        return rows.length === 2 ? rows : null;
      },
      'the import to finish',
      30000,
    );

    expect(entries).toEqual([
      { action: 'directory.import.submitted', target_id: importId, request_id: submitting },
      { action: 'directory.import.completed', target_id: importId, request_id: null },
    ]);
  });
});

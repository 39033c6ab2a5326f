import { AuditService } from '../../src/audit/audit.service';
import { RequestProcessingService } from '../../src/requests/request-processing.service';
import { RequestsProcessor } from '../../src/requests/requests.processor';
import { DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';

/**
 * The first steps as one statement, with the requests worker running four jobs at once on
 * the PostgreSQL queue backend (BullMQ's count-based clean-up of completed jobs deadlocked
 * there; the queue keeps them by age instead).
 */
describe('requests for public records: first steps, four at once on PostgreSQL', () => {
  let world: DemoWorld;
  let body: Record<string, string> = {};

  beforeAll(async () => {
    world = await startDemoWorld({
      withPlans: true,
      queue: 'postgres',
      env: { REQUESTS_WORKER_CONCURRENCY: '4' },
    });
    const [pupil] = await query(
      world.testApp,
      `select pe.given_name, pe.family_name from person pe
        where pe.external_id = 'demo:person:pupil-4-3'`,
    );
    body = {
      description: 'Jag vill ta del av elevens individuella utvecklingsplaner.',
      pupilName: `${String(pupil?.given_name)} ${String(pupil?.family_name)}`,
      school: 'Björkängsskolan',
      delivery: 'electronic',
    };
  });

  afterAll(() => world.close());

  it('runs the requests worker four at once', () => {
    expect(world.testApp.app.get(RequestsProcessor).worker.concurrency).toBe(4);
  });

  it('does each request of a burst once: candidates, notices, deadlines, one event, one audit entry', async () => {
    const filed = await Promise.all(
      Array.from({ length: 24 }, () =>
        world.testApp.http().post('/api/v1/records-requests').send(body).expect(201),
      ),
    );
    const numbers = filed.map((response) => String(response.body.registrationNumber));
    const rows = await eventually(
      async () => {
        const found = await query(
          world.testApp,
          `select r.id, r.processed_at, r.decision_due, r.alerts_scheduled_for,
             (select count(*)::int from records_request_event e
               where e.request_id = r.id and e.kind = 'first_steps') as events,
             (select count(*)::int from audit_entry a
               where a.target_id = r.id::text and a.action = 'records_request.processed') as audits,
             (select count(*)::int from records_request_item i
               where i.request_id = r.id and i.kind = 'record') as records,
             (select count(*)::int from staff_notification n
               where n.request_id = r.id and n.kind = 'new_request') as notices
           from records_request r where r.registration_number = any($1)`,
          [numbers],
        );
        return found.length === numbers.length && found.every((row) => row.processed_at)
          ? found
          : null;
      },
      'the first steps of every request',
      60_000,
    );
    for (const row of rows) {
      expect(row).toMatchObject({ events: 1, audits: 1 });
      expect(row.records).toBeGreaterThan(0);
      expect(row.notices).toBeGreaterThan(0);
      // The alerts were queued before the statement that noted them.
      expect(row.alerts_scheduled_for).toEqual(row.decision_due);
    }
    const [event] = await query(
      world.testApp,
      `select e.details from records_request_event e where e.request_id = $1 and e.kind = 'first_steps'`,
      [rows[0]?.id],
    );
    const [entry] = await query(
      world.testApp,
      `select details from audit_entry where target_id = $1 and action = 'records_request.processed'`,
      [String(rows[0]?.id)],
    );
    // Counts taken inside the statement are kept as numbers, in the event and the audit entry.
    expect(event?.details).toEqual({
      firstActionDue: expect.any(String),
      decisionDue: expect.any(String),
      records: rows[0]?.records,
      drafts: expect.any(Number),
      reviewersNotified: rows[0]?.notices,
    });
    expect(entry?.details).toEqual({
      ...(event?.details as object),
      registrationNumber: expect.any(String),
    });
    expect((await world.testApp.app.get(AuditService).verify()).ok).toBe(true);

    // Completed first-steps jobs are kept by age on PostgreSQL, not by count.
    const jobs = await query(
      world.testApp,
      `select opts -> 'removeOnComplete' as keep from "${world.testApp.config.queue.postgresSchema}".job
        where name = 'first-steps' limit 1`,
    );
    expect(jobs[0]?.keep).toEqual({ age: 86400 });
  });

  it('two runs of the same first steps at once: one does them, the other finds them done', async () => {
    const [request] = await query(
      world.testApp,
      `insert into records_request (id, registration_number, receipt_code_hash, channel, received_on, received_at,
         description, pupil_name, school, delivery, created_at, updated_at)
       values (gen_random_uuid(), 'BEG-2026-99990', 'twice', 'web', current_date, now(),
         'Två körningar på en gång', $1, $2, 'on_site', now(), now())
       returning id`,
      [body.pupilName, body.school],
    );
    const processing = world.testApp.app.get(RequestProcessingService);
    const ran = await Promise.all([
      processing.runFirstSteps(String(request?.id)),
      processing.runFirstSteps(String(request?.id)),
    ]);
    expect([...ran].sort()).toEqual([false, true]);
    const [counts] = await query(
      world.testApp,
      `select (select count(*)::int from records_request_event
                where request_id = $1 and kind = 'first_steps') as events,
              (select count(*)::int from audit_entry
                where target_id = $1::text and action = 'records_request.processed') as audits,
              (select count(*)::int from records_request_item where request_id = $1) as items,
              (select processed_at from records_request where id = $1) as processed_at`,
      [request?.id],
    );
    expect(counts).toMatchObject({ events: 1, audits: 1 });
    expect(counts?.items).toBeGreaterThan(0);
    expect(counts?.processed_at).not.toBeNull();
  });
});

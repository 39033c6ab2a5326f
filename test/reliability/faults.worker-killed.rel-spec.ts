import { createPostgresBackend, Job, Queue } from 'bullmq';
import { Client } from 'pg';

import { EMAIL_QUEUE, sendJobId } from '../../src/email/email.jobs';
import { REQUESTS_QUEUE } from '../../src/queue/queue-names';
import { firstStepsJobId } from '../../src/requests/requests.jobs';
import { eventually } from '../support/demo-world';
import { FaultScenario } from '../support/fault-scenario';
import { SmtpSink } from '../support/smtp-sink';
import { tally } from '../support/tally';
import { testDatabaseUrl } from '../support/test-env';

/**
 * A worker killed with SIGKILL while it holds two jobs: a request's first
 * steps (stopped half-way inside their transaction by a lock the test
 * holds) and the receipt e-mail (the SMTP server has the whole message but
 * has not answered yet). After another worker takes over, each takes effect
 * exactly once: one first-steps event and audit entry, and the requester
 * gets the receipt once, not a second time on the retry. Real processes, a
 * real PostgreSQL, BullMQ's own stall detection (about half a minute).
 */
describe('a worker killed in the middle of its jobs', () => {
  let sink: SmtpSink;
  let scenario: FaultScenario;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    sink = await SmtpSink.start();
    scenario = new FaultScenario({ SMTP_URL: sink.url });
  });

  afterAll(async () => {
    await scenario.close();
    await Promise.all(closers.map((close) => close()));
    await sink.close();
  });

  const queue = (name: string) => {
    const opened = new Queue(
      name,
      {
        connection: {
          connectionString: testDatabaseUrl(),
          schema: scenario.config.queue.postgresSchema,
        },
      },
      createPostgresBackend,
    );
    closers.push(() => opened.close());
    return opened;
  };
  const inState = (job: Job, state: string, what: string) =>
    eventually(async () => ((await job.getState()) === state ? true : null), what, 120_000);

  it('processes the first steps once and sends the e-mail once after a new worker takes over', async () => {
    // One process serves and works (one boot less than a web and a worker: the suite is slow).
    const { web: first, baseUrl } = await scenario.startWeb({ ROLE: 'all', LOG_LEVEL: 'info' });
    const to = 'kvitto@example.se';

    // Hold the reviewers' notices so the first steps stop half-way, inside their transaction
    // (they lock the request, match records, then tell the reviewers), and hold the mail
    // server's reply so the receipt is on the wire when the process dies.
    const blocker = new Client({ connectionString: testDatabaseUrl() });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query(`lock table ${scenario.schema}.staff_notification in share mode`);
    const blockerPid = Number((await blocker.query('select pg_backend_pid() as pid')).rows[0]?.pid);
    sink.holdReplies();

    const filed = await scenario.fileByApi(baseUrl, {
      description: 'Planer för en elev.',
      delivery: 'on_site',
      contactEmail: to,
    });
    expect(filed.status).toBe(201);
    const registrationNumber = String(filed.body.registrationNumber);
    const [request] = await scenario.sql(
      'select id from records_request where registration_number = $1',
      [registrationNumber],
    );
    const [email] = await scenario.sql('select id from email_outbox where request_id = $1', [
      request?.id,
    ]);
    const requestId = String(request?.id);
    const emailId = String(email?.id);

    const requests = queue(REQUESTS_QUEUE);
    const emails = queue(EMAIL_QUEUE);
    const firstSteps = await eventually(
      async () => requests.getJob(firstStepsJobId(requestId)),
      'the first-steps job',
    );
    const send = await eventually(async () => emails.getJob(sendJobId(emailId)), 'the send job');
    await inState(firstSteps, 'active', 'the first steps in flight');
    await eventually(
      () => Promise.resolve(sink.to(to).length === 1 ? true : null),
      'the receipt on the wire',
    );

    first.signal('SIGKILL');
    await first.exitCode();
    // The killed process's statement still waits in PostgreSQL for the held lock: a database
    // notices a dead client only when it next speaks to it (or with
    // client_connection_check_interval). The first steps are one statement, their own
    // transaction, so left alone it would commit once the lock is released; end it as the
    // database would on noticing, so that the new worker is the one to do the first steps.
    await blocker.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
      [blockerPid],
    );
    await blocker.query('rollback');
    await blocker.end();
    sink.releaseReplies();

    const [before] = await scenario.sql(
      `select (select processed_at from records_request where id = $1) as processed_at,
              (select sent_at from email_outbox where id = $2) as sent_at`,
      [requestId, emailId],
    );
    expect(before).toEqual({ processed_at: null, sent_at: null });

    await scenario.startWorker();
    await scenario.processed([registrationNumber]);
    await inState(firstSteps, 'completed', 'the first steps completed');
    await inState(send, 'completed', 'the send completed');

    const mismatches = await scenario.firstStepsMismatches([registrationNumber]);
    const receipts = sink.to(to).length;
    if (receipts !== 1) {
      mismatches.push(`the receipt arrived ${receipts} times`);
    }
    // The retry found the send cut off and left a word of it; the sweeper does not send it either.
    const [outbox] = await scenario.sql(
      'select send_started_at is not null as claimed, last_error from email_outbox where id = $1',
      [emailId],
    );
    if (!outbox?.claimed || typeof outbox.last_error !== 'string') {
      mismatches.push(`outbox after the takeover: ${JSON.stringify(outbox)}`);
    }
    tally('faults', { cases: 2, failures: mismatches.length, note: 'jobs killed in flight' });
    expect(mismatches).toEqual([]);
  }, 180_000);
});

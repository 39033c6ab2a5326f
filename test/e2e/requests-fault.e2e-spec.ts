import { createPostgresBackend, Queue } from 'bullmq';
import { Client } from 'pg';

import { firstStepsJobId, REQUESTS_QUEUE } from '../../src/requests/requests.jobs';
import { eventually } from '../support/demo-world';
import { freePort, ServiceProcess } from '../support/service-process';
import { buildTestConfig, dropTestData, testDatabaseUrl } from '../support/test-env';

/**
 * A worker killed with SIGKILL in the middle of a request's first steps:
 * after another worker takes over, the request is processed exactly once
 * and nothing filed is lost. Real processes, a real PostgreSQL, BullMQ's
 * own stall detection (about half a minute), so this suite is slow.
 */
describe('a worker killed in the middle of a request’s first steps', () => {
  const config = buildTestConfig();
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: config.database.schema,
    QUEUE_SCHEMA: config.queue.postgresSchema,
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
  const running: ServiceProcess[] = [];
  const start = (extra: Record<string, string>): ServiceProcess => {
    const service = new ServiceProcess({ ...env, ...extra });
    running.push(service);
    return service;
  };
  const closers: (() => Promise<void>)[] = [];
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
  });

  afterAll(async () => {
    await Promise.all(running.splice(0).map((service) => service.kill()));
    await Promise.all(closers.map((close) => close()));
    await client.end();
    await dropTestData(config);
  });

  it('is processed once after a new worker takes over, and nothing is lost', async () => {
    const port = String(await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;
    const web = start({ ROLE: 'web', PORT: port });
    await web.waitForReady(baseUrl);

    // Filed while no worker runs: committed and answered at once.
    const response = await fetch(`${baseUrl}/api/v1/records-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'Planer för en elev.', delivery: 'on_site' }),
    });
    expect(response.status).toBe(201);
    const filed = (await response.json()) as { registrationNumber: string };
    const schema = config.database.schema;
    const [row] = (
      await client.query(
        `select id from ${schema}.records_request where registration_number = $1`,
        [filed.registrationNumber],
      )
    ).rows as { id: string }[];
    const requestId = String(row?.id);

    // Hold the request's row so the worker's first steps stop half-way, inside their transaction.
    const blocker = new Client({ connectionString: testDatabaseUrl() });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query(`select id from ${schema}.records_request where id = $1 for update`, [
      requestId,
    ]);

    const queue = new Queue(
      REQUESTS_QUEUE,
      { connection: { connectionString: testDatabaseUrl(), schema: config.queue.postgresSchema } },
      createPostgresBackend,
    );
    closers.push(() => queue.close());
    const first = start({ ROLE: 'worker', LOG_LEVEL: 'info' });
    await first.waitForLog('Queue workers started on postgres');
    const job = await eventually(async () => queue.getJob(firstStepsJobId(requestId)), 'the job');
    await eventually(
      async () => ((await job.getState()) === 'active' ? true : null),
      'the job in flight',
    );

    first.signal('SIGKILL');
    await first.exitCode();
    await blocker.query('rollback');
    await blocker.end();

    const processedBefore = await client.query(
      `select processed_at from ${schema}.records_request where id = $1`,
      [requestId],
    );
    expect(processedBefore.rows[0]?.processed_at).toBeNull();

    start({ ROLE: 'worker' });
    await eventually(
      async () => {
        const result = await client.query(
          `select processed_at from ${schema}.records_request where id = $1`,
          [requestId],
        );
        return result.rows[0]?.processed_at ? true : null;
      },
      'the first steps after the takeover',
      120_000,
    );
    const events = await client.query(
      `select count(*)::int as count from ${schema}.records_request_event where request_id = $1 and kind = 'first_steps'`,
      [requestId],
    );
    const audits = await client.query(
      `select count(*)::int as count from ${schema}.audit_entry where target_id = $1 and action = 'records_request.processed'`,
      [requestId],
    );
    expect(events.rows[0]?.count).toBe(1);
    expect(audits.rows[0]?.count).toBe(1);
    expect(
      await eventually(
        async () => ((await job.getState()) === 'completed' ? true : null),
        'completion',
      ),
    ).toBe(true);
  }, 180_000);
});

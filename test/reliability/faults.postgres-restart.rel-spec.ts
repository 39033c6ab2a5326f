import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { FaultScenario } from '../support/fault-scenario';
import { freePort } from '../support/service-process';
import { tally } from '../support/tally';

const UNAVAILABLE = 'Tjänsten är tillfälligt otillgänglig';

interface Probe {
  readonly what: string;
  readonly path: string;
  readonly init?: RequestInit;
  /** A page (Accept: text/html) rather than the API or health. */
  readonly page?: boolean;
}

/**
 * PostgreSQL stopped under a running web process and worker (queues and
 * sessions on PostgreSQL too: no Redis). Meanwhile every probe answers 503 —
 * the API and health with the stable error shape or the health report,
 * pages with a Swedish page — never a 500 and never a hang. When the same
 * cluster is started again the same processes recover by themselves and a
 * request filed then gets its first steps once.
 */
describe('PostgreSQL restarted under the running service', () => {
  let root: string;
  let port: number;
  let server: EmbeddedPostgres;
  let scenario: FaultScenario;
  const startCluster = () =>
    EmbeddedPostgres.start({
      dataDir: join(root, 'postgres'),
      port,
      database: 'iup',
      log: () => undefined,
    });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'iup-faults-pg-'));
    // As root the server runs as `postgres`, which must reach the data directory.
    await chmod(root, 0o755);
    port = await freePort();
    server = await startCluster();
    scenario = new FaultScenario({}, server.url);
  }, 120_000);

  afterAll(async () => {
    await scenario.close();
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }, 60_000);

  it('answers 503 while it is down and recovers by itself', async () => {
    const { web, baseUrl } = await scenario.startWeb();
    // The worker too lives through it: only it can run the first steps filed afterwards.
    const worker = await scenario.startWorker();
    // A visitor who opened the form before: the next request reads that session.
    const form = await fetch(`${baseUrl}/begaran`);
    const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^iup\.sid=/);

    await server.stop();
    await scenario.dropConnection();

    const probes: Probe[] = [
      { what: 'readiness', path: '/health/ready' },
      {
        what: 'filing by the API',
        path: '/api/v1/records-requests',
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ description: 'Under avbrottet.', delivery: 'on_site' }),
        },
      },
      {
        what: 'status by the API',
        path: '/api/v1/records-requests/status',
        init: { headers: { 'x-receipt-code': 'ABCD-EFGH-JKMN' } },
      },
      { what: 'the form, new visitor', path: '/begaran', page: true },
      {
        what: 'the form, with a session',
        path: '/begaran',
        page: true,
        init: { headers: { cookie } },
      },
      {
        what: 'the status page',
        path: '/begaran/status',
        page: true,
        init: { headers: { cookie } },
      },
    ];
    const mismatches: string[] = [];
    for (const probe of probes) {
      const headers = {
        ...(probe.init?.headers as Record<string, string> | undefined),
        accept: probe.page ? 'text/html' : 'application/json',
      };
      const response = await fetch(`${baseUrl}${probe.path}`, {
        ...probe.init,
        headers,
        // A hang fails: an outage is answered, not waited out.
        signal: AbortSignal.timeout(20_000),
      }).catch((error: Error) => ({ status: 0, text: () => Promise.resolve(error.message) }));
      const text = await response.text();
      const body = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : null;
      const error = body?.error as Record<string, unknown> | undefined;
      const answered =
        response.status !== 503
          ? false
          : probe.path === '/health/ready'
            ? body?.status === 'error'
            : probe.page
              ? text.includes(UNAVAILABLE)
              : error?.status === 503 &&
                error.code === 'SERVICE_UNAVAILABLE' &&
                String(error.message).startsWith(UNAVAILABLE) &&
                Array.isArray(error.fields) &&
                typeof error.requestId === 'string';
      if (!answered) {
        mismatches.push(`${probe.what}: ${response.status} ${text.slice(0, 300)}`);
      }
    }

    server = await startCluster();
    // The same processes, not restarted: ready again once their pools reconnect.
    await web.waitForReady(baseUrl, 60_000);
    const filed = await scenario.fileByApi(baseUrl, {
      description: 'Efter omstarten.',
      delivery: 'on_site',
    });
    if (filed.status !== 201) {
      mismatches.push(`filing after the restart: ${filed.status} ${JSON.stringify(filed.body)}`);
    } else {
      const number = String(filed.body.registrationNumber);
      try {
        await scenario.processed([number]);
        mismatches.push(...(await scenario.firstStepsMismatches([number])));
      } catch (error) {
        // What both logged (their JSON lines) tells a job never queued from one never taken.
        const lines = (log: string) =>
          log
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .slice(-40)
            .join('\n');
        // And the database: the job's row, and what each connection is doing.
        const jobs = await scenario.sql(
          `select left((to_jsonb(j) - 'data' - 'opts' - 'stacktrace')::text, 600) as job
             from ${scenario.config.queue.postgresSchema}.job j where j.queue = 'records-requests'`,
        );
        const sessions = await scenario.sql(
          `select application_name, state, wait_event_type, wait_event, left(query, 100) as query
             from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
        );
        mismatches.push(
          [
            (error as Error).message,
            `the web's log:\n${lines(web.log)}`,
            `the worker's log:\n${lines(worker.log)}`,
            `the queue's jobs:\n${jobs.map((row) => String(row.job)).join('\n')}`,
            `the database sessions:\n${sessions.map((row) => JSON.stringify(row)).join('\n')}`,
          ].join('\n'),
        );
      }
    }
    const page = await fetch(`${baseUrl}/begaran`, { headers: { cookie } });
    if (page.status !== 200) mismatches.push(`the form after the restart: ${page.status}`);

    tally('faults', {
      cases: probes.length + 2,
      failures: mismatches.length,
      note: 'probes with PostgreSQL down and after',
    });
    expect(mismatches).toEqual([]);
  }, 150_000);
});

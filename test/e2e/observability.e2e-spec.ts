import { randomUUID } from 'node:crypto';

import { PDFDocument } from '@cantoo/pdf-lib';
import { createPostgresBackend, Queue } from 'bullmq';

import { Metrics } from '../../src/common/metrics/metrics';
import { stockholmToday } from '../../src/common/stockholm';
import { SYSTEM_QUEUE } from '../../src/queue/queue.jobs';
import type { CopyRenderer } from '../../src/redaction/checked-copy';
import { renderRedactedCopy } from '../../src/redaction/redacted-pdf';
import { COPY_RENDERER } from '../../src/redaction/redaction.service';
import { DemoWorld, eventually, query, startDemoWorld } from '../support/demo-world';
import { establishPlan } from '../support/established-plan';
import { freePort, ServiceProcess } from '../support/service-process';
import { buildTestConfig, dropTestData, testDatabaseUrl } from '../support/test-env';

/** One sample of a metric in Prometheus' text format: its labels and its value. */
interface Sample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

function samples(exposition: string, name: string): Sample[] {
  const found: Sample[] = [];
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1] ?? ''] = pair[2] ?? '';
    }
    found.push({ labels, value: Number(match[3]) });
  }
  return found;
}

const valueOf = (exposition: string, name: string, labels: Record<string, string> = {}) =>
  samples(exposition, name).find((sample) =>
    Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  )?.value;

describe('metrics of a running application', () => {
  let world: DemoWorld;
  const metricsText = () =>
    world.testApp.app
      .get(Metrics)
      .exposition()
      .then((m) => m.text);

  /** A renderer with a fault: it names a person in the metadata, so the leak check stops it. */
  const leakyRenderer: CopyRenderer = async (document, header) => {
    const drawn = await PDFDocument.load(await renderRedactedCopy(document, header), {
      updateMetadata: false,
    });
    drawn.setAuthor('Anna Granskare');
    return drawn.save();
  };

  beforeAll(async () => {
    world = await startDemoWorld({ replace: [{ token: COPY_RENDERER, value: leakyRenderer }] });
  });

  afterAll(() => world.close());

  it('times HTTP requests by route template, method and status, never by the URL itself', async () => {
    const rektor = await world.signIn('rektor');
    const unknownPupil = randomUUID();
    await rektor.get(`/api/v1/pupils/${unknownPupil}`).expect(404);
    await world.testApp.http().get(`/begaran/status?kod=DEMA-0000-0001`);
    await world.testApp.http().get(`/finns-inte/${unknownPupil}`).expect(404);

    const text = await metricsText();
    const requests = samples(text, 'iup_http_request_duration_seconds_count');
    expect(requests).toContainEqual({
      labels: { method: 'GET', route: '/api/v1/pupils/:pupilId', status: '404' },
      value: 1,
    });
    expect(requests).toContainEqual({
      labels: { method: 'POST', route: '/api/v1/auth/login', status: '200' },
      value: expect.any(Number) as number,
    });
    expect(
      requests.find(
        (sample) => sample.labels.route === '(unmatched)' && sample.labels.status === '404',
      ),
    ).toBeDefined();
    // No id, code or query string became a label.
    expect(text).not.toContain(unknownPupil);
    expect(text).not.toContain('DEMA-0000');
    expect(requests.every((sample) => !sample.labels.route?.includes('?'))).toBe(true);
  });

  it('counts the queues’ jobs per state, read from the queue backend when scraped', async () => {
    const text = await metricsText();
    for (const queue of ['records-requests', 'email', 'directory', 'retention', 'system']) {
      for (const state of ['waiting', 'active', 'failed', 'completed', 'delayed']) {
        expect(valueOf(text, 'iup_queue_jobs', { queue, state })).toEqual(expect.any(Number));
      }
    }
    // The nightly disposal is always scheduled.
    expect(valueOf(text, 'iup_queue_jobs', { queue: 'retention', state: 'delayed' })).toBe(1);
  });

  it('counts e-mails waiting and failed in the outbox, and requests past their decision date', async () => {
    // Two unsent e-mails (SMTP_URL is unset here): one not yet tried, one whose send failed.
    for (const lastError of [null, 'SMTP-servern svarade inte']) {
      await query(
        world.testApp,
        `insert into email_outbox (id, kind, to_address, subject, body, created_at, last_error)
         values ($1, 'receipt', 'kim@example.org', 'Kvitto', 'Text', now(), $2)`,
        [randomUUID(), lastError],
      );
    }
    // A request filed now, whose decision date is then put behind us.
    const filed = await world.testApp
      .http()
      .post('/api/v1/records-requests')
      .send({
        description: 'Planerna för läsåret 2025/26.',
        delivery: 'on_site',
        contactName: 'Kim',
      })
      .expect(201);
    const registrationNumber = (filed.body as { registrationNumber: string }).registrationNumber;
    // After its first steps, which set the dates.
    await eventually(async () => {
      const [row] = await query(
        world.testApp,
        'select processed_at from records_request where registration_number = $1',
        [registrationNumber],
      );
      return row?.processed_at ?? null;
    }, 'the first steps of the request');
    await query(
      world.testApp,
      'update records_request set decision_due = $1::date - 3 where registration_number = $2',
      [stockholmToday(new Date()), registrationNumber],
    );
    const [outbox] = await query(
      world.testApp,
      `select count(*) filter (where last_error is null)::int as waiting,
              count(*) filter (where last_error is not null)::int as failed
         from email_outbox where sent_at is null`,
    );
    const [overdue] = await query(
      world.testApp,
      `select count(*)::int as count from records_request
        where status in ('received', 'in_review', 'awaiting_clarification') and decision_due < $1`,
      [stockholmToday(new Date())],
    );
    expect(Number(outbox?.failed)).toBe(1);
    expect(Number(overdue?.count)).toBeGreaterThan(0);

    const text = await metricsText();
    expect(valueOf(text, 'iup_email_outbox_messages', { state: 'waiting' })).toBe(outbox?.waiting);
    expect(valueOf(text, 'iup_email_outbox_messages', { state: 'failed' })).toBe(1);
    expect(valueOf(text, 'iup_records_requests_overdue')).toBe(overdue?.count);
  });

  it('counts the copies the leak check stopped', async () => {
    expect(valueOf(await metricsText(), 'iup_copies_blocked_total')).toBe(0);
    const { recordId } = await establishPlan(world, {
      pupil: 'demo:person:pupil-4-2',
      otherDevelopment: 'Eleven har extra anpassningar i matematik.',
      agreements: 'Vi hörs igen i mars.',
    });
    const reviewer = await world.signIn('granskare');
    await reviewer
      .post(`/api/v1/records/${recordId}/copy-preview`)
      .send({ redactions: [{ fieldId: 'otherDevelopment', ground: 'OSL 23 kap. 2 §' }] })
      .expect(422);
    expect(valueOf(await metricsText(), 'iup_copies_blocked_total')).toBe(1);
  });

  it('has the process’s own metrics too', async () => {
    const text = await metricsText();
    expect(samples(text, 'process_cpu_seconds_total')).toHaveLength(1);
    expect(samples(text, 'nodejs_heap_size_used_bytes')).toHaveLength(1);
  });
});

/** The JSON lines a process wrote, each parsed (a line that is not JSON fails the test). */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`A log line that is not JSON: ${line}`);
      }
    });
}

describe('a worker process: its operations listener and its log', () => {
  const config = buildTestConfig();
  let worker: ServiceProcess;
  let opsUrl: string;
  let queue: Pick<Queue, 'add' | 'close'>;

  beforeAll(async () => {
    const opsPort = await freePort();
    opsUrl = `http://127.0.0.1:${opsPort}`;
    worker = new ServiceProcess({
      ROLE: 'worker',
      LOG_LEVEL: 'info',
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: config.database.schema,
      QUEUE_SCHEMA: config.queue.postgresSchema,
      DATABASE_POOL_MAX: '4',
      OPS_PORT: String(opsPort),
      SHUTDOWN_TIMEOUT_MS: '5000',
    });
    await worker.waitForLog('Queue workers started');
    queue = new Queue(
      SYSTEM_QUEUE,
      { connection: { connectionString: testDatabaseUrl(), schema: config.queue.postgresSchema } },
      createPostgresBackend,
    );
  }, 90_000);

  afterAll(async () => {
    await queue?.close();
    await worker?.kill();
    await dropTestData(config);
  });

  it('answers /health/live and /health/ready on the operations port (the worker serves no HTTP)', async () => {
    const live = await fetch(`${opsUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${opsUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, queue: { status: 'up', backend: 'postgres' } },
    });
    expect((await fetch(`${opsUrl}/anything-else`)).status).toBe(404);
    expect((await fetch(`${opsUrl}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('logs every failed attempt of a job with its queue, name, id, attempt and error', async () => {
    const jobId = `observability-${randomUUID()}`;
    // An unknown job name: the system processor refuses it (and is retried once).
    await queue.add('no-such-job', {}, { jobId, attempts: 2, backoff: 0 });
    await worker.waitForLog(`"jobId":"${jobId}","attempt":"2/2"`, 30_000);

    const failures = logLines(worker.log).filter((line) => line.jobId === jobId);
    expect(failures).toEqual([
      expect.objectContaining({
        level: 'warn',
        service: 'iup-records',
        role: 'worker',
        context: 'WorkerLauncher',
        queue: SYSTEM_QUEUE,
        jobName: 'no-such-job',
        jobId,
        attempt: '1/2',
        attemptsMade: 1,
        attempts: 2,
        final: false,
        error: 'Unknown job no-such-job',
        msg: 'Job no-such-job on system failed (attempt 1/2); it will be retried',
      }),
      expect.objectContaining({
        level: 'error',
        jobId,
        attempt: '2/2',
        final: true,
        error: 'Unknown job no-such-job',
        msg: 'Job no-such-job on system failed (attempt 2/2)',
      }),
    ]);
  });

  it('writes every log line in one format: JSON, level as its name, time in ms, the service', () => {
    const lines = logLines(worker.log);
    expect(lines.length).toBeGreaterThan(5);
    const levels = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);
    for (const line of lines) {
      // Start-up lines (main.ts), Nest's own, the queue's: all alike.
      expect({ line, level: levels.has(String(line.level)) }).toEqual({ line, level: true });
      expect(typeof line.time).toBe('number');
      expect(line.service).toBe('iup-records');
      expect(typeof line.msg).toBe('string');
    }
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Applied migrations: /),
        'Worker running (ROLE=worker)',
        expect.stringMatching(/^Operations listener on http:\/\/127\.0\.0\.1:\d+/),
      ]),
    );
  });

  it('serves the metrics of the worker: its jobs and the queues', async () => {
    const response = await fetch(`${opsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(
      valueOf(text, 'iup_job_duration_seconds_count', {
        queue: SYSTEM_QUEUE,
        name: 'no-such-job',
        outcome: 'failed',
      }),
    ).toBe(2);
    expect(valueOf(text, 'iup_queue_jobs', { queue: SYSTEM_QUEUE, state: 'failed' })).toBe(1);
    expect(samples(text, 'iup_email_outbox_messages')).toHaveLength(2);
    expect(samples(text, 'iup_records_requests_overdue')).toHaveLength(1);
    // Only the web process times HTTP requests.
    expect(samples(text, 'iup_http_request_duration_seconds_count')).toHaveLength(0);
  });

  it('stops its operations listener with the process, and a second one on the same port refuses to start', async () => {
    const second = new ServiceProcess({
      ROLE: 'worker',
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: config.database.schema,
      QUEUE_SCHEMA: config.queue.postgresSchema,
      DATABASE_POOL_MAX: '2',
      OPS_PORT: new URL(opsUrl).port,
    });
    try {
      expect(await second.exitCode()).toBe(1);
      expect(second.log).toContain('give this process another OPS_PORT, or OPS_PORT=0');
    } finally {
      await second.kill();
    }
    worker.signal('SIGTERM');
    expect(await worker.exitCode()).toBe(0);
    await expect(fetch(`${opsUrl}/health/live`)).rejects.toThrow();
  }, 90_000);
});

describe('the web process: no metrics on its public port', () => {
  const config = buildTestConfig();
  let web: ServiceProcess;
  let baseUrl: string;
  let opsUrl: string;

  beforeAll(async () => {
    const [port, opsPort] = [await freePort(), await freePort()];
    baseUrl = `http://127.0.0.1:${port}`;
    opsUrl = `http://127.0.0.1:${opsPort}`;
    web = new ServiceProcess({
      ROLE: 'web',
      PORT: String(port),
      OPS_PORT: String(opsPort),
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: config.database.schema,
      QUEUE_SCHEMA: config.queue.postgresSchema,
      DATABASE_POOL_MAX: '4',
    });
    await web.waitForReady(baseUrl);
  }, 90_000);

  afterAll(async () => {
    await web?.kill();
    await dropTestData(config);
  });

  it('answers /metrics only on the operations listener, and health on both', async () => {
    expect((await fetch(`${baseUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`${opsUrl}/health/ready`)).status).toBe(200);
    await fetch(`${baseUrl}/begaran`);
    const text = await eventually(async () => {
      const body = await (await fetch(`${opsUrl}/metrics`)).text();
      return valueOf(body, 'iup_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/begaran',
        status: '200',
      })
        ? body
        : null;
    }, 'the request in the metrics');
    expect(text).toContain('iup_queue_jobs{queue="records-requests",state="waiting"}');
  });
});

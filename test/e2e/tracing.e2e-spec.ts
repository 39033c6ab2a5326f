import { createServer, Server } from 'node:http';
import { join } from 'node:path';

import { eventually } from '../support/demo-world';
import { freePort, ServiceProcess } from '../support/service-process';
import { buildTestConfig, dropTestData, testDatabaseUrl } from '../support/test-env';

/** A span as OTLP/HTTP JSON carries it, with the resource of the process that made it. */
interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP's SpanKind: 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly attributes: Record<string, unknown>;
  readonly links: readonly { traceId: string; spanId: string }[];
  readonly resource: Record<string, unknown>;
}

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}

const attributesOf = (list: { key: string; value: OtlpValue }[] = []): Record<string, unknown> =>
  Object.fromEntries(
    list.map(({ key, value }) => [
      key,
      value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue,
    ]),
  );

/**
 * A collector as small as it gets: an HTTP server taking OTLP/HTTP JSON at
 * /v1/traces, as OpenTelemetry collectors do on port 4318. Real requests
 * from the service's real exporter; nothing is mocked.
 */
class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly contentTypes = new Set<string>();
  private server: Server | undefined;

  async start(port: number): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.method !== 'POST' || request.url !== '/v1/traces') {
          response.writeHead(404).end();
          return;
        }
        this.contentTypes.add(String(request.headers['content-type']));
        this.receive(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private receive(body: OtlpExport): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpans.resource?.attributes);
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            kind: span.kind,
            attributes: attributesOf(span.attributes),
            links: (span.links ?? []).map((link) => ({
              traceId: link.traceId,
              spanId: link.spanId,
            })),
            resource,
          });
        }
      }
    }
  }
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: OtlpValue }[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: { key: string; value: OtlpValue }[];
        links?: { traceId: string; spanId: string }[];
      }[];
    }[];
  }[];
}

/** A PostgreSQL query's span (the attribute's name differs between semantic convention versions). */
const isPostgres = (span: ReceivedSpan): boolean =>
  span.kind === CLIENT &&
  (span.attributes['db.system.name'] === 'postgresql' ||
    span.attributes['db.system'] === 'postgresql');

const REPORT_MODULES = join(__dirname, '..', 'fixtures', 'tracing', 'report-otel-modules.js');

/** The count the report fixture printed as the process exited. */
function otelModulesLoaded(log: string): number {
  const line = log
    .split('\n')
    .find((each) => each.includes('"msg":"OpenTelemetry modules loaded"'));
  if (!line) throw new Error(`No report of loaded modules in:\n${log}`);
  return (JSON.parse(line) as { count: number }).count;
}

describe('tracing: HTTP → job → PostgreSQL, in one trace across the web and the worker process', () => {
  const config = buildTestConfig();
  const receiver = new OtlpReceiver();
  const running: ServiceProcess[] = [];
  let baseUrl: string;
  let web: ServiceProcess;
  let worker: ServiceProcess;

  beforeAll(async () => {
    const collectorPort = await freePort();
    await receiver.start(collectorPort);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const common = {
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: config.database.schema,
      QUEUE_SCHEMA: config.queue.postgresSchema,
      DATABASE_POOL_MAX: '4',
      SHUTDOWN_TIMEOUT_MS: '5000',
      TRACING: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      NODE_OPTIONS: `--require ${REPORT_MODULES}`,
    };
    web = new ServiceProcess({
      ...common,
      ROLE: 'web',
      PORT: String(port),
      OTEL_RESOURCE_ATTRIBUTES: 'iup.process=web',
    });
    running.push(web);
    await web.waitForReady(baseUrl);
    worker = new ServiceProcess({
      ...common,
      ROLE: 'worker',
      LOG_LEVEL: 'info',
      OTEL_RESOURCE_ATTRIBUTES: 'iup.process=worker',
    });
    running.push(worker);
    await worker.waitForLog('Queue workers started');
  }, 120_000);

  afterAll(async () => {
    await Promise.all(running.map((each) => each.kill()));
    await receiver.stop();
    await dropTestData(config);
  });

  it('follows a filed request from its HTTP span through its job to the job’s queries', async () => {
    const response = await fetch(`${baseUrl}/api/v1/records-requests?kalla=test`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        description: 'Alla utvecklingsplaner för min dotter, läsåret 2025/26.',
        delivery: 'on_site',
        contactName: 'Kim Berg',
      }),
    });
    expect(response.status).toBe(201);

    const http = await eventually(
      () =>
        Promise.resolve(
          receiver.spans.find(
            (span) =>
              span.kind === SERVER &&
              span.attributes['http.route'] === '/api/v1/records-requests' &&
              span.attributes['http.request.method'] === 'POST',
          ),
        ),
      'the HTTP span',
      30_000,
    );
    const trace = () => receiver.spans.filter((span) => span.traceId === http.traceId);
    // The worker's part comes in its own process's export.
    const consumer = await eventually(
      () =>
        Promise.resolve(
          receiver.spans.find(
            (span) =>
              span.kind === CONSUMER &&
              span.resource['iup.process'] === 'worker' &&
              (span.traceId === http.traceId ||
                span.links.some((link) => link.traceId === http.traceId)),
          ),
        ),
      'the job’s span in the worker',
      30_000,
    );
    const jobQueries = await eventually(() => {
      const found = receiver.spans.filter(
        (span) =>
          span.kind === CLIENT &&
          span.traceId === consumer.traceId &&
          span.resource['iup.process'] === 'worker' &&
          isPostgres(span),
      );
      return Promise.resolve(found.length > 0 ? found : null);
    }, 'the job’s queries');

    expect(http.resource['service.name']).toBe('iup-records');
    expect(consumer.name).toContain('records-requests');
    // The request enqueued the job (a producer span in the web process) and its own queries.
    const producer = trace().find(
      (span) => span.kind === PRODUCER && span.resource['iup.process'] === 'web',
    );
    expect(producer).toBeDefined();
    expect(
      trace().some(
        (span) =>
          span.kind === CLIENT && span.resource['iup.process'] === 'web' && isPostgres(span),
      ),
    ).toBe(true);
    // The job continues the request's trace: its span is the producer's child (or links to it).
    expect(
      consumer.parentSpanId === producer?.spanId ||
        consumer.links.some((link) => link.spanId === producer?.spanId),
    ).toBe(true);
    expect(jobQueries.length).toBeGreaterThan(0);
    // The query string stays out of the trace, as it stays out of the logs.
    expect(JSON.stringify(http.attributes)).not.toContain('kalla=test');
    expect(receiver.contentTypes).toEqual(new Set(['application/json']));
  });

  it('leaves out the health checks and the metric scrapes', async () => {
    await fetch(`${baseUrl}/health/ready`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(
      receiver.spans.filter((span) => String(span.attributes['url.path']).startsWith('/health/')),
    ).toEqual([]);
  });

  it('sends what it still holds when stopped, and has loaded OpenTelemetry (the check below is real)', async () => {
    web.signal('SIGTERM');
    expect(await web.exitCode()).toBe(0);
    expect(otelModulesLoaded(web.log)).toBeGreaterThan(0);
  });
});

describe('TRACING=console', () => {
  const config = buildTestConfig();
  let worker: ServiceProcess | undefined;

  afterAll(async () => {
    await worker?.kill();
    await dropTestData(config);
  });

  it('writes each span as one JSON line in the log’s own format', async () => {
    worker = new ServiceProcess({
      ROLE: 'worker',
      LOG_LEVEL: 'info',
      TRACING: 'console',
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: config.database.schema,
      QUEUE_SCHEMA: config.queue.postgresSchema,
      DATABASE_POOL_MAX: '4',
    });
    await worker.waitForLog('Queue workers started');
    // The workers' own spans (BullMQ's stalled-job check) come as soon as they start.
    await worker.waitForLog('"msg":"span"');
    const lines = worker.log
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const span = lines.find((line) => line.msg === 'span');
    expect(span).toMatchObject({
      level: 'info',
      service: 'iup-records',
      span: {
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
        spanId: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
        name: expect.any(String) as unknown,
      },
    });
    expect(typeof span?.time).toBe('number');
  }, 90_000);
});

describe('tracing off (the default)', () => {
  const config = buildTestConfig();
  let service: ServiceProcess | undefined;

  afterAll(async () => {
    await service?.kill();
    await dropTestData(config);
  });

  it('loads nothing of OpenTelemetry, serving and working jobs all the same', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    service = new ServiceProcess({
      ROLE: 'all',
      PORT: String(port),
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: config.database.schema,
      QUEUE_SCHEMA: config.queue.postgresSchema,
      DATABASE_POOL_MAX: '4',
      SHUTDOWN_TIMEOUT_MS: '5000',
      NODE_OPTIONS: `--require ${REPORT_MODULES}`,
    });
    await service.waitForReady(baseUrl);
    const response = await fetch(`${baseUrl}/api/v1/records-requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: 'Planerna.', delivery: 'on_site', contactName: 'Kim' }),
    });
    expect(response.status).toBe(201);
    service.signal('SIGTERM');
    expect(await service.exitCode()).toBe(0);
    expect(otelModulesLoaded(service.log)).toBe(0);
  }, 90_000);
});

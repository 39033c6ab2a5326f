import { Client } from 'pg';

import type { AppConfig } from '../../src/config/app-config';
import { eventually } from './demo-world';
import { freePort, ServiceProcess } from './service-process';
import { buildTestConfig, dropTestData, testDatabaseUrl } from './test-env';

type Row = Record<string, unknown>;

export interface Filed {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * One fault scenario of the reliability suite: the built service as real web
 * and worker processes on schemas of their own, a direct SQL connection to
 * look at what they committed, and everything killed and dropped afterwards.
 */
export class FaultScenario {
  readonly config: AppConfig = buildTestConfig();
  private readonly running: ServiceProcess[] = [];
  private client: Client | undefined;

  constructor(
    private readonly env: Readonly<Record<string, string>> = {},
    private readonly databaseUrl = testDatabaseUrl(),
  ) {}

  get schema(): string {
    return this.config.database.schema;
  }

  /** Starts a process of the service; it is killed in `close` if still running. */
  start(extra: Readonly<Record<string, string>>): ServiceProcess {
    const service = new ServiceProcess({
      DATABASE_URL: this.databaseUrl,
      DATABASE_SCHEMA: this.config.database.schema,
      DATABASE_POOL_MAX: '4',
      QUEUE_SCHEMA: this.config.queue.postgresSchema,
      QUEUE_PREFIX: this.config.queue.redisPrefix,
      SHUTDOWN_TIMEOUT_MS: '5000',
      ...this.env,
      ...extra,
    });
    this.running.push(service);
    return service;
  }

  /** A web process, ready, and its base URL. */
  async startWeb(
    extra: Readonly<Record<string, string>> = {},
  ): Promise<{ web: ServiceProcess; baseUrl: string }> {
    const port = String(await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;
    const web = this.start({ ROLE: 'web', PORT: port, ...extra });
    await web.waitForReady(baseUrl);
    return { web, baseUrl };
  }

  /** A worker process whose queue workers have started. */
  async startWorker(extra: Readonly<Record<string, string>> = {}): Promise<ServiceProcess> {
    const worker = this.start({ ROLE: 'worker', LOG_LEVEL: 'info', ...extra });
    await worker.waitForLog('Queue workers started');
    return worker;
  }

  /** SQL on the scenario's own schema (unqualified names), through a connection of the test. */
  async sql(text: string, params: unknown[] = []): Promise<Row[]> {
    if (!this.client) {
      this.client = new Client({ connectionString: this.databaseUrl });
      this.client.on('error', () => undefined);
      await this.client.connect();
      await this.client.query(`set search_path to ${this.client.escapeIdentifier(this.schema)}`);
    }
    return (await this.client.query(text, params)).rows as Row[];
  }

  /** Forgets the SQL connection (its server went away); the next `sql` opens a new one. */
  async dropConnection(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Files a request through the JSON API, as anyone can. */
  async fileByApi(baseUrl: string, body: Record<string, unknown>): Promise<Filed> {
    const response = await fetch(`${baseUrl}/api/v1/records-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // A hang fails the test: an outage is answered, not waited out.
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text },
    };
  }

  /** Waits until the first steps of every one of these requests have run. */
  async processed(registrationNumbers: readonly string[], timeoutMs = 120_000): Promise<void> {
    await eventually(
      async () => {
        const [row] = await this.sql(
          `select count(*)::int as count from records_request
            where registration_number = any($1) and processed_at is not null`,
          [registrationNumbers],
        );
        return row?.count === registrationNumbers.length ? true : null;
      },
      `first steps of ${registrationNumbers.length} requests`,
      timeoutMs,
    );
  }

  /**
   * What "exactly once in effect" means for the first steps, per request: one
   * `first_steps` event and one `records_request.processed` audit entry (a
   * reviewer is told once by a unique key). Returns a line per request that
   * breaks it.
   */
  async firstStepsMismatches(registrationNumbers: readonly string[]): Promise<string[]> {
    const rows = await this.sql(
      `select r.registration_number,
              r.processed_at is not null as processed,
              (select count(*)::int from records_request_event e
                where e.request_id = r.id and e.kind = 'first_steps') as events,
              (select count(*)::int from audit_entry a
                where a.target_id = r.id::text and a.action = 'records_request.processed') as audits
         from records_request r where r.registration_number = any($1)`,
      [registrationNumbers],
    );
    const mismatches = registrationNumbers
      .filter((number) => !rows.some((row) => row.registration_number === number))
      .map((number) => `${number}: no row`);
    for (const row of rows) {
      if (!row.processed || row.events !== 1 || row.audits !== 1) {
        mismatches.push(JSON.stringify(row));
      }
    }
    return mismatches;
  }

  async close(): Promise<void> {
    await Promise.all(this.running.splice(0).map((service) => service.kill()));
    await this.dropConnection();
    if (this.databaseUrl === testDatabaseUrl()) {
      await dropTestData(this.config);
    }
  }
}

import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createPostgresBackend, Queue } from 'bullmq';
import { Client } from 'pg';

import { DIRECTORY_QUEUE, DirectoryJob } from '../../src/directory/directory.jobs';
import { SYSTEM_QUEUE, SystemJob } from '../../src/queue/queue.jobs';
import { freePort, ServiceProcess } from '../support/service-process';
import { buildTestConfig, dropTestData, testDatabaseUrl } from '../support/test-env';

const FIXTURES = join(__dirname, '..', 'fixtures');

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('the service as its own process', () => {
  const running: ServiceProcess[] = [];
  const start = (env: Record<string, string>): ServiceProcess => {
    const service = new ServiceProcess(env);
    running.push(service);
    return service;
  };

  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.kill()));
  });

  it('refuses a bad setting at start, naming the variable', async () => {
    const service = start({ PORT: 'abc', ROLE: 'web', DATABASE_URL: testDatabaseUrl() });

    expect(await service.exitCode()).toBe(78);
    expect(service.log).toContain('PORT=\\"abc\\"');
  });

  describe('with no DATABASE_URL (embedded PostgreSQL)', () => {
    let dataDir: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'iup-embedded-'));
      await chmod(dataDir, 0o755);
    });

    afterAll(() => rm(dataDir, { recursive: true, force: true }));

    it('starts its own PostgreSQL, keeps the data across a restart, and stops it cleanly', async () => {
      const env = {
        DATA_DIR: dataDir,
        EMBEDDED_POSTGRES_PORT: String(await freePort()),
        PORT: String(await freePort()),
      };
      const baseUrl = `http://127.0.0.1:${env.PORT}`;
      const pidFile = join(dataDir, 'postgres', 'postmaster.pid');

      const first = start(env);
      await first.waitForReady(baseUrl);
      expect(await exists(pidFile)).toBe(true);

      const password = (await readFile(join(dataDir, 'postgres.password'), 'utf8')).trim();
      const databaseUrl = `postgresql://postgres:${password}@127.0.0.1:${env.EMBEDDED_POSTGRES_PORT}/iup`;
      const marker = randomUUID();
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(
        `insert into iup.queue_probe (id, requested_at, backend) values ($1, now(), 'postgres')`,
        [marker],
      );
      await client.end();

      first.signal('SIGTERM');
      expect(await first.exitCode()).toBe(0);
      expect(first.log).toContain('Embedded PostgreSQL stopped');
      expect(await exists(pidFile)).toBe(false);

      const second = start(env);
      await second.waitForReady(baseUrl);
      const again = new Client({ connectionString: databaseUrl });
      await again.connect();
      const found = await again.query('select id from iup.queue_probe where id = $1', [marker]);
      await again.end();
      expect(found.rowCount).toBe(1);

      second.signal('SIGINT');
      expect(await second.exitCode()).toBe(0);
      expect(await exists(pidFile)).toBe(false);
    });
  });

  describe('as separate web and worker processes on an external PostgreSQL', () => {
    const config = buildTestConfig();
    const env = {
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: config.database.schema,
      QUEUE_SCHEMA: config.queue.postgresSchema,
      SHUTDOWN_TIMEOUT_MS: '20000',
    };
    let queue: { close(): Promise<void> } | undefined;

    afterAll(async () => {
      await queue?.close();
      await dropTestData(config);
    });

    it('serves HTTP from the web process, works jobs in the worker, and finishes a job in flight on SIGTERM', async () => {
      const port = String(await freePort());
      const web = start({ ...env, ROLE: 'web', PORT: port });
      await web.waitForReady(`http://127.0.0.1:${port}`);
      const worker = start({ ...env, ROLE: 'worker', LOG_LEVEL: 'info' });
      await worker.waitForLog('Queue workers started on postgres');

      const probeId = randomUUID();
      const client = new Client({ connectionString: testDatabaseUrl() });
      await client.connect();
      try {
        await client.query(
          `insert into ${config.database.schema}.queue_probe (id, requested_at, backend) values ($1, now(), 'postgres')`,
          [probeId],
        );
        const systemQueue = new Queue(
          SYSTEM_QUEUE,
          {
            connection: {
              connectionString: testDatabaseUrl(),
              schema: config.queue.postgresSchema,
            },
          },
          createPostgresBackend,
        );
        queue = systemQueue;
        const job = await systemQueue.add(
          SystemJob.QueueProbe,
          { probeId, holdMs: 3000 },
          { jobId: probeId },
        );

        const activeBy = Date.now() + 15000;
        while ((await job.getState()) !== 'active' && Date.now() < activeBy) {
          await new Promise((done) => setTimeout(done, 50));
        }
        expect(await job.getState()).toBe('active');

        worker.signal('SIGTERM');
        expect(await worker.exitCode()).toBe(0);

        const probe = await client.query(
          `select processed_count from ${config.database.schema}.queue_probe where id = $1`,
          [probeId],
        );
        expect(probe.rows[0].processed_count).toBe(1);
        expect(await job.getState()).toBe('completed');
      } finally {
        await client.end();
      }

      web.signal('SIGTERM');
      expect(await web.exitCode()).toBe(0);
    });

    it('runs a directory import in a process of its own, whose lines join the worker’s log', async () => {
      const worker = start({ ...env, ROLE: 'worker', LOG_LEVEL: 'info' });
      await worker.waitForLog('Queue workers started on postgres');
      const importId = randomUUID();
      const file = await readFile(join(FIXTURES, 'directory', 'ss12000-realistic.json'));
      const client = new Client({ connectionString: testDatabaseUrl() });
      await client.connect();
      const directoryQueue = new Queue(
        DIRECTORY_QUEUE,
        {
          connection: { connectionString: testDatabaseUrl(), schema: config.queue.postgresSchema },
        },
        createPostgresBackend,
      );
      try {
        // As the web stores an upload: the import's row and the file in parts of 4 kB.
        await client.query(
          `insert into ${config.database.schema}.directory_import
             (id, format, file_name, content_sha256, status, created_at)
           values ($1, 'ss12000', 'skolsystem.json', 'test', 'queued', now())`,
          [importId],
        );
        for (let seq = 0; seq * 4096 < file.length; seq += 1) {
          await client.query(
            `insert into ${config.database.schema}.directory_import_part (import_id, seq, bytes) values ($1, $2, $3)`,
            [importId, seq, file.subarray(seq * 4096, (seq + 1) * 4096)],
          );
        }
        await directoryQueue.add(DirectoryJob.RunImport, { importId });

        const doneBy = Date.now() + 30000;
        let row: { status: string; created_count: number; parts: number } | undefined;
        while (Date.now() < doneBy) {
          const result = await client.query<{
            status: string;
            created_count: number;
            parts: number;
          }>(
            `select status, created_count,
                    (select count(*)::int from ${config.database.schema}.directory_import_part
                      where import_id = i.id) as parts
               from ${config.database.schema}.directory_import i where id = $1`,
            [importId],
          );
          row = result.rows[0];
          if (row?.status === 'completed' || row?.status === 'failed') {
            break;
          }
          await new Promise((done) => setTimeout(done, 100));
        }
        expect(row).toEqual({ status: 'completed', created_count: expect.any(Number), parts: 0 });
        expect(row?.created_count).toBeGreaterThan(20);
        // Written by the import's own program (its lines say so), in the service's JSON format.
        const line = worker.log
          .split('\n')
          .find((text) => text.includes('Directory import completed'));
        expect(JSON.parse(line ?? '{}')).toMatchObject({
          level: 'info',
          service: 'iup-records',
          role: 'worker',
          component: 'directory-import',
          context: 'DirectoryImportService',
          importId,
        });
      } finally {
        await directoryQueue.close();
        await client.end();
      }
      worker.signal('SIGTERM');
      expect(await worker.exitCode()).toBe(0);
    });
  });
});

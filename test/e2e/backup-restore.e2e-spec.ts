import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Client } from 'pg';

import { freePort, ServiceProcess } from '../support/service-process';

const PROJECT_ROOT = resolve(__dirname, '..', '..');

interface CommandResult {
  readonly code: number | null;
  readonly output: string;
}

/** A built command-line tool (dist/…) as its own process, with the service's settings. */
function runCommand(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  input?: string,
): Promise<CommandResult> {
  return new Promise((done, fail) => {
    const inherited = { ...process.env };
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'ROLE', 'DATA_DIR', 'NODE_ENV']) {
      delete inherited[name];
    }
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', script), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...inherited, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    child.stdin?.end(input);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, output }));
  });
}

async function connect(dataDir: string, port: string): Promise<Client> {
  const password = (await readFile(join(dataDir, 'postgres.password'), 'utf8')).trim();
  const client = new Client({
    connectionString: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/iup`,
  });
  // A server stopped under an open connection is the test's business, not an unhandled error.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Rows per table of the service's schemas (its own and BullMQ's). */
async function rowCounts(client: Client): Promise<Record<string, number>> {
  const tables = await client.query<{ name: string }>(
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
      where table_schema in ('iup', 'bullmq') and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    counts[name] = Number((await client.query(`select count(*) from ${name}`)).rows[0].count);
  }
  return counts;
}

describe('npm run backup and npm run restore (embedded PostgreSQL)', () => {
  let root: string;
  const running: ServiceProcess[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'iup-backup-'));
    // As root the server runs as `postgres`, which must reach the data directories.
    await chmod(root, 0o755);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await Promise.all(running.map((service) => service.kill()));
    await rm(root, { recursive: true, force: true });
  });

  it('backs up a running service under writes and restores every row and a whole audit chain', async () => {
    const original = {
      DATA_DIR: join(root, 'data'),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      PORT: String(await freePort()),
      // The web role alone: no jobs run, so the service writes only what the test asks of it.
      ROLE: 'web',
      DEMO_DATA: 'on',
      OPS_PORT: '0',
    };
    const service = new ServiceProcess(original);
    running.push(service);
    const baseUrl = `http://127.0.0.1:${original.PORT}`;
    await service.waitForReady(baseUrl, 90000);

    // Data beyond the demo's: requests filed through the API, each with its audit entries.
    for (const pupilName of ['Alva Lind', 'Noah Berg', 'Selma Ek']) {
      const filed = await fetch(`${baseUrl}/api/v1/records-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          description: 'Elevens utvecklingsplaner.',
          pupilName,
          delivery: 'electronic',
        }),
      });
      expect(filed.status).toBe(201);
    }

    // An administrator made on the command line against the running service's embedded server.
    const adminPassword = 'administratörens långa lösenord';
    const admin = await runCommand(
      'auth/admin-create.cli.js',
      ['--username', 'driftadmin'],
      original,
      `${adminPassword}\n`,
    );
    expect(admin.output).toContain('Created the administrator account "driftadmin"');

    // Writes while the backup runs, in a table of their own, so the service's counts stay exact.
    const source = await connect(original.DATA_DIR, original.EMBEDDED_POSTGRES_PORT);
    clients.push(source);
    await source.query(
      'create table public.backup_probe (id bigint generated always as identity primary key, padding text)',
    );
    const writer = await connect(original.DATA_DIR, original.EMBEDDED_POSTGRES_PORT);
    clients.push(writer);
    let writing = true;
    let committed = 0;
    const writes = (async () => {
      while (writing) {
        await writer.query("insert into public.backup_probe (padding) values (repeat('x', 2000))");
        committed += 1;
      }
    })();
    while (committed < 50) {
      await new Promise((done) => setTimeout(done, 10));
    }
    const committedBeforeBackup = committed;

    const backupDir = join(root, 'backup');
    const backup = await runCommand('database/backup.cli.js', [backupDir], original);
    writing = false;
    await writes;
    const committedAfterBackup = committed;

    expect(backup).toMatchObject({ code: 0 });
    expect(backup.output).toContain(`Backup written to ${backupDir}`);
    expect(committedAfterBackup).toBeGreaterThan(committedBeforeBackup);
    // Online: the service answered throughout and still does.
    expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
    const expected = await rowCounts(source);
    expect(expected['iup.audit_entry']).toBeGreaterThan(0);
    expect(expected['iup.records_request']).toBeGreaterThan(0);

    await Promise.all([source.end(), writer.end()]);
    service.signal('SIGTERM');
    expect(await service.exitCode()).toBe(0);

    // Never over a database that is there.
    const refused = await runCommand('database/restore.cli.js', [backupDir], original);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('is not empty');

    const restored = {
      ...original,
      DATA_DIR: join(root, 'restored'),
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      PORT: String(await freePort()),
    };
    const restore = await runCommand('database/restore.cli.js', [backupDir], restored);
    expect(restore.output).toContain('Restored: PostgreSQL recovered');
    expect(restore.code).toBe(0);

    const again = new ServiceProcess(restored);
    running.push(again);
    await again.waitForReady(`http://127.0.0.1:${restored.PORT}`);
    const copy = await connect(restored.DATA_DIR, restored.EMBEDDED_POSTGRES_PORT);
    clients.push(copy);

    expect(await rowCounts(copy)).toEqual(expected);
    // The writes during the backup: everything before it, a gap-free prefix of those during it.
    const probe = await copy.query<{ count: string; last: string }>(
      'select count(*) as count, coalesce(max(id), 0) as last from public.backup_probe',
    );
    const probed = Number(probe.rows[0].count);
    expect(Number(probe.rows[0].last)).toBe(probed);
    expect(probed).toBeGreaterThan(committedBeforeBackup);
    expect(probed).toBeLessThanOrEqual(committedAfterBackup);

    const verify = await runCommand('audit/verify-audit.cli.js', ['--json'], restored);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.output)).toMatchObject({
      ok: true,
      checked: expected['iup.audit_entry'],
      firstBrokenEntry: null,
    });

    // The restored service lets the administrator in.
    const login = await fetch(`http://127.0.0.1:${restored.PORT}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'driftadmin', password: adminPassword }),
    });
    expect(login.status).toBe(200);

    await copy.end();
    again.signal('SIGTERM');
    expect(await again.exitCode()).toBe(0);
  }, 150000);
});

import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Client } from 'pg';

import { freePort, ServiceProcess } from '../support/service-process';
import { buildTestConfig, dropTestData, testDatabaseUrl } from '../support/test-env';

const PROJECT_ROOT = resolve(__dirname, '..', '..');

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built `npm run admin:create` as its own process, the password piped to it. */
function adminCreate(
  args: readonly string[],
  password: string,
  env: Readonly<Record<string, string>>,
): Promise<CommandResult> {
  return new Promise((done, fail) => {
    const inherited = { ...process.env };
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'ROLE', 'DATA_DIR', 'NODE_ENV']) {
      delete inherited[name];
    }
    const child = spawn(
      process.execPath,
      [join(PROJECT_ROOT, 'dist', 'auth', 'admin-create.cli.js'), ...args],
      { cwd: PROJECT_ROOT, env: { ...inherited, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, stdout, stderr }));
    child.stdin.end(`${password}\n`);
  });
}

async function logIn(
  baseUrl: string,
  username: string,
  password: string,
): Promise<{ status: number; body: { username?: string; roles?: string[] }; cookie?: string }> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .find((value) => value.startsWith('iup.sid='))
    ?.split(';')[0];
  return { status: response.status, body: (await response.json()) as never, cookie };
}

describe('npm run admin:create', () => {
  const config = buildTestConfig();
  const env = {
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: config.database.schema,
    QUEUE_SCHEMA: config.queue.postgresSchema,
  };
  const schema = config.database.schema;
  let db: Client;
  let service: ServiceProcess | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
  });

  afterAll(async () => {
    await service?.kill();
    await db.end();
    await dropTestData(config);
  });

  const auditActions = async (): Promise<string[]> =>
    (
      await db.query<{ action: string }>(`select action from ${schema}.audit_entry order by id`)
    ).rows.map((row) => row.action);

  it('creates the first administrator on an empty database, who then signs in over HTTP', async () => {
    const password = 'ett långt lösenord för den första';
    const created = await adminCreate(['--username', 'Forsta.Admin'], password, env);

    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain('Created the administrator account "forsta.admin"');

    const port = String(await freePort());
    baseUrl = `http://127.0.0.1:${port}`;
    service = new ServiceProcess({ ...env, ROLE: 'web', PORT: port, OPS_PORT: '0' });
    await service.waitForReady(baseUrl);

    const login = await logIn(baseUrl, 'forsta.admin', password);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ username: 'forsta.admin', roles: ['administrator'] });

    // An administrator's own route: the audit chain, the command line's entry on it, is whole.
    const verify = await fetch(`${baseUrl}/api/v1/audit/verify`, {
      headers: { cookie: login.cookie ?? '' },
    });
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ ok: true, firstBrokenEntry: null });

    const entries = await db.query(
      `select e.actor_account_id, e.actor_person_id, e.actor_roles, e.target_type, e.details
         from ${schema}.audit_entry e
         join ${schema}.account a on a.id = e.target_id::uuid
        where e.action = 'auth.administrator.created' and a.username = 'forsta.admin'`,
    );
    expect(entries.rows).toEqual([
      {
        actor_account_id: null,
        actor_person_id: null,
        actor_roles: ['system'],
        target_type: 'account',
        details: { via: 'command-line', dutyGranted: true },
      },
    ]);
  });

  it("refuses a password the web would refuse, in the web's words, and writes nothing", async () => {
    const before = await auditActions();

    const refused = await adminCreate(['--username', 'svag.admin'], 'kort', env);

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Lösenordet måste ha minst 12 tecken.');
    expect(refused.stderr).toContain('Nothing was changed');
    const accounts = await db.query(
      `select 1 from ${schema}.account where username = 'svag.admin'`,
    );
    expect(accounts.rowCount).toBe(0);
    expect(await auditActions()).toEqual(before);
  });

  it('refuses an existing username, and with --reset gives it a new password', async () => {
    const taken = await adminCreate(
      ['--username', 'forsta.admin'],
      'ett annat långt lösenord',
      env,
    );

    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('already exists. Run again with --reset');

    const reset = await adminCreate(
      ['--username', 'forsta.admin', '--reset'],
      'ett annat långt lösenord',
      env,
    );
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('Reset the account "forsta.admin"');

    expect((await logIn(baseUrl, 'forsta.admin', 'ett annat långt lösenord')).status).toBe(200);
    expect((await logIn(baseUrl, 'forsta.admin', 'ett långt lösenord för den första')).status).toBe(
      401,
    );
    expect(await auditActions()).toContain('auth.administrator.reset');
  });

  it('works on the embedded database with no service running, and stops the server it started', async () => {
    const root = await mkdtemp(join(tmpdir(), 'iup-admin-'));
    await chmod(root, 0o755);
    try {
      const embedded = {
        DATA_DIR: join(root, 'data'),
        EMBEDDED_POSTGRES_PORT: String(await freePort()),
      };

      const created = await adminCreate(
        ['--username', 'lokal.admin'],
        'ett långt lokalt lösenord',
        embedded,
      );
      expect(created.stdout).toContain('Created the administrator account "lokal.admin"');
      expect(created.code).toBe(0);
      expect(await exists(join(root, 'data', 'postgres', 'postmaster.pid'))).toBe(false);

      // The account is there: a second run is refused.
      const again = await adminCreate(
        ['--username', 'lokal.admin'],
        'ett långt lokalt lösenord',
        embedded,
      );
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists');
      expect(await exists(join(root, 'data', 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

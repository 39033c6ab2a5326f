import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PROJECT_ROOT } from '../support/compose';
import { freePort } from '../support/service-process';

/**
 * The Docker image runs as a user that owns nothing but DATA_DIR. Without
 * DATABASE_URL the embedded PostgreSQL keeps its data there; a DATA_DIR that
 * user cannot write to must stop the start at once, naming the setting, with
 * the exit of a bad setting (78) — not an initdb failure deep in the start.
 */

interface Runner {
  /** The Node binary to start the service with. */
  node: string;
  /** Absent: this process's own user. */
  user?: { uid: number; gid: number };
}

/**
 * Who starts the service. Root may write anywhere, so as root the start runs as `nobody`, as the
 * image runs as `node`. The Node binary may live where `nobody` cannot reach it (CI installs
 * Node 24 under root's home), so `nobody` gets a copy of it in the scratch directory. Undefined
 * when `nobody` cannot read the project either: then there is no user to be refused.
 */
function unprivilegedRunner(scratch: string): Runner | undefined {
  if (process.getuid?.() !== 0) {
    return { node: process.execPath };
  }
  const id = (flag: string): number =>
    Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const user = { uid: id('-u'), gid: id('-g') };
  const node = join(scratch, 'node');
  copyFileSync(process.execPath, node);
  chmodSync(node, 0o755);
  const main = join(PROJECT_ROOT, 'dist', 'main.js');
  const reads = spawnSync(node, ['-e', `require('node:fs').accessSync(${JSON.stringify(main)})`], {
    ...user,
    stdio: 'ignore',
  });
  return reads.status === 0 ? { node, user } : undefined;
}

function startService(
  env: Record<string, string>,
  runner: Runner,
): Promise<{ code: number | null; output: string }> {
  return new Promise((done, reject) => {
    const child = spawn(runner.node, [join(PROJECT_ROOT, 'dist', 'main.js')], {
      cwd: PROJECT_ROOT,
      // Only what the test gives it: no DATABASE_URL, so the embedded PostgreSQL is wanted.
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...runner.user,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Still running after 30 s:\n${output}`));
    }, 30000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

async function expectRefusal(dataDir: string, runner: Runner): Promise<void> {
  const { code, output } = await startService(
    {
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      PORT: String(await freePort()),
      OPS_PORT: '0',
    },
    runner,
  );

  expect(code).toBe(78);
  expect(output).toContain(`DATA_DIR=\\"${dataDir}\\": not writable by this process`);
  expect(output).toContain('set DATABASE_URL to use an external PostgreSQL');
  expect(output).not.toContain('initdb');
}

describe('a DATA_DIR the service cannot write to', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'iup-data-dir-'));
  chmodSync(scratch, 0o755);
  const runner = unprivilegedRunner(scratch);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  // As root with the project where `nobody` cannot read it, no user can be refused the write.
  (runner ? it : it.skip)(
    'stops the start with exit 78, naming DATA_DIR, before PostgreSQL is touched',
    async () => {
      const readOnly = join(scratch, 'read-only');
      mkdirSync(readOnly);
      chmodSync(readOnly, 0o555);

      await expectRefusal(join(readOnly, 'data'), runner!);
    },
  );

  it('stops the start the same way where a file stands at DATA_DIR', async () => {
    const file = join(scratch, 'in-the-way');
    writeFileSync(file, '');

    await expectRefusal(join(file, 'data'), { node: process.execPath });
  });
});

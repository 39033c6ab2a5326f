import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
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

/** Root may write anywhere: as root the start runs as `nobody`, as the image runs as `node`. */
function unprivileged(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  const id = (flag: string): number =>
    Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

function startService(
  env: Record<string, string>,
  user?: { uid: number; gid: number },
): Promise<{ code: number | null; output: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'main.js')], {
      cwd: PROJECT_ROOT,
      // Only what the test gives it: no DATABASE_URL, so the embedded PostgreSQL is wanted.
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...user,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Still running after 30 s:\n${output}`));
    }, 30000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe('a DATA_DIR the service cannot write to', () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'iup-data-dir-'));
    await chmod(scratch, 0o755);
  });

  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('stops the start with exit 78, naming DATA_DIR, before PostgreSQL is touched', async () => {
    const readOnly = join(scratch, 'read-only');
    await mkdir(readOnly);
    const user = unprivileged();
    if (!user) {
      await chmod(readOnly, 0o555);
    }
    const dataDir = join(readOnly, 'data');

    const { code, output } = await startService(
      {
        DATA_DIR: dataDir,
        EMBEDDED_POSTGRES_PORT: String(await freePort()),
        PORT: String(await freePort()),
        OPS_PORT: '0',
      },
      user,
    );

    expect(code).toBe(78);
    expect(output).toContain(`DATA_DIR=\\"${dataDir}\\": not writable by this process`);
    expect(output).toContain('set DATABASE_URL to use an external PostgreSQL');
    expect(output).not.toContain('initdb');
  });
});

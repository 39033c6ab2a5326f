import { ChildProcess, spawn, spawnSync } from 'node:child_process';

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/**
 * `describe` for suites that run a Redis of their own: skipped with a message
 * where `redis-server` is missing, a failure where TEST_REQUIRE_REDIS=1 (CI).
 */
export function describeWithRedisServer(name: string, suite: () => void): void {
  const available = hasRedisServer();
  if (!available && process.env.TEST_REQUIRE_REDIS === '1') {
    throw new Error(
      'TEST_REQUIRE_REDIS=1 but redis-server is missing (apt-get install -y redis-server)',
    );
  }
  if (!available) {
    // eslint-disable-next-line no-console -- tells the person running the tests why these were skipped
    console.warn(`Skipped "${name}": redis-server is missing (apt-get install -y redis-server).`);
  }
  (available ? describe : describe.skip)(name, suite);
}

/** A Redis of the test's own on a port of its own; the shared one on 6379 is never touched. */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`redis-server exited with ${code}:\n${output}`)),
      );
    });
  }

  /** Gone at once, as a crash or a lost host would leave it (nothing saved). */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
}

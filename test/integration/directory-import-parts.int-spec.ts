import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';

import { withMigrationLock } from '../../src/database/migrate';
import { buildOrmOptions } from '../../src/database/mikro-orm.options';
import { buildTestConfig, dropTestData } from '../support/test-env';

/*
 * The migration to a file in parts: an import stored before the upgrade (its file in the old
 * `content` column, queued or interrupted) keeps its file, as its first part, and the way back
 * gives the file back whole.
 */
describe('Migration20261206150000DirectoryImportParts', () => {
  const config = buildTestConfig();
  const BEFORE = 'Migration20261206140000FourEyes';
  const PARTS = 'Migration20261206150000DirectoryImportParts';
  let orm: MikroORM;
  let client: Client;

  const query = async (text: string, values: unknown[] = []) =>
    (await client.query(text, values)).rows as Record<string, unknown>[];

  beforeAll(async () => {
    await withMigrationLock(config, async (lock) => {
      await lock.query(
        `create schema if not exists ${lock.escapeIdentifier(config.database.schema)}`,
      );
    });
    orm = await MikroORM.init(buildOrmOptions(config));
    client = new Client({ connectionString: config.database.url });
    await client.connect();
    await client.query(`set search_path to ${client.escapeIdentifier(config.database.schema)}`);
  });

  afterAll(async () => {
    await client?.end();
    await orm?.close(true);
    await dropTestData(config);
  });

  it('moves a stored file into its first part, and back', async () => {
    await orm.migrator.up({ to: BEFORE });
    const file = Buffer.from('{"persons": [{"id": "å"}]}');
    await query(
      `insert into directory_import (id, format, file_name, content_sha256, content, status, created_at)
       values ('00000000-0000-4000-8000-000000000001', 'ss12000', 'gammal.json', 'sha', $1, 'queued', now()),
              ('00000000-0000-4000-8000-000000000002', 'csv', 'klar.csv', 'sha', null, 'completed', now())`,
      [file],
    );

    await orm.migrator.up({ to: PARTS });
    expect(await query('select import_id, seq, bytes from directory_import_part')).toEqual([
      { import_id: '00000000-0000-4000-8000-000000000001', seq: 0, bytes: file },
    ]);
    expect(
      await query(
        "select column_name from information_schema.columns where table_schema = $1 and table_name = 'directory_import' and column_name = 'content'",
        [config.database.schema],
      ),
    ).toEqual([]);

    await query(
      `insert into directory_import_part (import_id, seq, bytes)
       values ('00000000-0000-4000-8000-000000000001', 1, '\\x7b7d'::bytea)`,
    );
    await orm.migrator.down({ to: BEFORE });
    expect(await query('select id, content from directory_import order by id')).toEqual([
      {
        id: '00000000-0000-4000-8000-000000000001',
        content: Buffer.concat([file, Buffer.from('{}')]),
      },
      { id: '00000000-0000-4000-8000-000000000002', content: null },
    ]);
  });
});

import { MikroORM } from '@mikro-orm/postgresql';

import type { AppConfig } from '../../src/config/app-config';
import { migrateDatabase, withMigrationLock } from '../../src/database/migrate';
import { buildOrmOptions } from '../../src/database/mikro-orm.options';
import { ALL_ENTITIES, ALL_ROUTINES } from '../../src/entities';
import { buildTestConfig, dropTestData } from '../support/test-env';

/*
 * The migrations are raw SQL and the truth; the entities describe them. If an
 * entity and the schema the migrations make disagree (a column's type, a
 * nullable, a default, an index, a unique or check constraint, a foreign key
 * and its delete rule), MikroORM's schema diff says what it would change, and
 * this test fails with those statements.
 */
describe('the entities and the migrations', () => {
  let config: AppConfig;
  let orm: MikroORM;

  beforeAll(async () => {
    config = buildTestConfig();
    await migrateDatabase(config);
    orm = await MikroORM.init({ ...buildOrmOptions(config, ALL_ENTITIES), routines: ALL_ROUTINES });
  });

  afterAll(async () => {
    await orm?.close(true);
    await dropTestData(config);
  });

  it('describe the same schema', async () => {
    // Only this test's schema: the other suites' schemas live in the same database. Under the
    // migrations' lock, as suites drop their schemas under it: the diff reads the catalogue of
    // every schema, and one dropped in the middle of that reading failed it.
    const sql = await withMigrationLock(config, () =>
      orm.schema.getUpdateSchemaSQL({ schema: config.database.schema, wrap: false }),
    );
    expect(sql.trim()).toBe('');
  });
});

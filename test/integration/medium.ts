import { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';

import type { AppConfig } from '../../src/config/app-config';
import { migrateDatabase } from '../../src/database/migrate';
import { buildOrmOptions } from '../../src/database/mikro-orm.options';
import { ALL_ENTITIES } from '../../src/entities';
import { buildTestConfig, dropTestData } from '../support/test-env';
import { Given } from './given';

/**
 * The medium tier's database: the real migrations in a schema of the suite's
 * own, and MikroORM with every entity, configured as the service configures
 * itself. No Nest and no HTTP: a suite builds the service it tests with
 * `new`, handing it `config` and an EntityManager, so a query that names a
 * wrong column fails in seconds.
 */
export interface MediumDatabase {
  readonly config: AppConfig;
  readonly orm: MikroORM;
  /** A fresh EntityManager (its own identity map), as each request or job has. */
  em(): EntityManager;
  /** Factories that insert through the entities. */
  readonly given: Given;
  close(): Promise<void>;
}

export async function openMediumDatabase(): Promise<MediumDatabase> {
  const config = buildTestConfig();
  await migrateDatabase(config);
  const orm = await MikroORM.init(buildOrmOptions(config, ALL_ENTITIES));
  return {
    config,
    orm,
    em: () => orm.em.fork(),
    given: new Given(() => orm.em.fork()),
    close: async () => {
      await orm.close(true);
      await dropTestData(config);
    },
  };
}

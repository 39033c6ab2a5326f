import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { defineConfig } from '@mikro-orm/postgresql';
import type { Options } from '@mikro-orm/postgresql';

import type { AppConfig } from '../config/app-config';
import { MIGRATIONS } from './migrations';
import { PostgresNamingStrategy } from './naming-strategy';
import { poolClientOptions } from './pg-pool';

/**
 * MikroORM settings for the service, its tests and its scripts alike.
 *
 * Tables are unqualified and found through the connection's `search_path`
 * (DATABASE_SCHEMA), so the same migrations create the schema a test run
 * isolates itself in and the schema production uses.
 */
export function buildOrmOptions(config: AppConfig, entities: Options['entities'] = []): Options {
  if (!config.database.url) {
    throw new Error('The database URL is not known yet (embedded PostgreSQL not started)');
  }
  return defineConfig({
    clientUrl: config.database.url,
    schema: config.database.schema,
    entities,
    discovery: { warnWhenNoEntities: false },
    metadataProvider: ReflectMetadataProvider,
    namingStrategy: PostgresNamingStrategy,
    extensions: [Migrator],
    // MikroORM 7 hands driverOptions to pg's Pool as they are: clients that name the statements
    // this process repeats (parsed and planned once per connection), a bounded wait to connect.
    driverOptions: {
      options: `-c search_path=${config.database.schema}`,
      ...poolClientOptions(config),
    },
    pool: { min: 0, max: config.database.poolMax },
    forceUtcTimezone: true,
    debug: false,
    allowGlobalContext: false,
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      disableForeignKeys: false,
      snapshot: false,
      silent: true,
    },
    // BullMQ's PostgreSQL backend owns its schema; without this a schema diff would drop its tables.
    schemaGenerator: { ignoreSchema: [config.queue.postgresSchema] },
  });
}

import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';

import type { AppConfig } from '../config/app-config';
import { buildOrmOptions } from './mikro-orm.options';

/** Any fixed number; it only has to be the same in every process of this service. */
export const MIGRATION_LOCK_KEY = 4_711_2026;

export interface MigrationResult {
  readonly applied: string[];
}

/**
 * Creates the service's schema if needed and applies pending migrations.
 * Concurrent starts (several web and worker processes) take turns through an
 * advisory lock, so each migration runs exactly once.
 */
export async function migrateDatabase(config: AppConfig): Promise<MigrationResult> {
  const lock = new Client({ connectionString: config.database.url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await lock.query(
      `create schema if not exists ${lock.escapeIdentifier(config.database.schema)}`,
    );
    const orm = await MikroORM.init(buildOrmOptions(config));
    try {
      const applied = await orm.migrator.up();
      return { applied: applied.map((migration) => migration.name) };
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

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
 * Runs `work` while this process holds the migrations' advisory lock, so
 * concurrent starts (several web and worker processes) take turns: whatever
 * one does under it is done before the next looks. A session lock on a
 * connection of its own, released when `work` ends or fails.
 */
export async function withMigrationLock<T>(
  config: AppConfig,
  work: (lock: Client) => Promise<T>,
): Promise<T> {
  const lock = new Client({ connectionString: config.database.url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work(lock);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

/**
 * Creates the service's schema if needed and applies pending migrations,
 * under the migrations' lock, so each migration runs exactly once.
 */
export async function migrateDatabase(config: AppConfig): Promise<MigrationResult> {
  return withMigrationLock(config, async (lock) => {
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
  });
}

import { Logger } from '@nestjs/common';
import { Pool, PoolConfig } from 'pg';

import type { AppConfig } from '../config/app-config';
import { pgClientFor } from './prepared-statements';

const logger = new Logger('PgPool');

/**
 * How long a pool waits for a connection (a new one, or a free one when all are taken) before
 * the statement fails as "unavailable" (a 503). Unbounded, a connection caught in PostgreSQL's
 * restart once left a worker's job waiting for good (faults.postgres-restart).
 */
export const CONNECTION_TIMEOUT_MS = 10_000;

/** What every pool of the service is made with: MikroORM's, BullMQ's and these. */
export function poolClientOptions(
  config: AppConfig,
): Required<Pick<PoolConfig, 'Client' | 'connectionTimeoutMillis'>> {
  return { Client: pgClientFor(config), connectionTimeoutMillis: CONNECTION_TIMEOUT_MS };
}

/**
 * A node-postgres pool for the stores outside MikroORM (sessions, rate
 * limits). node-postgres reports an idle connection the server closed — a
 * database restart closes them all — as an 'error' on the pool, and an
 * 'error' nobody listens to ends the process. The pool drops that connection
 * and connects anew when next asked, so the error is only worth a line.
 * Its clients name the statements this process repeats, as the ORM's do
 * (DATABASE_PREPARED_STATEMENTS).
 */
export function createPool(
  name: string,
  config: AppConfig,
  options: Omit<PoolConfig, 'connectionString' | 'Client'>,
): Pool {
  const pool = new Pool({
    ...options,
    connectionString: config.database.url,
    ...poolClientOptions(config),
  });
  pool.on('error', (error) =>
    logger.warn({ pool: name, error: error.message }, 'An idle database connection was closed'),
  );
  return pool;
}

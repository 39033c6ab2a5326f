import { Logger } from '@nestjs/common';
import { Client, Pool, PoolConfig } from 'pg';

import type { AppConfig } from '../config/app-config';
import { PreparingClient } from './prepared-statements';

const logger = new Logger('PgPool');

/**
 * How long a pool waits for a connection (a new one, or a free one when all are taken) before
 * the statement fails as "unavailable" (a 503, a job's retry), rather than waiting for good.
 */
export const CONNECTION_TIMEOUT_MS = 10_000;

/**
 * What every pool of the service is made with (MikroORM's, BullMQ's and these): clients that
 * prepare the statements the process repeats, unless DATABASE_PREPARED_STATEMENTS=false, and
 * a bounded wait for a connection.
 */
export function poolClientOptions(
  config: AppConfig,
): Required<Pick<PoolConfig, 'Client' | 'connectionTimeoutMillis'>> {
  return {
    Client: config.database.preparedStatements ? PreparingClient : Client,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
  };
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

import { Logger } from '@nestjs/common';
import { Pool, PoolConfig } from 'pg';

import type { AppConfig } from '../config/app-config';
import { pgClientFor } from './prepared-statements';

const logger = new Logger('PgPool');

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
    Client: pgClientFor(config),
  });
  pool.on('error', (error) =>
    logger.warn({ pool: name, error: error.message }, 'An idle database connection was closed'),
  );
  return pool;
}

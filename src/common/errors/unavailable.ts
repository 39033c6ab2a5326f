import { ConnectionException } from '@mikro-orm/core';

/** Network failures of a socket to PostgreSQL or Redis. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * SQLSTATE classes that mean the server is not there for us now: 08 (connection
 * exception) and 57P01–57P03 (shut down by an administrator or a crash, not
 * yet accepting connections). A constraint or syntax error is never one.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code);
}

/**
 * What node-postgres, ioredis (the queues) and node-redis (the session store) say when the
 * server went away under a query.
 */
const GONE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Connection is closed',
  "Stream isn't writeable",
  'The client is offline',
  'The client is closed',
  'Socket closed unexpectedly',
  'Connection timeout',
];

/**
 * Whether a failure means the database or Redis is down (or restarting)
 * rather than that something is wrong with the request or the code: such a
 * failure is a 503 "try again in a while", not a 500. The driver's error may
 * be wrapped (MikroORM's exceptions, `cause`), so the chain is followed.
 */
export function isDependencyUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof ConnectionException) {
      return true;
    }
    const { code, sqlState, name, message, cause } = current as {
      code?: unknown;
      sqlState?: unknown;
      name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) {
      return true;
    }
    if (typeof sqlState === 'string' && isUnavailableSqlState(sqlState)) {
      return true;
    }
    // ioredis gave up on a command while it could not reach Redis.
    if (name === 'MaxRetriesPerRequestError') {
      return true;
    }
    if (typeof message === 'string' && GONE_MESSAGES.some((gone) => message.startsWith(gone))) {
      return true;
    }
    current = cause;
  }
  return false;
}

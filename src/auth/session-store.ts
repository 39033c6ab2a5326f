import connectPgSimple from 'connect-pg-simple';
import { Logger, type Provider } from '@nestjs/common';
import session from 'express-session';
import { createClient } from 'redis';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createPool } from '../database/pg-pool';

/** Where sessions are kept, and how to let go of its connections at shutdown. */
export interface SessionStore {
  readonly kind: 'redis' | 'postgres';
  readonly store: session.Store;
  close(): Promise<void>;
}

export const SESSION_STORE = Symbol('SESSION_STORE');

const logger = new Logger('SessionStore');

/**
 * The session store: PostgreSQL (connect-pg-simple), or Redis (connect-redis) when REDIS_URL is
 * set, with expiry by Redis' own TTL. connect-redis 11 is an ES module with only an `import`
 * export, which CommonJS cannot require even on Node 24, so it is imported — and the provider
 * is async for it.
 */
export const sessionStoreProvider: Provider = {
  provide: SESSION_STORE,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig): Promise<SessionStore> => {
    if (config.queue.redisUrl) {
      const { RedisStore } = await import('connect-redis');
      // connect-redis speaks node-redis (since 8; ioredis, which the queues use, no longer).
      // With Redis away a session read fails at once instead of waiting in an offline queue,
      // so a page answers 503 as it did, and the client reconnects every 2 s at most.
      const client = createClient({
        url: config.queue.redisUrl,
        disableOfflineQueue: true,
        socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
      });
      client.on('error', (error: Error) =>
        logger.warn({ error: error.message }, 'The session store lost Redis'),
      );
      // The service starts while Redis is away, as the queues do, and serves sessions once it
      // answers; a Redis that is there is connected before the first request.
      const connected = client.connect().catch(() => undefined);
      await Promise.race([connected, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      return {
        kind: 'redis',
        store: new RedisStore({
          client,
          prefix: `${config.queue.redisPrefix}:session:`,
          ttl: config.auth.sessionIdleMinutes * 60,
        }),
        close: async () => {
          await client.close();
        },
      };
    }
    const pool = createPool('sessions', config, { max: 4 });
    const PgStore = connectPgSimple(session);
    const store = new PgStore({
      pool,
      schemaName: config.database.schema,
      tableName: 'http_session',
      createTableIfMissing: false,
      pruneSessionInterval: 15 * 60,
    });
    return {
      kind: 'postgres',
      store,
      close: async () => {
        store.close();
        await pool.end();
      },
    };
  },
};

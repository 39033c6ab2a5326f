import { randomBytes } from 'node:crypto';

import { Client } from 'pg';
import Redis from 'ioredis';

import type { AppConfig, ProcessRole, QueueBackendKind } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { MIGRATION_LOCK_KEY } from '../../src/database/migrate';

/** The database every suite uses: DATABASE_URL, or the embedded one global-setup started. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set; test/support/global-setup.mjs should have set it');
  }
  return url;
}

export function testRedisUrl(): string | undefined {
  return process.env.REDIS_URL || undefined;
}

export interface TestConfigOptions {
  readonly role?: ProcessRole;
  readonly queue?: QueueBackendKind;
  /** Reuse another test config's schemas and queue names (a second process on the same data). */
  readonly isolation?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Settings for one isolated run: its own PostgreSQL schema, its own BullMQ
 * schema (PostgreSQL backend) or key prefix (Redis), so suites can run in
 * parallel against one server and leave nothing behind.
 */
export function buildTestConfig(options: TestConfigOptions = {}): AppConfig {
  const isolation = options.isolation ?? randomBytes(6).toString('hex');
  const queue = options.queue ?? 'postgres';
  const redisUrl = testRedisUrl();
  if (queue === 'redis' && !redisUrl) {
    throw new Error('A Redis-backed test needs REDIS_URL');
  }
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ROLE: options.role ?? 'all',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: `t_${isolation}`,
    DATABASE_POOL_MAX: '4',
    QUEUE_SCHEMA: `q_${isolation}`,
    QUEUE_PREFIX: `t_${isolation}`,
    ...(queue === 'redis' && redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...options.env,
  });
}

export function isolationOf(config: AppConfig): string {
  return config.database.schema.replace(/^t_/, '');
}

/** Drops what one test config created: both schemas, and its Redis keys. */
export async function dropTestData(config: AppConfig): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    // Under the migrations' lock: MikroORM's migrator lists the tables of every schema, and a
    // schema dropped by a suite in the other jest worker in the middle of that listing fails it.
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    for (const schema of [config.database.schema, config.queue.postgresSchema]) {
      await client.query(`drop schema if exists ${client.escapeIdentifier(schema)} cascade`);
    }
  } finally {
    await client.end();
  }
  if (config.queue.backend === 'redis' && config.queue.redisUrl) {
    const redis = new Redis(config.queue.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      const keys = await redis.keys(`${config.queue.redisPrefix}:*`);
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    } finally {
      redis.disconnect();
    }
  }
}

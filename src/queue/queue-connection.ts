import type { BullRootModuleOptions } from '@nestjs/bullmq';
import { createPostgresBackend, setDefaultBackendFactory } from 'bullmq';

import type { AppConfig } from '../config/app-config';
import { poolClientOptions } from '../database/pg-pool';

/**
 * Chooses BullMQ's backend for this process and returns the shared connection
 * options of every queue and worker. Must run before Nest builds the queues;
 * it does, because every queue provider depends on these root options.
 *
 * The processors never see the difference: the same Queue/Worker classes run
 * on PostgreSQL (the default; BullMQ's own schema in the service's database)
 * and on Redis (when REDIS_URL is set).
 */
export function buildQueueRootOptions(config: AppConfig): BullRootModuleOptions {
  const telemetry = queueTelemetry(config);
  if (config.queue.backend === 'redis') {
    setDefaultBackendFactory();
    return {
      telemetry,
      prefix: config.queue.redisPrefix,
      connection: {
        url: config.queue.redisUrl,
        maxRetriesPerRequest: null,
        // BullMQ's own backoff grows to 20 s between attempts, so after an outage of a
        // minute the queues came back up to 20 s after Redis did; every 2 s at most is cheap.
        retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
      },
    };
  }
  setDefaultBackendFactory(createPostgresBackend);
  return {
    telemetry,
    // The config-object form is the only one whose `schema` BullMQ reads.
    connection: {
      connectionString: config.database.url,
      schema: config.queue.postgresSchema,
      migrate: true,
      max: 5,
      // BullMQ hands these to pg's Pool: its statements too are parsed once per connection.
      ...poolClientOptions(config),
    },
  };
}

/**
 * With TRACING on, every queue and worker gets BullMQ's OpenTelemetry
 * telemetry: adding a job makes a producer span and stores the trace context
 * in the job; the worker continues that trace in its consumer span, so a
 * request's trace runs on into its jobs and their queries. Off: nothing of
 * OpenTelemetry is loaded (src/common/tracing/preload.ts).
 */
function queueTelemetry(config: AppConfig): BullRootModuleOptions['telemetry'] {
  if (config.tracing.mode === 'off') {
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { BullMQOtel } = require('bullmq-otel') as typeof import('bullmq-otel');
  return new BullMQOtel({ tracerName: 'iup-records' });
}

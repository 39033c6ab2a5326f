import type { IncomingMessage } from 'node:http';

import { diag, DiagLogLevel, SpanKind } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { startNodeSdk } from '@opentelemetry/sdk-node';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';

import type { TracingMode } from '../../config/tracing-mode';
import { plainLogger } from '../logging/log-format';

type SpanProcessor = NonNullable<NodeSDKConfiguration['spanProcessors']>[number];
type FinishedSpan = Parameters<SpanProcessor['onEnd']>[0];

/** Requests no one needs a trace of: health checks and metric scrapes, every few seconds. */
function isQuiet(request: IncomingMessage): boolean {
  const path = (request.url ?? '').split('?')[0] ?? '';
  return path.startsWith('/health/') || path === '/metrics';
}

/**
 * The query string never leaves the process: it may carry a receipt code or
 * a token (the logs leave it out for the same reason).
 */
function withoutQuery(span: { setAttribute(key: string, value: string): unknown }, url: string) {
  const [path, query] = url.split('?');
  if (query !== undefined) {
    span.setAttribute('url.query', 'REDACTED');
    span.setAttribute('http.target', path ?? '');
  }
}

/**
 * TRACING=console: each finished span as one JSON line in the log's own
 * format (the SDK's console exporter prints multi-line objects).
 */
function jsonLineSpans(): SpanProcessor {
  const log = plainLogger();
  const millis = ([seconds, nanos]: readonly [number, number]): number =>
    Math.round((seconds * 1e3 + nanos / 1e6) * 1000) / 1000;
  return {
    onStart: () => undefined,
    onEnd: (span: FinishedSpan) => {
      const context = span.spanContext();
      log.info(
        {
          span: {
            traceId: context.traceId,
            spanId: context.spanId,
            parentSpanId: span.parentSpanContext?.spanId,
            name: span.name,
            kind: SpanKind[span.kind],
            startMs: millis(span.startTime),
            durationMs: millis(span.duration),
            status: span.status.code,
            attributes: span.attributes,
            links: span.links.map((link) => ({
              traceId: link.context.traceId,
              spanId: link.context.spanId,
            })),
          },
        },
        'span',
      );
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

/** The SDK's own warnings, in the log's format too. */
function jsonDiagLogger(): DiagLogger {
  const log = plainLogger().child({ component: 'opentelemetry' });
  return {
    error: (message) => log.error(message),
    warn: (message) => log.warn(message),
    info: (message) => log.info(message),
    debug: (message) => log.debug(message),
    verbose: (message) => log.trace(message),
  };
}

/**
 * Starts OpenTelemetry for this process: spans of incoming HTTP requests
 * (named by their Express route), of PostgreSQL and Redis commands made while
 * one is active, and — through BullMQ's telemetry option (queue-connection.ts)
 * — of each job's enqueueing and processing, carried in the job from the
 * request that queued it to the worker that runs it. Only traces: no metrics
 * or logs are exported (the metrics are Prometheus' on the operations port).
 *
 * `otlp` honours the standard variables: OTEL_EXPORTER_OTLP_ENDPOINT (or
 * …_TRACES_ENDPOINT), OTEL_EXPORTER_OTLP_PROTOCOL (`http/protobuf` by default,
 * `http/json`, `grpc`), OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER,
 * OTEL_BSP_*, OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES.
 */
export function startTracing(options: {
  mode: Exclude<TracingMode, 'off'>;
  serviceName: string | undefined;
}): { shutdown(): Promise<void> } {
  const sdk = startNodeSdk({
    logLevel: 'warn',
    resourceAttributes: options.serviceName ? { 'service.name': options.serviceName } : {},
    // From OTEL_TRACES_EXPORTER and OTEL_EXPORTER_OTLP_* for otlp; our own lines for console.
    spanProcessors: options.mode === 'console' ? [jsonLineSpans()] : undefined,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: isQuiet,
        requestHook: (span, request) => {
          if ('headers' in request && !('setHeader' in request)) {
            withoutQuery(span, request.url ?? '');
          }
        },
      }),
      // Route handlers only: a span for each of the dozen middlewares says nothing.
      new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER],
      }),
      // Without a request or a job around them, queries are the queue backend polling.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  diag.setLogger(jsonDiagLogger(), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return sdk;
}

import { defaultTracingServiceName, tracingModeOf } from '../../config/tracing-mode';

/**
 * Imported first by main.ts. With TRACING=otlp or console it starts
 * OpenTelemetry here, before Express, pg, ioredis and the rest are loaded,
 * so their instrumentation is in place when they are. With TRACING=off (the
 * default) it loads nothing at all: the SDK is required only below.
 */
interface RunningTracing {
  shutdown(): Promise<void>;
}

let running: RunningTracing | undefined;

const mode = tracingModeOf();
if (mode !== 'off') {
  // A synchronous require, on purpose: an import would load the SDK when tracing is off as well,
  // and a dynamic import() would start it only after the modules it must instrument are loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./tracing-sdk') as typeof import('./tracing-sdk');
  running = sdk.startTracing({ mode, serviceName: defaultTracingServiceName() });
}

/** Sends the spans still buffered; main.ts calls it before the process exits. */
export async function flushTracing(): Promise<void> {
  await running?.shutdown();
}

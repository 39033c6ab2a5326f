/** What `TRACING` may say: off, spans to an OTLP collector, or spans as JSON lines in the log. */
export const TRACING_MODES = ['off', 'otlp', 'console'] as const;
export type TracingMode = (typeof TRACING_MODES)[number];

/**
 * `TRACING` read straight from the environment, for the tracing preload that
 * must start before the rest of the service (and so before `loadConfig`) is
 * loaded. Anything but a known mode is `off` here; `loadConfig` then refuses
 * the value and names it.
 */
export function tracingModeOf(environment: NodeJS.ProcessEnv = process.env): TracingMode {
  const value = environment.TRACING?.trim();
  return (TRACING_MODES as readonly string[]).includes(value ?? '')
    ? (value as TracingMode)
    : 'off';
}

/** The service's name in traces, unless the operator names it (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES). */
export function defaultTracingServiceName(
  environment: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const named =
    Boolean(environment.OTEL_SERVICE_NAME?.trim()) ||
    /(^|,)\s*service\.name\s*=/.test(environment.OTEL_RESOURCE_ATTRIBUTES ?? '');
  return named ? undefined : 'iup-records';
}

/** The queue for the service's own housekeeping and diagnostics. */
export const SYSTEM_QUEUE = 'system';

export const SystemJob = {
  /** Proves the path app → queue backend → worker → database end to end. */
  QueueProbe: 'queue-probe',
} as const;

export interface QueueProbePayload {
  readonly probeId: string;
  /** Simulated work before the probe is stamped, to observe a job in flight (capped). */
  readonly holdMs?: number;
}

export const MAX_PROBE_HOLD_MS = 10_000;

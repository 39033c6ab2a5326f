/** The queue for the service's own housekeeping and diagnostics. */
export const SYSTEM_QUEUE = 'system';

export const SystemJob = {
  /** Proves the path app → queue backend → worker → database end to end. */
  QueueProbe: 'queue-probe',
} as const;

export interface QueueProbePayload {
  readonly probeId: string;
}

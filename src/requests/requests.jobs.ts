export const REQUESTS_QUEUE = 'records-requests';

export const RequestsJob = {
  /** Deadlines, candidate records, reviewers told: the first steps after a request is committed. */
  FirstSteps: 'first-steps',
  /** Re-creates the first-steps job of any request committed without one (a crash, the queue down). */
  Sweep: 'sweep',
} as const;

export interface FirstStepsPayload {
  readonly requestId: string;
}

/** One job per request: adding it again while it exists changes nothing. */
export function firstStepsJobId(requestId: string): string {
  return `first-steps-${requestId}`;
}

/** A request whose first steps have not run this long after commit is swept up. */
export const SWEEP_AFTER_MS = 60_000;
export const SWEEP_EVERY_MS = 60_000;

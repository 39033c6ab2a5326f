export const RequestsJob = {
  /** Deadlines, candidate records, reviewers told: the first steps after a request is committed. */
  FirstSteps: 'first-steps',
  /** Re-creates the first-steps job of any request committed without one (a crash, the queue down). */
  Sweep: 'sweep',
  /** The morning of the decision day: the assignee is reminded. */
  Reminder: 'deadline-reminder',
  /** The first working morning after it: the team lead is told. */
  Escalation: 'deadline-escalation',
} as const;

export interface FirstStepsPayload {
  readonly requestId: string;
}

/** A reminder or an escalation for one decision date; a moved date makes it moot. */
export interface DeadlinePayload {
  readonly requestId: string;
  readonly decisionDue: string;
}

export type RequestsPayload = FirstStepsPayload | DeadlinePayload;

/** One alert of each kind per request and decision date. */
export function deadlineJobId(
  kind: 'reminder' | 'escalation',
  requestId: string,
  decisionDue: string,
): string {
  return `${kind}-${requestId}-${decisionDue}`;
}

/** One job per request: adding it again while it exists changes nothing. */
export function firstStepsJobId(requestId: string): string {
  return `first-steps-${requestId}`;
}

/** A request whose first steps have not run this long after commit is swept up. */
export const SWEEP_AFTER_MS = 60_000;
export const SWEEP_EVERY_MS = 60_000;

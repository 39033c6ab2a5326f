export const RequestsJob = {
  /** Deadlines, candidate records, reviewers told: the first steps after a request is committed. */
  FirstSteps: 'first-steps',
  /** Re-creates the first-steps job of any request committed without one (a crash, the queue down). */
  Sweep: 'sweep',
  /** The morning of the decision day: the assignee is reminded. */
  Reminder: 'deadline-reminder',
  /** The first working morning after it: the team lead is told. */
  Escalation: 'deadline-escalation',
  /** The first action's or an appeal's forwarding's day: the assignee is reminded. */
  ClockReminder: 'clock-reminder',
  /** The first working morning after that day, nothing done: the team lead is told. */
  ClockEscalation: 'clock-escalation',
} as const;

export interface FirstStepsPayload {
  readonly requestId: string;
}

/** A reminder or an escalation for one decision date; a moved date makes it moot. */
export interface DeadlinePayload {
  readonly requestId: string;
  readonly decisionDue: string;
}

/**
 * The clocks other than the decision's (DOMAIN.md, "skyndsamt"): the same-day
 * first action, and an appeal's forwarding to the court without delay.
 */
export type Clock = 'first_action' | 'forwarding';

/** A reminder or an escalation for one clock's due day; done or moved makes it moot. */
export interface ClockPayload {
  readonly clock: Clock;
  readonly requestId: string;
  /** The appeal to forward; null for the first action. */
  readonly appealId: string | null;
  readonly due: string;
}

export type RequestsPayload = FirstStepsPayload | DeadlinePayload | ClockPayload;

/** One alert of each kind per request and decision date. */
export function deadlineJobId(
  kind: 'reminder' | 'escalation',
  requestId: string,
  decisionDue: string,
): string {
  return `${kind}-${requestId}-${decisionDue}`;
}

/** One alert of each kind per clock, subject (the request or the appeal) and due day. */
export function clockJobId(kind: 'reminder' | 'escalation', payload: ClockPayload): string {
  return `${payload.clock}-${kind}-${payload.appealId ?? payload.requestId}-${payload.due}`;
}

/** One job per request: adding it again while it exists changes nothing. */
export function firstStepsJobId(requestId: string): string {
  return `first-steps-${requestId}`;
}

/** A request whose first steps have not run this long after commit is swept up. */
export const SWEEP_AFTER_MS = 60_000;
export const SWEEP_EVERY_MS = 60_000;

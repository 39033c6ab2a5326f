import { stockholmInstant } from '../common/stockholm';
import { addDays, addWorkingDays, firstWorkingDayFrom, workingDaysBetween } from './working-days';

/** Where a request for public records stands. */
export type RequestStatus =
  'received' | 'in_review' | 'awaiting_clarification' | 'decided' | 'delivered' | 'withdrawn';

export type RequestAction =
  | 'claim'
  | 'ask_clarification'
  | 'clarification_received'
  | 'decide_item'
  /** Four eyes: a second reviewer approves a refusal or redactions (REQUEST_FOUR_EYES). */
  | 'approve_item'
  | 'complete_decision'
  | 'deliver'
  | 'deliver_part'
  | 'appeal'
  | 'extend'
  | 'book_viewing'
  | 'withdraw'
  | 'close_without_records'
  | 'reopen';

export type Channel =
  | 'web'
  | 'api'
  | 'email'
  | 'letter'
  | 'phone'
  | 'desk'
  | 'forwarded'
  /** A guardian signed in, for their own child (Mina barn): a person concerned. */
  | 'guardian';
export const CHANNELS: readonly Channel[] = [
  'web',
  'api',
  'email',
  'letter',
  'phone',
  'desk',
  'forwarded',
  'guardian',
];

export type DeliveryMethod = 'on_site' | 'paper' | 'electronic';

/** How a request reaches Sektor Lärande other than through the form or the API. */
export type StaffChannel = 'email' | 'letter' | 'phone' | 'desk';
export const STAFF_CHANNELS: readonly StaffChannel[] = ['email', 'letter', 'phone', 'desk'];

const TRANSITIONS: Readonly<Record<RequestAction, Partial<Record<RequestStatus, RequestStatus>>>> =
  {
    claim: { received: 'in_review', in_review: 'in_review' },
    ask_clarification: { received: 'awaiting_clarification', in_review: 'awaiting_clarification' },
    clarification_received: { awaiting_clarification: 'in_review' },
    decide_item: { received: 'in_review', in_review: 'in_review' },
    approve_item: { in_review: 'in_review' },
    complete_decision: { in_review: 'decided' },
    deliver: { decided: 'delivered' },
    // Records released in full go out ahead of the rest (DOMAIN.md: in batches as each is reviewed).
    deliver_part: {
      received: 'in_review',
      in_review: 'in_review',
      awaiting_clarification: 'awaiting_clarification',
    },
    // Appeals are registered against a decision; the request keeps its status.
    appeal: { decided: 'decided', delivered: 'delivered' },
    // A large request needs longer: the decision date moves, the status stays.
    extend: {
      received: 'received',
      in_review: 'in_review',
      awaiting_clarification: 'awaiting_clarification',
    },
    book_viewing: { decided: 'decided' },
    // The requester may withdraw until the decision; a decided request is answered.
    withdraw: {
      received: 'withdrawn',
      in_review: 'withdrawn',
      awaiting_clarification: 'withdrawn',
    },
    // Reconsidered after an appeal, or the court changed the decision or sent it back: decided anew.
    reopen: { decided: 'in_review', delivered: 'in_review' },
    // No record to decide on: the closing letter is the decision, delivered like any other.
    close_without_records: {
      received: 'decided',
      in_review: 'decided',
      awaiting_clarification: 'decided',
    },
  };

/**
 * A request closed without records: what it asks for does not exist at
 * Sektor Lärande (a refusal, so appealable), or it belongs to another
 * authority and was forwarded there.
 */
export type Closure = 'no_record' | 'forwarded';
export const CLOSURES: readonly Closure[] = ['no_record', 'forwarded'];

/** The status after `action`, or null when the action is not possible in `status`. */
export function nextStatus(status: RequestStatus, action: RequestAction): RequestStatus | null {
  return TRANSITIONS[action][status] ?? null;
}

/** What the requester sees on the status page. */
/** How a request closed without records ended, as its status words it. */
export interface ClosedAs {
  readonly kind: Closure;
  readonly forwardedTo: string | null;
}

export function publicStatus(
  status: RequestStatus,
  closure: ClosedAs | null = null,
): { label: string; explanation: string } {
  if (closure && (status === 'decided' || status === 'delivered')) {
    return closure.kind === 'no_record'
      ? {
          label: 'Avslutad – handlingen finns inte',
          explanation:
            'Den handling du begärt finns inte hos Sektor Lärande. Skälen och hur du överklagar står i beslutet.',
        }
      : {
          label: 'Avslutad – överlämnad till en annan myndighet',
          explanation: `Handlingen finns hos ${closure.forwardedTo ?? 'en annan myndighet'}. Vi har lämnat över din begäran dit, och du får svar därifrån.`,
        };
  }
  switch (status) {
    case 'received':
      return {
        label: 'Mottagen',
        explanation: 'Vi har tagit emot din begäran. En handläggare tar sig an den skyndsamt.',
      };
    case 'in_review':
      return {
        label: 'Under handläggning',
        explanation:
          'En handläggare går igenom handlingarna och prövar om något är sekretessbelagt.',
      };
    case 'awaiting_clarification':
      return {
        label: 'Under handläggning – vi väntar på svar från dig',
        explanation:
          'Vi behöver veta mer för att hitta rätt handlingar. Läs frågan nedan och svara här på sidan.',
      };
    case 'decided':
      return {
        label: 'Beslutad',
        explanation: 'Begäran är prövad. Handlingarna lämnas ut på det sätt du valde.',
      };
    case 'delivered':
      return { label: 'Utlämnad', explanation: 'Handlingarna är utlämnade.' };
    case 'withdrawn':
      return {
        label: 'Återkallad',
        explanation: 'Begäran är återkallad och avslutad. Inga handlingar lämnas ut.',
      };
  }
}

export function channelLabel(channel: Channel): string {
  switch (channel) {
    case 'web':
      return 'Webbformulär';
    case 'api':
      return 'Via API';
    case 'email':
      return 'E-post';
    case 'letter':
      return 'Brev';
    case 'phone':
      return 'Telefon';
    case 'desk':
      return 'Besök i receptionen';
    case 'forwarded':
      return 'Vidarebefordrad från skolan';
    case 'guardian':
      return 'Vårdnadshavare, inloggad (Mina barn)';
  }
}

export function deliveryLabel(method: DeliveryMethod): string {
  switch (method) {
    case 'on_site':
      return 'Läsa på plats';
    case 'paper':
      return 'Papperskopia per post';
    case 'electronic':
      return 'Elektronisk kopia';
  }
}

export interface DeadlineRules {
  /** Working days from receipt to the first action (0: the same working day). */
  readonly firstActionWorkingDays: number;
  /** Working days from receipt to the decision. */
  readonly decisionWorkingDays: number;
}

/** "Skyndsamt": the dates by which the first action and the decision are due. */
export function computeDeadlines(
  receivedOn: string,
  rules: DeadlineRules,
): { firstActionDue: string; decisionDue: string } {
  return {
    firstActionDue: addWorkingDays(receivedOn, rules.firstActionWorkingDays),
    decisionDue: addWorkingDays(receivedOn, rules.decisionWorkingDays),
  };
}

/**
 * The time spent waiting for the requester's answer does not count against
 * the service: the decision moves by the working days waited.
 */
export function extendForWaiting(
  decisionDue: string,
  askedOn: string,
  answeredOn: string,
): { decisionDue: string; waitedWorkingDays: number } {
  const waited = workingDaysBetween(askedOn, answeredOn);
  return { decisionDue: addWorkingDays(decisionDue, waited), waitedWorkingDays: waited };
}

/**
 * When the assignee is reminded and the team lead told: the reminder on the
 * morning of the decision day (the target is that day's end), the
 * escalation on the morning of the first working day after it, when the
 * request is overdue. `hour` is Swedish time.
 */
export function deadlineAlerts(
  decisionDue: string,
  hour: number,
): { reminderAt: Date; escalationAt: Date } {
  const time = `${String(hour).padStart(2, '0')}:00`;
  return {
    reminderAt: stockholmInstant(decisionDue, time),
    escalationAt: stockholmInstant(addWorkingDays(decisionDue, 1), time),
  };
}

/**
 * The first action's alerts: a reminder at `reminderHour` on the day it is
 * due, unless the request came in after that moment (its new-request notice
 * is fresh then: null), and an escalation on the first working morning
 * after, at `escalationHour`, as the decision's. Hours are Swedish time.
 */
export function firstActionAlerts(
  firstActionDue: string,
  receivedAt: Date,
  hours: { readonly reminderHour: number; readonly escalationHour: number },
): { reminderAt: Date | null; escalationAt: Date } {
  const reminderAt = stockholmInstant(
    firstActionDue,
    `${String(hours.reminderHour).padStart(2, '0')}:00`,
  );
  return {
    reminderAt: receivedAt.getTime() < reminderAt.getTime() ? reminderAt : null,
    escalationAt: deadlineAlerts(firstActionDue, hours.escalationHour).escalationAt,
  };
}

/**
 * The last day an appeal goes to the court "without delay" (FL 46 §): a set
 * number of working days from the day it came in, or from the day a late one
 * was let through (FL 45 §); a day off counts from the next working day.
 */
export function forwardDue(from: string, workingDays: number): string {
  return addWorkingDays(from, workingDays);
}

/** Still being handled: not yet decided. */
export function isOpenRequest(status: RequestStatus): boolean {
  return status === 'received' || status === 'in_review' || status === 'awaiting_clarification';
}

/** Overdue: the due date has passed and the step is not done. */
export function isOverdue(due: string, today: string): boolean {
  return today > due;
}

/**
 * A guardian asking for their own child's record (OSL 12 kap. 3 §): the
 * confidentiality that protects the pupil does not apply toward the
 * guardian for what the guardian needs to exercise custody (lifted), unless
 * the pupil can be assumed to suffer considerable harm if it is disclosed
 * to the guardian (protects against the guardian).
 */
export type ConcernedPartyBasis = 'lifted' | 'protects_against_guardian';
export const CONCERNED_PARTY_BASES: readonly ConcernedPartyBasis[] = [
  'lifted',
  'protects_against_guardian',
];

export function concernedPartyLabel(basis: ConcernedPartyBasis): string {
  return basis === 'lifted'
    ? 'Sekretessen gäller inte mot vårdnadshavaren (OSL 12 kap. 3 §)'
    : 'Sekretessen skyddar eleven mot vårdnadshavaren (OSL 12 kap. 3 §)';
}

/**
 * Whether a basis fits a decision: lifted toward the guardian, something
 * goes out to them (in full, or with others' data struck); protecting the
 * pupil against them, something is withheld. A draft is no record at all.
 */
export function concernedPartyFits(basis: ConcernedPartyBasis, decision: Decision): boolean {
  if (decision === 'no_public_record') {
    return false;
  }
  return basis === 'lifted' ? decision !== 'refuse' : decision !== 'release';
}

/** What a reviewer decides about one record of a request. */
export type Decision = 'release' | 'release_with_redactions' | 'refuse' | 'no_public_record';
export const DECISIONS: readonly Decision[] = [
  'release',
  'release_with_redactions',
  'refuse',
  'no_public_record',
];

export function decisionLabel(decision: Decision): string {
  switch (decision) {
    case 'release':
      return 'Lämnas ut';
    case 'release_with_redactions':
      return 'Lämnas ut med maskeringar';
    case 'refuse':
      return 'Lämnas inte ut (avslag)';
    case 'no_public_record':
      return 'Ingen allmän handling ännu';
  }
}

/**
 * The last day an appeal may come in: three weeks from the day the requester
 * learned of the decision (förvaltningslagen 44 §); a deadline on a Saturday,
 * Sunday or holiday moves to the next working day (lagen 1930:173).
 */
export function appealDeadline(notifiedOn: string): string {
  return firstWorkingDayFrom(addDays(notifiedOn, 21));
}

/** Decisions a requester can appeal: every one but a full release. */
export const APPEALABLE_DECISIONS: readonly Decision[] = [
  'release_with_redactions',
  'refuse',
  'no_public_record',
];

/**
 * The day the requester took part of the decision, from which the three
 * weeks count (DOMAIN.md, appeals): on site, the day itself; by post, the
 * sending day plus the post margin; electronically, the day they first
 * downloaded the decision — null until then (the three weeks have not
 * begun). A decision not yet delivered counts from the day it was made.
 */
export function notifiedOfDecisionOn(input: {
  readonly delivery: DeliveryMethod;
  readonly decidedOn: string;
  readonly deliveredOn: string | null;
  readonly decisionSeenOn: string | null;
  readonly postMarginWorkingDays: number;
}): string | null {
  if (input.deliveredOn === null) {
    return input.decidedOn;
  }
  switch (input.delivery) {
    case 'on_site':
      return input.deliveredOn;
    case 'paper':
      return addWorkingDays(input.deliveredOn, input.postMarginWorkingDays);
    case 'electronic':
      return input.decisionSeenOn;
  }
}

/**
 * The last day the records of a decided request are held for an appeal
 * that may still come: the appeal deadline counted from `notifiedOn`, plus
 * the post margin for an appeal posted on the last day.
 */
export function appealHoldEndsOn(notifiedOn: string, postMarginWorkingDays: number): string {
  return addWorkingDays(appealDeadline(notifiedOn), postMarginWorkingDays);
}

/**
 * The hold written at delivery, before anyone knows when the requester will
 * read the decision: electronically, counted from the download link's last
 * day (the latest they can read it through that link; a later first
 * download through a new link moves the hold on, `appealHoldEndsOn`).
 */
export function appealHoldAtDelivery(input: {
  readonly deliveredOn: string;
  readonly delivery: DeliveryMethod;
  readonly postMarginWorkingDays: number;
  readonly downloadLinkDays: number;
}): string {
  const notifiedOn =
    notifiedOfDecisionOn({
      delivery: input.delivery,
      decidedOn: input.deliveredOn,
      deliveredOn: input.deliveredOn,
      decisionSeenOn: null,
      postMarginWorkingDays: input.postMarginWorkingDays,
    }) ?? addDays(input.deliveredOn, input.downloadLinkDays);
  return appealHoldEndsOn(notifiedOn, input.postMarginWorkingDays);
}

/**
 * How an appeal ended: the court's answer (upheld, changed, returned,
 * dismissed — or dismissed by Sektor Lärande when late), or lapsed when the
 * reconsideration gave the requester what the appeal asked for.
 */
export type CourtOutcome = 'upheld' | 'changed' | 'returned' | 'dismissed' | 'lapsed';
export const COURT_OUTCOMES: readonly CourtOutcome[] = [
  'upheld',
  'changed',
  'returned',
  'dismissed',
  'lapsed',
];

/**
 * Why a decided request is decided anew: reconsidered after an appeal
 * (omprövning, förvaltningslagen 37–39 §§), the court changed the decision
 * (the copy it ordered is made), or the court sent the case back.
 */
export type ReopenReason = 'reconsideration' | 'court_changed' | 'court_returned';
export const REOPEN_REASONS: readonly ReopenReason[] = [
  'reconsideration',
  'court_changed',
  'court_returned',
];

export function reopenReasonLabel(reason: ReopenReason): string {
  switch (reason) {
    case 'reconsideration':
      return 'omprövning efter överklagandet (förvaltningslagen 37–39 §§)';
    case 'court_changed':
      return 'domstolen ändrade beslutet';
    case 'court_returned':
      return 'domstolen återförvisade ärendet';
  }
}

/**
 * Why an appeal reopens its request, or null when it cannot: before it goes
 * to the court, to reconsider; after the court changed the decision or sent
 * it back, to carry that out.
 */
export function reopenReasonFor(appeal: {
  readonly inTime: boolean;
  readonly lateException: LateAppealException | null;
  readonly forwardedOn: string | null;
  readonly outcome: CourtOutcome | null;
}): ReopenReason | null {
  if (appeal.outcome === 'changed') {
    return 'court_changed';
  }
  if (appeal.outcome === 'returned') {
    return 'court_returned';
  }
  if (appeal.outcome === null && appeal.forwardedOn === null && appealGoesToCourt(appeal)) {
    return 'reconsideration';
  }
  return null;
}

export function courtOutcomeLabel(outcome: CourtOutcome): string {
  switch (outcome) {
    case 'upheld':
      return 'Överklagandet avslogs (beslutet står fast)';
    case 'changed':
      return 'Beslutet ändrades';
    case 'returned':
      return 'Ärendet återförvisades till Sektor Lärande';
    case 'dismissed':
      return 'Överklagandet avvisades';
    case 'lapsed':
      return 'Överklagandet förföll (beslutet ändrades vid omprövningen)';
  }
}

/**
 * Why a late appeal is tried all the same (förvaltningslagen 45 § andra
 * stycket): the decision's appeal notice was missing or wrong, or the appeal
 * reached the court within the time.
 */
export type LateAppealException = 'notice_missing_or_wrong' | 'reached_court_in_time';
export const LATE_APPEAL_EXCEPTIONS: readonly LateAppealException[] = [
  'notice_missing_or_wrong',
  'reached_court_in_time',
];

export function lateAppealExceptionLabel(exception: LateAppealException): string {
  switch (exception) {
    case 'notice_missing_or_wrong':
      return 'överklagandehänvisningen saknades eller var felaktig';
    case 'reached_court_in_time':
      return 'överklagandet kom in till domstolen i rätt tid';
  }
}

/**
 * What can be done with an appeal: one in time, or a late one with a
 * förvaltningslagen 45 § exception, goes to the court; a late one without is
 * dismissed by Sektor Lärande itself.
 */
export function appealGoesToCourt(appeal: {
  readonly inTime: boolean;
  readonly lateException: LateAppealException | null;
}): boolean {
  return appeal.inTime || appeal.lateException !== null;
}

/**
 * Each status in the staff's words, for the queue and the request page: what the case waits
 * for and on whom, not the requester's "vi väntar på svar från dig" (publicStatus). A request
 * closed without a copy (no such record, forwarded) says so, in the same words as the public.
 */
export function staffStatusLabel(status: RequestStatus, closure: ClosedAs | null = null): string {
  if (closure && (status === 'decided' || status === 'delivered')) {
    return publicStatus(status, closure).label;
  }
  switch (status) {
    case 'received':
      return 'Ny – ingen har påbörjat';
    case 'in_review':
      return 'Under handläggning';
    case 'awaiting_clarification':
      return 'Väntar på komplettering från den som begär';
    case 'decided':
      return 'Beslutad – ska lämnas ut';
    case 'delivered':
      return 'Utlämnad';
    case 'withdrawn':
      return 'Återkallad av den som begär';
  }
}

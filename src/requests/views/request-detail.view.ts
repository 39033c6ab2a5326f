import { stockholmClock, stockholmToday } from '../../common/stockholm';
import type { Payment } from '../fees';
import {
  appealGoesToCourt,
  channelLabel,
  courtOutcomeLabel,
  Decision,
  decisionLabel,
  DeliveryMethod,
  deliveryLabel,
  lateAppealExceptionLabel,
  staffStatusLabel,
  ReopenReason,
  isOverdue,
  type ConcernedPartyBasis,
  concernedPartyLabel,
  reopenReasonFor,
  reopenReasonLabel,
  RequestStatus,
} from '../request-lifecycle';
import type {
  Appeal,
  ItemMarking,
  RequestClosure,
  RequestDetail,
  RequestEvent,
  RequestItem,
} from '../request-read-model';
import { describeEvent } from './request-history.view';

/** One record of a request as the back office and the API show it. */
export interface RequestItemView {
  readonly id: string;
  readonly kind: 'record' | 'draft';
  readonly source: 'matched' | 'added';
  readonly recordId: string | null;
  readonly registrationNumber: string | null;
  readonly title: string;
  readonly pupilId: string | null;
  readonly pupilName: string | null;
  readonly schoolUnitName: string | null;
  readonly period: string | null;
  /** A signal for the reviewer only (DOMAIN.md): a sekretessmarkering or protected identity. */
  readonly signals: readonly string[];
  /** The record's sekretessmarkering in data (the first signal words it); null when unmarked. */
  readonly marking: ItemMarking | null;
  readonly decision: Decision | null;
  readonly decisionLabel: string | null;
  readonly refusalGround: string | null;
  readonly reasons: string | null;
  readonly redactionCount: number;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  /** Four eyes: who approved the current refusal or redactions, and when; null otherwise. */
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  /** The Swedish day its copy went out ahead of the decision, or null. */
  readonly deliveredOn: string | null;
  readonly concernedParty: ConcernedPartyBasis | null;
  readonly concernedPartyLabel: string | null;
  readonly aboutGuardiansChild: boolean;
  readonly version: number;
}

export interface AppealView {
  readonly id: string;
  readonly receivedOn: string;
  readonly deadline: string;
  readonly inTime: boolean;
  readonly forwardedOn: string | null;
  readonly forwardDue: string | null;
  /** Not forwarded and past its day: the page says so. */
  readonly forwardOverdue: boolean;
  readonly court: string | null;
  readonly courtReference: string | null;
  readonly outcome: string | null;
  readonly outcomeLabel: string | null;
  readonly decidedOn: string | null;
  readonly note: string | null;
  /** A late appeal tried all the same: why, in words (förvaltningslagen 45 §). */
  readonly lateException: string | null;
  /** To the court (in time, or late with an exception); else only dismissed here. */
  readonly goesToCourt: boolean;
  /** What reopening the request for this appeal does, as its button says; null when it cannot. */
  readonly reopenLabel: string | null;
  /** The reconsideration for this appeal is decided: it may lapse (if it got what it asked for). */
  readonly canLapse: boolean;
}

export interface HistoryEntryView {
  readonly at: string;
  readonly kind: string;
  readonly text: string;
  readonly actor: string | null;
}

/** A request as the back office page and `GET /api/v1/records-requests/:id` show it. */
export interface RequestDetailView {
  readonly id: string;
  /** A verified guardian asking about their own child (OSL 12 kap. 3 §), or null. */
  readonly guardian: RequestDetail['guardian'];
  readonly registrationNumber: string;
  readonly status: RequestStatus;
  readonly statusLabel: string;
  readonly channel: string;
  readonly receivedOn: string;
  readonly description: string;
  readonly pupilName: string | null;
  readonly school: string | null;
  readonly period: string | null;
  readonly delivery: string;
  readonly deliveryMethod: DeliveryMethod;
  readonly contact: RequestDetail['contact'];
  readonly firstActionDue: string;
  readonly decisionDue: string;
  readonly overdue: boolean;
  readonly firstActionAt: string | null;
  readonly assignee: RequestDetail['assignee'];
  readonly clarificationQuestion: string | null;
  readonly clarificationAskedOn: string | null;
  readonly waitedWorkingDays: number;
  readonly processed: boolean;
  readonly feeKr: number | null;
  readonly invoiceConsentAt: string | null;
  readonly payment: string | null;
  /** On-site viewing: the booked time (Swedish date and clock) and place. */
  readonly viewing: { readonly date: string; readonly time: string; readonly place: string } | null;
  readonly extensionNotice: string | null;
  readonly closure: RequestClosure | null;
  /** Decided anew after an appeal: why (code and words), and for which appeal. */
  readonly reopen: {
    readonly reason: ReopenReason;
    readonly reasonLabel: string;
    readonly appealId: string | null;
  } | null;
  readonly items: readonly RequestItemView[];
  readonly notes: RequestDetail['notes'];
  readonly appeals: readonly AppealView[];
  readonly history: readonly HistoryEntryView[];
  readonly version: number;
}

export function paymentLabel(payment: Payment | null): string | null {
  switch (payment) {
    case 'free':
      return 'Kostnadsfritt';
    case 'invoice':
      return 'Faktura (med samtycke)';
    case 'prepaid':
      return 'Betalt i förskott';
    default:
      return null;
  }
}

/**
 * A sekretessmarkering in words: "Sekretessmarkering: OSL 23 kap. 2 § (satt 2026-12-05 av
 * Maria Mentor, omprövas senast 2027-06-30)", and "– omprövningsdatum passerat" once that
 * day is over. Worded as a signal: it names no outcome.
 */
export function markingSignal(marking: ItemMarking): string {
  const set = `satt ${marking.markedOn}${marking.markedBy ? ` av ${marking.markedBy}` : ''}`;
  const review = marking.reviewOn ? `, omprövas senast ${marking.reviewOn}` : '';
  const overdue = marking.reviewOverdue ? ' – omprövningsdatum passerat' : '';
  return `Sekretessmarkering: ${marking.provision} (${set}${review})${overdue}`;
}

/** What the reviewer is warned of: the record's marking and the pupil's protected identity. */
export function itemSignals(
  item: Pick<RequestItem, 'confidentialityMarking' | 'securityMarking'>,
): string[] {
  const signals: string[] = [];
  if (item.confidentialityMarking) {
    signals.push(markingSignal(item.confidentialityMarking));
  }
  if (item.securityMarking && item.securityMarking !== 'Ingen') {
    signals.push(`Eleven har ${item.securityMarking.toLowerCase()}`);
  }
  return signals;
}

export function toItemView(item: RequestItem): RequestItemView {
  return {
    id: item.id,
    kind: item.kind,
    source: item.source,
    recordId: item.recordId,
    registrationNumber: item.registrationNumber,
    title:
      item.kind === 'draft'
        ? `Utkast till IUP ${item.period ?? ''} (inte fastställt)`
        : (item.recordTitle ?? 'Handlingen är gallrad'),
    pupilId: item.pupilId,
    pupilName: item.pupilName,
    schoolUnitName: item.schoolUnitName,
    period: item.period,
    signals: itemSignals(item),
    marking: item.confidentialityMarking,
    decision: item.decision,
    decisionLabel: item.decision ? decisionLabel(item.decision) : null,
    refusalGround: item.refusalGround,
    reasons: item.reasons,
    redactionCount: item.redactionCount,
    decidedBy: item.decidedBy,
    decidedAt: item.decidedAt,
    approvedBy: item.approvedBy,
    approvedAt: item.approvedAt,
    deliveredOn: item.deliveredAt ? stockholmToday(new Date(item.deliveredAt)) : null,
    concernedParty: item.concernedParty,
    concernedPartyLabel: item.concernedParty ? concernedPartyLabel(item.concernedParty) : null,
    aboutGuardiansChild: item.aboutGuardiansChild,
    version: item.version,
  };
}

/** What reopening the request for an appeal does, as its button says. */
const REOPEN_LABELS: Readonly<Record<ReopenReason, string>> = {
  reconsideration: 'Ompröva beslutet (begäran öppnas igen)',
  court_changed: 'Verkställ domen: gör den kopia domstolen beslutat',
  court_returned: 'Pröva ärendet på nytt',
};

export function toAppealView(
  appeal: Appeal,
  request: Pick<RequestDetail, 'status' | 'reopen'> = { status: 'delivered', reopen: null },
  today: string = stockholmToday(new Date()),
): AppealView {
  const reason = reopenReasonFor(appeal);
  const decided = request.status === 'decided' || request.status === 'delivered';
  const reopenedForIt = request.reopen?.appealId === appeal.id;
  return {
    id: appeal.id,
    receivedOn: appeal.receivedOn,
    deadline: appeal.deadline,
    inTime: appeal.inTime,
    forwardedOn: appeal.forwardedOn,
    forwardDue: appeal.forwardDue,
    forwardOverdue:
      appeal.forwardedOn === null &&
      appeal.outcome === null &&
      appeal.forwardDue !== null &&
      isOverdue(appeal.forwardDue, today),
    court: appeal.court,
    courtReference: appeal.courtReference,
    outcome: appeal.outcome,
    outcomeLabel: appeal.outcome ? courtOutcomeLabel(appeal.outcome) : null,
    decidedOn: appeal.decidedOn,
    note: appeal.note,
    lateException: appeal.lateException ? lateAppealExceptionLabel(appeal.lateException) : null,
    goesToCourt: appealGoesToCourt(appeal),
    reopenLabel:
      decided && reason !== null && !(reopenedForIt && request.reopen?.reason === reason)
        ? REOPEN_LABELS[reason]
        : null,
    canLapse:
      decided &&
      reopenedForIt &&
      request.reopen?.reason === 'reconsideration' &&
      appeal.outcome === null &&
      appeal.forwardedOn === null,
  };
}

export function toHistoryEntryView(event: RequestEvent): HistoryEntryView {
  return {
    at: event.at,
    kind: event.kind,
    text: describeEvent(event.kind, event.details),
    actor: event.actor,
  };
}

/** The request worded for the reviewer: labels for its codes, the history told in Swedish. */
export function toRequestDetailView(detail: RequestDetail): RequestDetailView {
  return {
    id: detail.id,
    registrationNumber: detail.registrationNumber,
    status: detail.status,
    statusLabel: staffStatusLabel(detail.status, detail.closure),
    channel: channelLabel(detail.channel),
    guardian: detail.guardian,
    receivedOn: detail.receivedOn,
    description: detail.description,
    pupilName: detail.pupilName,
    school: detail.school,
    period: detail.period,
    delivery: deliveryLabel(detail.deliveryMethod),
    deliveryMethod: detail.deliveryMethod,
    contact: detail.contact,
    firstActionDue: detail.firstActionDue,
    decisionDue: detail.decisionDue,
    overdue: detail.overdue,
    firstActionAt: detail.firstActionAt,
    assignee: detail.assignee,
    clarificationQuestion: detail.clarificationQuestion,
    clarificationAskedOn: detail.clarificationAskedOn,
    waitedWorkingDays: detail.waitedWorkingDays,
    processed: detail.processed,
    feeKr: detail.feeKr,
    invoiceConsentAt: detail.invoiceConsentAt,
    payment: paymentLabel(detail.payment),
    viewing: detail.viewing
      ? {
          date: stockholmToday(new Date(detail.viewing.at)),
          time: stockholmClock(new Date(detail.viewing.at)),
          place: detail.viewing.place,
        }
      : null,
    extensionNotice: detail.extensionNotice,
    closure: detail.closure,
    reopen: detail.reopen
      ? { ...detail.reopen, reasonLabel: reopenReasonLabel(detail.reopen.reason) }
      : null,
    items: detail.items.map(toItemView),
    notes: detail.notes,
    appeals: detail.appeals.map((appeal) => toAppealView(appeal, detail)),
    history: detail.history.map(toHistoryEntryView),
    version: detail.version,
  };
}

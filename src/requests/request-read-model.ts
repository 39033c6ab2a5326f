import type { JsonObject } from '../database/kysely';
import type { Payment } from './fees';
import type { QueueFilter } from './queue-filter';
import type {
  Channel,
  ClosedAs,
  ConcernedPartyBasis,
  CourtOutcome,
  Decision,
  DeliveryMethod,
  LateAppealException,
  ReopenReason,
  RequestStatus,
} from './request-lifecycle';

/**
 * The reviewers' read model of a request, in codes and data: what
 * RequestQueriesService returns. The words for the page and the API are
 * put on it in views/.
 */

/** One row of the queue, in codes; the page and the API label it (views/queue.view.ts). */
export interface QueueRow {
  readonly id: string;
  readonly registrationNumber: string;
  readonly status: RequestStatus;
  readonly channel: Channel;
  readonly receivedOn: string;
  readonly decisionDue: string;
  readonly overdue: boolean;
  readonly assignee: string | null;
  /** The requester's description, its first characters (the view cuts it to a line). */
  readonly descriptionStart: string;
  /** Closed without records: none exists here, or forwarded (the queue words the status so). */
  readonly closure: ClosedAs | null;
  readonly items: number;
  readonly decided: number;
}

export interface QueuePage {
  readonly rows: QueueRow[];
  readonly next: QueueFilter['after'];
}

/** A record's sekretessmarkering as the reviewer is shown it: a signal, never a decision. */
export interface ItemMarking {
  readonly provision: string;
  readonly markedOn: string;
  /** The name of who set it; null when the account is gone or not known. */
  readonly markedBy: string | null;
  readonly reviewOn: string | null;
  /** The review date has passed (isReviewOverdue, Swedish today). */
  readonly reviewOverdue: boolean;
}

export interface RequestItem {
  readonly id: string;
  readonly kind: 'record' | 'draft';
  readonly source: 'matched' | 'added';
  readonly recordId: string | null;
  readonly registrationNumber: string | null;
  /** The record's title; null for a draft, or a record since disposed of. */
  readonly recordTitle: string | null;
  readonly pupilId: string | null;
  readonly pupilName: string | null;
  readonly schoolUnitName: string | null;
  readonly period: string | null;
  /** Signals for the reviewer only (DOMAIN.md): the record's sekretessmarkering, the pupil's protection. */
  readonly confidentialityMarking: ItemMarking | null;
  readonly securityMarking: string | null;
  readonly decision: Decision | null;
  readonly refusalGround: string | null;
  readonly reasons: string | null;
  readonly redactionCount: number;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  /** Four eyes: the second reviewer who approved the current decision, and when; null otherwise. */
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  /** When its copy went out ahead of the decision (a batch of records released in full). */
  readonly deliveredAt: string | null;
  /** On a guardian's request, the OSL 12 kap. 3 § basis the reviewer named. */
  readonly concernedParty: ConcernedPartyBasis | null;
  /** A guardian's request and this record is about their child: the basis can be named. */
  readonly aboutGuardiansChild: boolean;
  readonly version: number;
}

export interface Appeal {
  readonly id: string;
  readonly receivedOn: string;
  readonly deadline: string;
  readonly inTime: boolean;
  readonly forwardedOn: string | null;
  /** The last day to forward it to the court without delay (FL 46 §); null when it does not go. */
  readonly forwardDue: string | null;
  readonly court: string | null;
  readonly courtReference: string | null;
  readonly outcome: CourtOutcome | null;
  readonly decidedOn: string | null;
  readonly note: string | null;
  /** A late appeal tried all the same (förvaltningslagen 45 §). */
  readonly lateException: LateAppealException | null;
}

/** One entry of the request's history, as stored: its kind and details. */
export interface RequestEvent {
  readonly at: string;
  readonly kind: string;
  /** The event's jsonb details, as stored. */
  readonly details: JsonObject;
  readonly actor: string | null;
}

export interface RequestClosure extends ClosedAs {
  readonly reasons: string | null;
}

/** A request as the reviewer sees it, in codes; views/request-detail.view.ts words it. */
export interface RequestDetail {
  /**
   * A guardian who asked signed in from Mina barn (verified then), the child,
   * and whether the register still has them as its guardian; null otherwise.
   */
  readonly guardian: {
    readonly name: string | null;
    readonly pupilName: string | null;
    readonly stillGuardian: boolean;
  } | null;
  readonly id: string;
  readonly registrationNumber: string;
  readonly status: RequestStatus;
  readonly channel: Channel;
  readonly receivedOn: string;
  readonly description: string;
  readonly pupilName: string | null;
  readonly school: string | null;
  readonly period: string | null;
  readonly deliveryMethod: DeliveryMethod;
  readonly contact: {
    readonly name: string | null;
    readonly email: string | null;
    readonly phone: string | null;
    readonly postalAddress: string | null;
  };
  readonly firstActionDue: string;
  readonly decisionDue: string;
  readonly overdue: boolean;
  readonly firstActionAt: string | null;
  readonly assignee: { readonly accountId: string; readonly name: string } | null;
  readonly clarificationQuestion: string | null;
  readonly clarificationAskedOn: string | null;
  readonly waitedWorkingDays: number;
  readonly processed: boolean;
  readonly items: readonly RequestItem[];
  readonly notes: readonly {
    readonly author: string | null;
    readonly text: string;
    readonly at: string;
  }[];
  readonly appeals: readonly Appeal[];
  /** Paper copies: the fee by the tariff once decided, and how it is paid. */
  readonly feeKr: number | null;
  readonly invoiceConsentAt: string | null;
  readonly payment: Payment | null;
  /** On-site viewing: the booked instant and place. */
  readonly viewing: { readonly at: string; readonly place: string } | null;
  /** What the requester was told when the request needed longer. */
  readonly extensionNotice: string | null;
  /** Closed without records: none exists here, or forwarded to the authority named. */
  readonly closure: RequestClosure | null;
  /** Decided anew after an appeal: why, and for which appeal. */
  readonly reopen: { readonly reason: ReopenReason; readonly appealId: string | null } | null;
  readonly history: readonly RequestEvent[];
  readonly version: number;
}

/** Something for the reviewer to look at: new_request, reminder or escalation. */
export interface StaffNotice {
  readonly requestId: string;
  readonly registrationNumber: string;
  readonly kind: string;
  readonly decisionDue: string;
  readonly at: string;
}

export interface Reviewer {
  readonly accountId: string;
  readonly name: string;
}

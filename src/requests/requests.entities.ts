import { BigIntType, DeferMode, EntityName, type Opt } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Enum,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';

import { Account } from '../auth/account.entity';
import { Person } from '../directory/directory.entities';
import type { JsonObject, TablesOf } from '../database/kysely';
import { Plan } from '../plans/plans.entities';
import type { Redaction } from '../redaction/apply-redactions';
import { PublicRecord } from '../records/records.entities';
import type { Payment } from './fees';
import {
  CHANNELS,
  CLOSURES,
  CONCERNED_PARTY_BASES,
  COURT_OUTCOMES,
  DECISIONS,
  LATE_APPEAL_EXCEPTIONS,
  REOPEN_REASONS,
} from './request-lifecycle';
import type {
  Channel,
  Closure,
  ConcernedPartyBasis,
  CourtOutcome,
  Decision,
  DeliveryMethod,
  LateAppealException,
  ReopenReason,
  RequestStatus,
} from './request-lifecycle';

const DELIVERY_METHODS = [
  'on_site',
  'paper',
  'electronic',
] as const satisfies readonly DeliveryMethod[];
const REQUEST_STATUSES = [
  'received',
  'in_review',
  'awaiting_clarification',
  'decided',
  'delivered',
  'withdrawn',
] as const satisfies readonly RequestStatus[];
const PAYMENTS = ['free', 'invoice', 'prepaid'] as const satisfies readonly Payment[];

export const ITEM_KINDS = ['record', 'draft'] as const;
export const ITEM_SOURCES = ['matched', 'added'] as const;
export const DOCUMENT_KINDS = [
  'decision_letter',
  'cover_letter',
  'copy',
  'appeal_file',
  'court_original',
] as const;
/** The documents the requester is handed (the rest go to the court only). */
export const REQUESTER_DOCUMENT_KINDS = ['decision_letter', 'cover_letter', 'copy'] as const;

/** The statuses the reviewer's queue calls open (the partial queue indexes cover these). */
const OPEN_STATUSES = "status in ('received', 'in_review', 'awaiting_clarification')";

/** A request for public records (begäran om allmän handling), from intake to delivery. */
@Entity({ tableName: 'records_request' })
@Check({
  name: 'records_request_forwarded_to_check',
  expression: "(closure is not distinct from 'forwarded') = (forwarded_to is not null)",
})
// The reviewer's queue: open requests by due date; the sweeper: requests whose first steps never ran.
@Index({ name: 'records_request_queue_idx', properties: ['status', 'decisionDue', 'id'] })
@Index({ name: 'records_request_assignee_idx', properties: ['assigneeAccountId', 'status'] })
@Index({
  name: 'records_request_unprocessed_idx',
  properties: ['createdAt'],
  where: 'processed_at is null',
})
// The post list: decided paper requests not yet sent.
@Index({
  name: 'records_request_post_idx',
  properties: ['decidedAt'],
  where: "status = 'decided' and delivery = 'paper'",
})
// The reports: requests by the month they came in.
@Index({ name: 'records_request_received_idx', properties: ['receivedOn'] })
// Every queue filter reads its page straight off an index in (decision_due, id) order.
@Index({
  name: 'records_request_open_queue_idx',
  properties: ['decisionDue', 'id'],
  where: OPEN_STATUSES,
})
@Index({ name: 'records_request_due_idx', properties: ['decisionDue', 'id'] })
@Index({
  name: 'records_request_assignee_queue_idx',
  properties: ['assigneeAccountId', 'decisionDue', 'id'],
  where: OPEN_STATUSES,
})
// Whether a request names a person, for the disposal of people (retention's PeopleDisposal).
@Index({ name: 'records_request_requester_person_idx', properties: ['requesterPersonId'] })
@Index({ name: 'records_request_concerning_pupil_idx', properties: ['concerningPupilId'] })
// The queue's free text (queue-search.ts): an expression index, declared by its DDL.
@Index({
  name: 'records_request_search_trgm_idx',
  expression: `create index records_request_search_trgm_idx on records_request using gin ((lower(registration_number || ' ' || coalesce(pupil_name, '') || ' ' || description)) public.gin_trgm_ops)`,
})
export class RecordsRequest {
  [EntityName]?: 'RecordsRequest';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  @Unique()
  registrationNumber!: string;

  @Property({ type: 'text' })
  @Unique()
  receiptCodeHash!: string;

  @Enum({ items: [...CHANNELS], type: 'text' })
  channel!: Channel;

  @Property({ type: 'date' })
  receivedOn!: string;

  @Property({ type: 'Date' })
  receivedAt!: Date;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'text', nullable: true })
  pupilName!: string | null;

  /** A guardian who asked signed in, from Mina barn: verified from the directory then. */
  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'requester_person_id',
    nullable: true,
    deleteRule: 'set null',
  })
  requesterPersonId!: string | null;

  /** The pupil such a request concerns (the guardian's child); its records are matched by id. */
  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'concerning_pupil_id',
    nullable: true,
    deleteRule: 'set null',
  })
  concerningPupilId!: string | null;

  @Property({ type: 'text', nullable: true })
  school!: string | null;

  @Property({ type: 'text', nullable: true })
  period!: string | null;

  @Enum({ items: [...DELIVERY_METHODS], type: 'text' })
  delivery!: DeliveryMethod;

  @Property({ type: 'text', nullable: true })
  contactName!: string | null;

  @Property({ type: 'text', nullable: true })
  contactEmail!: string | null;

  @Property({ type: 'text', nullable: true })
  contactPhone!: string | null;

  @Property({ type: 'text', nullable: true })
  postalAddress!: string | null;

  @Enum({ items: [...REQUEST_STATUSES], type: 'text', default: 'received' })
  status!: Opt<RequestStatus>;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'assignee_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  assigneeAccountId!: string | null;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'registered_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  registeredByAccountId!: string | null;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'forwarded_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  forwardedByAccountId!: string | null;

  @Property({ type: 'date', nullable: true })
  firstActionDue!: string | null;

  @Property({ type: 'date', nullable: true })
  decisionDue!: string | null;

  @Property({ type: 'Date', nullable: true })
  firstActionAt!: Date | null;

  @Property({ type: 'Date', nullable: true })
  processedAt!: Date | null;

  @Property({ type: 'text', nullable: true })
  clarificationQuestion!: string | null;

  @Property({ type: 'date', nullable: true })
  clarificationAskedOn!: string | null;

  @Property({ type: 'integer', default: 0 })
  waitedWorkingDays!: Opt<number>;

  @Property({ type: 'Date', nullable: true })
  decidedAt!: Date | null;

  @Property({ type: 'integer', default: 0 })
  version!: Opt<number>;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date' })
  updatedAt!: Date;

  @Property({ type: 'integer', nullable: true })
  feeKr!: number | null;

  @Property({ type: 'Date', nullable: true })
  deliveredAt!: Date | null;

  /** When the requester first downloaded the decision (electronic delivery: the appeal's three weeks count from it). */
  @Property({ type: 'Date', nullable: true })
  decisionSeenAt!: Date | null;

  /** When a request closed other than by delivery (withdrawn by the requester). */
  @Property({ type: 'Date', nullable: true })
  closedAt!: Date | null;

  /** Closed without records: none exists here, or forwarded to another authority. */
  @Enum({ items: [...CLOSURES], type: 'text', nullable: true })
  closure!: Closure | null;

  /** The authority a forwarded request went to, as the letter names it. */
  @Property({ type: 'text', nullable: true })
  forwardedTo!: string | null;

  /** The reviewer's reasons for closing without records, for the letter. */
  @Property({ type: 'text', nullable: true })
  closureReasons!: string | null;

  /**
   * Why the decision stands although the same text is struck in one of its
   * records and released in another (decision-consistency.ts), as the
   * reviewer confirmed it on completing; null when nothing disagreed.
   */
  @Property({ type: 'text', nullable: true })
  consistencyReason!: string | null;

  /** Decided anew after an appeal: why, and for which appeal (the letter says which decision it replaces). */
  @Enum({ items: [...REOPEN_REASONS], type: 'text', nullable: true })
  reopenReason!: ReopenReason | null;

  @Property({ type: 'uuid', nullable: true })
  reopenedForAppealId!: string | null;

  /** The last day the request holds its records for an appeal that may still come (`appealHoldAtDelivery`, moved on by a late first download). */
  @Property({ type: 'date', nullable: true })
  appealHoldUntil!: string | null;

  /** Invoicing ends anonymity: only with the requester's consent, recorded when given. */
  @Property({ type: 'Date', nullable: true })
  invoiceConsentAt!: Date | null;

  @Enum({ items: [...PAYMENTS], type: 'text', nullable: true })
  payment!: Payment | null;

  @Property({ type: 'Date', nullable: true })
  viewingAt!: Date | null;

  @Property({ type: 'text', nullable: true })
  viewingPlace!: string | null;

  @Property({ type: 'text', nullable: true })
  extensionNotice!: string | null;

  /** The decision date the reminder and escalation jobs are scheduled for. */
  @Property({ type: 'date', nullable: true })
  alertsScheduledFor!: string | null;
}

/** One record (or a draft plan) a request names, and the decision on it. */
@Entity({ tableName: 'records_request_item' })
@Unique({ properties: ['requestId', 'recordId'] })
@Unique({ properties: ['requestId', 'planId'] })
@Index({ name: 'records_request_item_record_idx', properties: ['recordId'] })
@Index({ name: 'records_request_item_plan_idx', properties: ['planId'] })
export class RecordsRequestItem {
  [EntityName]?: 'RecordsRequestItem';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => RecordsRequest, {
    mapToPk: true,
    joinColumn: 'request_id',
    deleteRule: 'cascade',
  })
  requestId!: string;

  @ManyToOne(() => PublicRecord, {
    mapToPk: true,
    joinColumn: 'record_id',
    nullable: true,
    deleteRule: 'set null',
  })
  recordId!: string | null;

  @ManyToOne(() => Plan, {
    mapToPk: true,
    joinColumn: 'plan_id',
    nullable: true,
    deleteRule: 'set null',
  })
  planId!: string | null;

  @Enum({ items: [...ITEM_KINDS], type: 'text' })
  kind!: (typeof ITEM_KINDS)[number];

  @Enum({ items: [...ITEM_SOURCES], type: 'text' })
  source!: (typeof ITEM_SOURCES)[number];

  @Enum({ items: [...DECISIONS], type: 'text', nullable: true })
  decision!: Decision | null;

  @Property({ type: 'json', defaultRaw: `'[]'` })
  redactions!: Opt<readonly Redaction[]>;

  @Property({ type: 'text', nullable: true })
  refusalGround!: string | null;

  @Property({ type: 'text', nullable: true })
  reasons!: string | null;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'decided_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  decidedByAccountId!: string | null;

  @Property({ type: 'Date', nullable: true })
  decidedAt!: Date | null;

  /**
   * A guardian's request (OSL 12 kap. 3 §): the confidentiality protecting
   * the pupil lifted toward the guardian, or kept because it protects the
   * pupil against the guardian; null otherwise.
   */
  @Enum({ items: [...CONCERNED_PARTY_BASES], type: 'text', nullable: true })
  concernedParty!: ConcernedPartyBasis | null;

  /** When its copy went out ahead of the request's decision (released in full, in a batch). */
  @Property({ type: 'Date', nullable: true })
  deliveredAt!: Date | null;

  /**
   * Four eyes (REQUEST_FOUR_EYES): the second reviewer who approved the
   * refusal or the redactions, when, and the item's version they approved; a
   * decision changed since (a higher version) is no longer approved.
   */
  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'approved_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  approvedByAccountId!: string | null;

  @Property({ type: 'Date', nullable: true })
  approvedAt!: Date | null;

  @Property({ type: 'integer', nullable: true })
  approvedForVersion!: number | null;

  @Property({ type: 'integer', default: 0 })
  version!: Opt<number>;

  @Property({ type: 'Date' })
  createdAt!: Date;
}

/** A reviewer's note on a request; never shown to the requester. */
@Entity({ tableName: 'records_request_note' })
@Index({ name: 'records_request_note_request_idx', properties: ['requestId', 'createdAt'] })
export class RecordsRequestNote {
  [EntityName]?: 'RecordsRequestNote';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => RecordsRequest, {
    mapToPk: true,
    joinColumn: 'request_id',
    deleteRule: 'cascade',
  })
  requestId!: string;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'author_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  authorAccountId!: string | null;

  @Property({ type: 'text' })
  text!: string;

  @Property({ type: 'Date' })
  createdAt!: Date;
}

/** What happened to a request, in order (the request's own history, beside the audit log). */
@Entity({ tableName: 'records_request_event' })
@Index({ name: 'records_request_event_request_idx', properties: ['requestId', 'id'] })
export class RecordsRequestEvent {
  [EntityName]?: 'RecordsRequestEvent';

  /** bigserial; a string, as pg returns a bigint. */
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: Opt<string>;

  @ManyToOne(() => RecordsRequest, {
    mapToPk: true,
    joinColumn: 'request_id',
    deleteRule: 'cascade',
  })
  requestId!: string;

  @Property({ type: 'Date' })
  occurredAt!: Date;

  @Property({ type: 'text' })
  kind!: string;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'actor_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  actorAccountId!: string | null;

  @Property({ type: 'json', defaultRaw: `'{}'` })
  details!: Opt<JsonObject>;
}

/** A reviewer's "att göra": one notice per account, request and kind. */
@Entity({ tableName: 'staff_notification' })
@Unique({ properties: ['accountId', 'requestId', 'kind'] })
@Index({
  name: 'staff_notification_unread_idx',
  properties: ['accountId', 'createdAt'],
  where: 'read_at is null',
})
@Index({ name: 'staff_notification_request_idx', properties: ['requestId'] })
export class StaffNotification {
  [EntityName]?: 'StaffNotification';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Account, { mapToPk: true, joinColumn: 'account_id', deleteRule: 'cascade' })
  accountId!: string;

  @ManyToOne(() => RecordsRequest, {
    mapToPk: true,
    joinColumn: 'request_id',
    deleteRule: 'cascade',
  })
  requestId!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date', nullable: true })
  readAt!: Date | null;
}

/**
 * Requests filed per client address, in rate-limiter-flexible's table layout;
 * written only by that library.
 */
@Entity({ tableName: 'intake_rate_limit' })
export class IntakeRateLimit {
  [EntityName]?: 'IntakeRateLimit';

  @PrimaryKey({ type: 'string', columnType: 'varchar(255)' })
  key!: string;

  @Property({ type: 'integer', default: 0 })
  points!: Opt<number>;

  /** Milliseconds since the epoch; bigint, so pg returns it as a string. */
  @Property({ type: new BigIntType('string'), nullable: true })
  expire!: string | null;
}

/** What goes out: the decision or cover letter (registered) and each leak-checked copy. */
@Entity({ tableName: 'records_request_document' })
@Index({ name: 'records_request_document_request_idx', properties: ['requestId'] })
@Check({ name: 'records_request_document_pages_check', expression: 'pages > 0' })
export class RecordsRequestDocument {
  [EntityName]?: 'RecordsRequestDocument';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => RecordsRequest, {
    mapToPk: true,
    joinColumn: 'request_id',
    deleteRule: 'cascade',
  })
  requestId!: string;

  @ManyToOne(() => RecordsRequestItem, {
    mapToPk: true,
    joinColumn: 'item_id',
    nullable: true,
    deleteRule: 'cascade',
  })
  itemId!: string | null;

  @Enum({ items: [...DOCUMENT_KINDS], type: 'text' })
  kind!: (typeof DOCUMENT_KINDS)[number];

  @Property({ type: 'text', nullable: true })
  @Unique()
  registrationNumber!: string | null;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'integer' })
  pages!: number;

  @Property({ type: 'blob' })
  content!: Buffer;

  @Property({ type: 'Date' })
  createdAt!: Date;

  /** Replaced by a new decision (reconsidered, or after the court's answer): kept, no longer handed out. */
  @Property({ type: 'Date', nullable: true })
  supersededAt!: Date | null;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'created_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  createdByAccountId!: string | null;
}

export const DOWNLOAD_LINK_MAKERS = ['delivery', 'requester'] as const;
export type DownloadLinkMaker = (typeof DOWNLOAD_LINK_MAKERS)[number];

/** A link to download a request's copies: only its hash is kept, and it runs out. */
@Entity({ tableName: 'download_link' })
@Index({ name: 'download_link_request_idx', properties: ['requestId'] })
@Check({ name: 'download_link_max_downloads_check', expression: 'max_downloads > 0' })
@Check({ name: 'download_link_downloads_check', expression: 'downloads >= 0' })
export class DownloadLink {
  [EntityName]?: 'DownloadLink';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => RecordsRequest, {
    mapToPk: true,
    joinColumn: 'request_id',
    deleteRule: 'cascade',
  })
  requestId!: string;

  @Property({ type: 'text' })
  @Unique()
  tokenHash!: string;

  @Property({ type: 'Date' })
  expiresAt!: Date;

  @Property({ type: 'integer' })
  maxDownloads!: number;

  @Property({ type: 'integer', default: 0 })
  downloads!: Opt<number>;

  /** Who made it: the delivery (for its e-mail) or the requester, with the receipt code. */
  @Enum({ items: [...DOWNLOAD_LINK_MAKERS], type: 'text', default: 'delivery' })
  madeBy!: Opt<DownloadLinkMaker>;

  /** When a newer link for the request took its place: from then on it opens nothing. */
  @Property({ type: 'Date', nullable: true })
  replacedAt!: Date | null;

  @Property({ type: 'Date' })
  createdAt!: Date;
}

/** An appeal of a decision, forwarded to the administrative court, and its outcome. */
@Entity({ tableName: 'records_request_appeal' })
@Index({ name: 'records_request_appeal_request_idx', properties: ['requestId'] })
@Index({
  name: 'records_request_appeal_forward_due_idx',
  properties: ['forwardDue'],
  where: 'forwarded_on is null and court_outcome is null',
})
export class RecordsRequestAppeal {
  [EntityName]?: 'RecordsRequestAppeal';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => RecordsRequest, {
    mapToPk: true,
    joinColumn: 'request_id',
    deleteRule: 'cascade',
  })
  requestId!: string;

  @Property({ type: 'date' })
  receivedOn!: string;

  @Property({ type: 'date' })
  deadline!: string;

  @Property({ type: 'boolean' })
  inTime!: boolean;

  @Property({ type: 'date', nullable: true })
  forwardedOn!: string | null;

  /** The last day to forward it to the court "without delay" (FL 46 §); null when it does not go. */
  @Property({ type: 'date', nullable: true })
  forwardDue!: string | null;

  /** The forwarding date the reminder and escalation jobs are scheduled for. */
  @Property({ type: 'date', nullable: true })
  alertsScheduledFor!: string | null;

  @Property({ type: 'text', nullable: true })
  court!: string | null;

  @Property({ type: 'text', nullable: true })
  courtReference!: string | null;

  @Enum({ items: [...COURT_OUTCOMES], type: 'text', nullable: true })
  courtOutcome!: CourtOutcome | null;

  @Property({ type: 'date', nullable: true })
  courtDecidedOn!: string | null;

  /** A late appeal tried all the same, and why (förvaltningslagen 45 §). */
  @Enum({ items: [...LATE_APPEAL_EXCEPTIONS], type: 'text', nullable: true })
  lateException!: LateAppealException | null;

  @Property({ type: 'text', nullable: true })
  note!: string | null;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'created_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  createdByAccountId!: string | null;

  @Property({ type: 'integer', default: 0 })
  version!: Opt<number>;
}

/** The routes whose filings an `Idempotency-Key` makes idempotent (requests/intake-idempotency.ts). */
export const INTAKE_ROUTES = ['public', 'guardian', 'registered', 'forwarded'] as const;
export type IntakeRoute = (typeof INTAKE_ROUTES)[number];

/**
 * A filing made with an `Idempotency-Key`, kept 24 hours so a retry gets the
 * same answer. Written in the filing's transaction; the request it made is
 * checked at commit (the key is claimed before the request exists). Holds no
 * key, body or receipt code in the clear: hashes, and the receipt code sealed
 * with the client's key.
 */
@Entity({ tableName: 'intake_idempotency_key' })
@Index({ name: 'intake_idempotency_key_created_at_idx', properties: ['createdAt'] })
@Index({ name: 'intake_idempotency_key_request_idx', properties: ['requestId'] })
export class IntakeIdempotencyKey {
  [EntityName]?: 'IntakeIdempotencyKey';

  /** SHA-256 of the route, the caller and the key (hex). */
  @PrimaryKey({ type: 'text' })
  keyHash!: string;

  @Enum({ items: [...INTAKE_ROUTES], type: 'text' })
  route!: IntakeRoute;

  /** HMAC-SHA-256 of what was filed, keyed with the client's key (hex). */
  @Property({ type: 'text' })
  fingerprint!: string;

  @ManyToOne(() => RecordsRequest, {
    mapToPk: true,
    joinColumn: 'request_id',
    deleteRule: 'cascade',
    deferMode: DeferMode.INITIALLY_DEFERRED,
  })
  requestId!: string;

  /** AES-256-GCM with a key derived from the client's key: salt, nonce, tag, ciphertext. */
  @Property({ type: 'blob' })
  receiptCodeSealed!: Buffer;

  @Property({ type: 'Date' })
  createdAt!: Date;
}

export const REQUESTS_ENTITIES = [
  RecordsRequest,
  RecordsRequestItem,
  RecordsRequestNote,
  RecordsRequestEvent,
  StaffNotification,
  IntakeRateLimit,
  RecordsRequestDocument,
  DownloadLink,
  RecordsRequestAppeal,
  IntakeIdempotencyKey,
];

export type RequestsTables = TablesOf<
  | typeof RecordsRequest
  | typeof RecordsRequestItem
  | typeof RecordsRequestNote
  | typeof RecordsRequestEvent
  | typeof StaffNotification
  | typeof IntakeRateLimit
  | typeof RecordsRequestDocument
  | typeof DownloadLink
  | typeof RecordsRequestAppeal
  | typeof IntakeIdempotencyKey
>;

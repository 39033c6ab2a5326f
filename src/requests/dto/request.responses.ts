import { ApiProperty } from '@nestjs/swagger';

import { RedactionDto } from '../../redaction/dto/redaction.dto';
import { ReviewDocumentDto } from '../../redaction/dto/redaction.responses';
import type { Payment } from '../fees';
import type { ItemMarking, RequestClosure, RequestDetail } from '../request-read-model';
import type { DeliveredDocument, PostItem } from '../request-delivery.service';
import {
  CLOSURES,
  CONCERNED_PARTY_BASES,
  DECISIONS,
  REOPEN_REASONS,
  type Closure,
  type ConcernedPartyBasis,
  type Decision,
  type DeliveryMethod,
  type ReopenReason,
  type RequestStatus,
} from '../request-lifecycle';
import type { MonthReport, Report } from '../reports/request-report';
import { STATUSES } from '../reports/request-report';
import { DOCUMENT_KINDS, ITEM_KINDS, ITEM_SOURCES } from '../requests.entities';
import type { PublicRequestStatus } from '../views/public-status.view';
import type { QueueRowView, StaffNoticeView } from '../views/queue.view';
import type {
  AppealView,
  HistoryEntryView,
  RequestDetailView,
  RequestItemView,
} from '../views/request-detail.view';

/*
 * Requests for public records as the OpenAPI description shows them. Each
 * class implements the type the service or view returns, so a field added
 * there and forgotten here fails to compile. Names carry "Request":
 * schema names are one namespace for the whole API.
 */

const DELIVERY_METHODS = ['on_site', 'paper', 'electronic'] as const satisfies DeliveryMethod[];
const PAYMENTS = ['free', 'invoice', 'prepaid'] as const satisfies Payment[];

/* The queue, notices, post list and documents. */

export class RequestQueueRowDto implements QueueRowView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'BEG-2026-00042' })
  registrationNumber!: string;

  @ApiProperty({ enum: STATUSES })
  status!: RequestStatus;

  @ApiProperty({ example: 'Väntar på komplettering från den som begär' })
  statusLabel!: string;

  @ApiProperty({ description: 'How it came in (Swedish)' })
  channel!: string;

  @ApiProperty({ description: 'The start of what is asked (about 80 characters)' })
  asked!: string;

  @ApiProperty({ format: 'date' })
  receivedOn!: string;

  @ApiProperty({ format: 'date' })
  decisionDue!: string;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The reviewer’s name' })
  assignee!: string | null;

  @ApiProperty({ type: 'integer', description: 'Records in the request' })
  items!: number;

  @ApiProperty({ type: 'integer', description: 'Records decided' })
  decided!: number;
}

export class RequestQueuePageDto {
  @ApiProperty({ type: () => [RequestQueueRowDto] })
  rows!: RequestQueueRowDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last',
  })
  next!: string | null;
}

export class RequestNoticeDto implements StaffNoticeView {
  @ApiProperty({ format: 'uuid' })
  requestId!: string;

  @ApiProperty()
  registrationNumber!: string;

  @ApiProperty({ example: 'new_request', description: 'new_request, reminder, escalation, …' })
  kind!: string;

  @ApiProperty({ description: 'The notice (Swedish)' })
  text!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class RequestPostItemDto implements PostItem {
  @ApiProperty({ format: 'uuid' })
  requestId!: string;

  @ApiProperty()
  registrationNumber!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null: the address alone' })
  recipient!: string | null;

  @ApiProperty()
  postalAddress!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The letter’s registration number' })
  letter!: string | null;

  @ApiProperty({ type: 'integer' })
  copies!: number;

  @ApiProperty({ type: 'integer', description: 'Letter and copies together' })
  pages!: number;

  @ApiProperty({ type: 'integer' })
  feeKr!: number;

  @ApiProperty({ enum: PAYMENTS })
  payment!: Payment;

  @ApiProperty({ format: 'date' })
  decidedOn!: string;
}

export class RequestDocumentDto implements DeliveredDocument {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: DOCUMENT_KINDS })
  kind!: (typeof DOCUMENT_KINDS)[number];

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Letters are registered; copies not' })
  registrationNumber!: string | null;

  @ApiProperty({ type: 'integer' })
  pages!: number;

  @ApiProperty({ description: 'Replaced by a later decision: no longer handed out' })
  superseded!: boolean;
}

/* One request, as the reviewer sees it. */

export class RequestItemMarkingDto implements ItemMarking {
  @ApiProperty({ example: 'OSL 23 kap. 2 §' })
  provision!: string;

  @ApiProperty({ format: 'date' })
  markedOn!: string;

  @ApiProperty({ type: String, nullable: true })
  markedBy!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  reviewOn!: string | null;

  @ApiProperty()
  reviewOverdue!: boolean;
}

export class RequestItemDto implements RequestItemView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ITEM_KINDS, description: 'A public record, or a draft (not one yet)' })
  kind!: 'record' | 'draft';

  @ApiProperty({ enum: ITEM_SOURCES })
  source!: 'matched' | 'added';

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  recordId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  registrationNumber!: string | null;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  pupilId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  pupilName!: string | null;

  @ApiProperty({ type: String, nullable: true })
  schoolUnitName!: string | null;

  @ApiProperty({ type: String, nullable: true })
  period!: string | null;

  @ApiProperty({
    type: [String],
    description: 'Signals for the reviewer only: a sekretessmarkering, protected identity',
  })
  signals!: string[];

  @ApiProperty({ type: () => RequestItemMarkingDto, nullable: true })
  marking!: RequestItemMarkingDto | null;

  @ApiProperty({ enum: DECISIONS, nullable: true })
  decision!: Decision | null;

  @ApiProperty({ type: String, nullable: true })
  decisionLabel!: string | null;

  @ApiProperty({ type: String, nullable: true })
  refusalGround!: string | null;

  @ApiProperty({ type: String, nullable: true })
  reasons!: string | null;

  @ApiProperty({ type: 'integer' })
  redactionCount!: number;

  @ApiProperty({ type: String, nullable: true })
  decidedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Four eyes (REQUEST_FOUR_EYES): the second reviewer who approved the current refusal or redactions; null when not (or no longer) approved',
  })
  approvedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  approvedAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Its copy went out ahead of the decision that day',
  })
  deliveredOn!: string | null;

  @ApiProperty({ enum: CONCERNED_PARTY_BASES, nullable: true })
  concernedParty!: ConcernedPartyBasis | null;

  @ApiProperty({ type: String, nullable: true })
  concernedPartyLabel!: string | null;

  @ApiProperty({ description: 'A guardian’s request, and this record is about their child' })
  aboutGuardiansChild!: boolean;

  @ApiProperty({ type: 'integer', description: 'Send it back with a decision: a stale one is 409' })
  version!: number;
}

export class RequestAppealDto implements AppealView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date' })
  receivedOn!: string;

  @ApiProperty({ format: 'date' })
  deadline!: string;

  @ApiProperty()
  inTime!: boolean;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  forwardedOn!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  forwardDue!: string | null;

  @ApiProperty()
  forwardOverdue!: boolean;

  @ApiProperty({ type: String, nullable: true })
  court!: string | null;

  @ApiProperty({ type: String, nullable: true })
  courtReference!: string | null;

  @ApiProperty({ type: String, nullable: true })
  outcome!: string | null;

  @ApiProperty({ type: String, nullable: true })
  outcomeLabel!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  decidedOn!: string | null;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Förvaltningslagen 45 §, in words' })
  lateException!: string | null;

  @ApiProperty()
  goesToCourt!: boolean;

  @ApiProperty({ type: String, nullable: true })
  reopenLabel!: string | null;

  @ApiProperty()
  canLapse!: boolean;
}

export class RequestHistoryEntryDto implements HistoryEntryView {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty()
  kind!: string;

  @ApiProperty({ description: 'What happened (Swedish)' })
  text!: string;

  @ApiProperty({ type: String, nullable: true })
  actor!: string | null;
}

export class RequestGuardianDto {
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  pupilName!: string | null;

  @ApiProperty({ description: 'The register still has them as the child’s guardian' })
  stillGuardian!: boolean;
}

export class RequestContactDto {
  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true })
  postalAddress!: string | null;
}

export class RequestAssigneeDto {
  @ApiProperty({ format: 'uuid' })
  accountId!: string;

  @ApiProperty()
  name!: string;
}

export class RequestNoteViewDto {
  @ApiProperty({ type: String, nullable: true })
  author!: string | null;

  @ApiProperty()
  text!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class RequestViewingDto {
  @ApiProperty({ format: 'date' })
  date!: string;

  @ApiProperty({ example: '10:00' })
  time!: string;

  @ApiProperty()
  place!: string;
}

export class RequestClosureDto implements RequestClosure {
  @ApiProperty({ enum: CLOSURES })
  kind!: Closure;

  @ApiProperty({ type: String, nullable: true })
  forwardedTo!: string | null;

  @ApiProperty({ type: String, nullable: true })
  reasons!: string | null;
}

export class RequestReopenDto {
  @ApiProperty({ enum: REOPEN_REASONS })
  reason!: ReopenReason;

  @ApiProperty()
  reasonLabel!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  appealId!: string | null;
}

export class RequestDetailDto implements RequestDetailView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: () => RequestGuardianDto, nullable: true })
  guardian!: RequestDetail['guardian'];

  @ApiProperty()
  registrationNumber!: string;

  @ApiProperty({ enum: STATUSES })
  status!: RequestStatus;

  @ApiProperty()
  statusLabel!: string;

  @ApiProperty({ description: 'How it came in (Swedish)' })
  channel!: string;

  @ApiProperty({ format: 'date' })
  receivedOn!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: String, nullable: true })
  pupilName!: string | null;

  @ApiProperty({ type: String, nullable: true })
  school!: string | null;

  @ApiProperty({ type: String, nullable: true })
  period!: string | null;

  @ApiProperty({ description: 'How the copies go out (Swedish)' })
  delivery!: string;

  @ApiProperty({ enum: DELIVERY_METHODS })
  deliveryMethod!: DeliveryMethod;

  @ApiProperty({ type: () => RequestContactDto })
  contact!: RequestContactDto;

  @ApiProperty({ format: 'date' })
  firstActionDue!: string;

  @ApiProperty({ format: 'date' })
  decisionDue!: string;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  firstActionAt!: string | null;

  @ApiProperty({ type: () => RequestAssigneeDto, nullable: true })
  assignee!: RequestAssigneeDto | null;

  @ApiProperty({ type: String, nullable: true })
  clarificationQuestion!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  clarificationAskedOn!: string | null;

  @ApiProperty({ type: 'integer' })
  waitedWorkingDays!: number;

  @ApiProperty({ description: 'The first steps have run' })
  processed!: boolean;

  @ApiProperty({ type: 'integer', nullable: true })
  feeKr!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  invoiceConsentAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'How the fee is paid (Swedish)' })
  payment!: string | null;

  @ApiProperty({ type: () => RequestViewingDto, nullable: true })
  viewing!: RequestViewingDto | null;

  @ApiProperty({ type: String, nullable: true })
  extensionNotice!: string | null;

  @ApiProperty({ type: () => RequestClosureDto, nullable: true })
  closure!: RequestClosureDto | null;

  @ApiProperty({ type: () => RequestReopenDto, nullable: true })
  reopen!: RequestReopenDto | null;

  @ApiProperty({ type: () => [RequestItemDto] })
  items!: RequestItemDto[];

  @ApiProperty({ type: () => [RequestNoteViewDto] })
  notes!: RequestNoteViewDto[];

  @ApiProperty({ type: () => [RequestAppealDto] })
  appeals!: RequestAppealDto[];

  @ApiProperty({ type: () => [RequestHistoryEntryDto] })
  history!: RequestHistoryEntryDto[];

  @ApiProperty({ type: 'integer' })
  version!: number;
}

export class RequestItemReviewDto {
  @ApiProperty({ type: () => RequestItemDto })
  item!: RequestItemDto;

  @ApiProperty({
    type: () => ReviewDocumentDto,
    nullable: true,
    description: 'The record with suggested redactions; null for a draft',
  })
  document!: ReviewDocumentDto | null;

  @ApiProperty({ type: () => [RedactionDto], description: 'The redactions saved so far' })
  redactions!: RedactionDto[];
}

export class RequestsReleasedDto {
  @ApiProperty({ type: 'integer' })
  released!: number;
}

export class RequestPartDeliveredDto {
  @ApiProperty({ type: 'integer', description: 'Records whose copies went out now' })
  delivered!: number;
}

/* The report. */

export class RequestStatusCountsDto implements Record<RequestStatus, number> {
  @ApiProperty({ type: 'integer' })
  received!: number;

  @ApiProperty({ type: 'integer' })
  in_review!: number;

  @ApiProperty({ type: 'integer' })
  awaiting_clarification!: number;

  @ApiProperty({ type: 'integer' })
  decided!: number;

  @ApiProperty({ type: 'integer' })
  delivered!: number;

  @ApiProperty({ type: 'integer' })
  withdrawn!: number;
}

export class RequestOutcomeCountsDto implements Record<Decision, number> {
  @ApiProperty()
  release!: number;

  @ApiProperty()
  release_with_redactions!: number;

  @ApiProperty()
  refuse!: number;

  @ApiProperty()
  no_public_record!: number;
}

export class RequestReportTotalsDto implements Omit<MonthReport, 'month'> {
  @ApiProperty({ type: 'integer' })
  received!: number;

  @ApiProperty({ type: () => RequestStatusCountsDto })
  byStatus!: RequestStatusCountsDto;

  @ApiProperty({ type: 'integer' })
  decided!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Working days from receipt to decision, waiting for the requester not counted',
  })
  medianWorkingDays!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  p90WorkingDays!: number | null;

  @ApiProperty({ type: 'integer' })
  overdue!: number;

  @ApiProperty({ type: 'integer' })
  decidedOnTime!: number;

  @ApiProperty({ type: 'integer' })
  decidedLate!: number;

  @ApiProperty({ type: 'integer' })
  firstActionOnTime!: number;

  @ApiProperty({ type: 'integer' })
  firstActionLate!: number;

  @ApiProperty({ type: 'integer' })
  open!: number;

  @ApiProperty({ type: () => RequestOutcomeCountsDto, description: 'Records decided, by outcome' })
  outcomes!: RequestOutcomeCountsDto;

  @ApiProperty({ type: () => RequestOutcomeCountsDto, description: 'Each outcome’s share (0–1)' })
  outcomeShares!: RequestOutcomeCountsDto;
}

export class RequestMonthReportDto extends RequestReportTotalsDto implements MonthReport {
  @ApiProperty({ example: '2026-11' })
  month!: string;
}

export class RequestReportDto implements Report {
  @ApiProperty({ example: '2026-01' })
  from!: string;

  @ApiProperty({ example: '2026-12' })
  to!: string;

  @ApiProperty({ type: () => [RequestMonthReportDto] })
  months!: RequestMonthReportDto[];

  @ApiProperty({ type: () => RequestReportTotalsDto })
  total!: RequestReportTotalsDto;
}

/* What the requester sees, by receipt code. */

export class RequestPartDeliveryCopyDto {
  @ApiProperty()
  title!: string;

  @ApiProperty({ format: 'date' })
  deliveredOn!: string;
}

export class RequestPartDeliveryDto {
  @ApiProperty({ type: () => [RequestPartDeliveryCopyDto], description: 'The copies out so far' })
  delivered!: RequestPartDeliveryCopyDto[];

  @ApiProperty({ type: [String], description: 'The records still being decided' })
  underReview!: string[];
}

export class RequestPublicClosureDto {
  @ApiProperty({ enum: CLOSURES })
  kind!: Closure;

  @ApiProperty({ type: String, nullable: true })
  forwardedTo!: string | null;
}

export class PublicRequestStatusDto implements PublicRequestStatus {
  @ApiProperty({ example: 'BEG-2026-00042' })
  registrationNumber!: string;

  @ApiProperty({ enum: STATUSES })
  status!: RequestStatus;

  @ApiProperty({ example: 'Mottagen' })
  statusLabel!: string;

  @ApiProperty({ description: 'What the status means (Swedish)' })
  explanation!: string;

  @ApiProperty({ format: 'date' })
  receivedOn!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  decisionDue!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The reviewer’s question, if waiting' })
  clarificationQuestion!: string | null;

  @ApiProperty({ description: 'Copies can be fetched with a download link' })
  canDownload!: boolean;

  @ApiProperty({ type: 'integer', nullable: true })
  feeKr!: number | null;

  @ApiProperty()
  invoiced!: boolean;

  @ApiProperty({ type: String, nullable: true })
  extensionNotice!: string | null;

  @ApiProperty({ type: () => RequestViewingDto, nullable: true })
  viewing!: RequestViewingDto | null;

  @ApiProperty({
    type: 'object',
    nullable: true,
    description:
      'The last day to appeal, or that the three weeks count from the download; null: nothing to appeal',
    properties: {
      day: { type: 'string', format: 'date' },
      fromDownload: { type: 'boolean', enum: [true] },
    },
    oneOf: [{ required: ['day'] }, { required: ['fromDownload'] }],
  })
  appeal!: { day: string } | { fromDownload: true } | null;

  @ApiProperty({ type: () => RequestPublicClosureDto, nullable: true })
  closure!: RequestPublicClosureDto | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  appealedOn!: string | null;

  @ApiProperty({
    type: () => RequestPartDeliveryDto,
    nullable: true,
    description: 'Released in batches while the rest is under review; null otherwise',
  })
  partDelivery!: RequestPartDeliveryDto | null;
}

export class DownloadLinkDto {
  @ApiProperty({ format: 'uri', description: 'Carries a 256-bit token' })
  url!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

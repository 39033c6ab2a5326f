import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { auditActor } from '../auth/actor';
import { StaffAccountsQueries } from '../auth/staff-accounts.queries';
import { NotFoundError } from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import { DirectoryQueries } from '../directory/directory.queries';
import { PersonNamesQueries } from '../directory/person-names.queries';
import { PlanSummariesQueries } from '../plans/plan-summaries.queries';
import { isReviewOverdue } from '../records/confidentiality';
import { RecordSummariesQueries, RecordSummary } from '../records/record-summaries.queries';
import type { Redaction } from '../redaction/apply-redactions';
import { RedactionService, ReviewDocument } from '../redaction/redaction.service';
import type { DecisionConflict } from './decision-consistency';
import { DecisionConsistencyQueries } from './decision-consistency.queries';
import type { QueueFilter } from './queue-filter';
import { QUEUE_DESCRIPTION_START, queueTextMatches } from './queue-search';
import { DeliveredDocument, PostItem, RequestDeliveryService } from './request-delivery.service';
import { isApproved } from './item-approvals';
import { isOpenRequest, isOverdue, type RequestStatus } from './request-lifecycle';
import { findRequestRow, isoInstant } from './request-lookup';
import type {
  ItemMarking,
  QueuePage,
  QueueRow,
  RequestDetail,
  RequestItem,
  Reviewer,
  StaffNotice,
} from './request-read-model';
import { type RequestsTables, StaffNotification } from './requests.entities';
import { ITEM_NOT_FOUND, nullableText, requireReviewer } from './review-support';

const PAGE_SIZE = 50;

/** The statuses the queue calls open (its partial indexes cover these). */
const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'in_review', 'awaiting_clarification'];
// Literals, not parameters, so the planner matches the partial indexes' `status in (...)`.
const OPEN_STATUS_LITERALS = OPEN_STATUSES.map((status) => sql.lit(status));

/**
 * The reviewers' reads: the queue, a request with its records, notes,
 * appeals and history, one record for review, the documents made and the
 * post list. Reading a request is audited under each pupil it shows.
 */
@Injectable()
export class RequestQueriesService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly redaction: RedactionService,
    private readonly delivery: RequestDeliveryService,
    private readonly staff: StaffAccountsQueries,
    private readonly names: PersonNamesQueries,
    private readonly records: RecordSummariesQueries,
    private readonly plans: PlanSummariesQueries,
    private readonly directory: DirectoryQueries,
    private readonly consistency: DecisionConsistencyQueries,
  ) {}

  /** The legal grounds a redaction or refusal may cite (settings). */
  get grounds(): readonly string[] {
    return this.redaction.grounds;
  }

  async listQueue(actor: Actor, filter: QueueFilter): Promise<QueuePage> {
    requireReviewer(actor);
    const today = stockholmToday(new Date());
    const db = this.em.fork().getKysely<RequestsTables>();
    let page = db.selectFrom('records_request as r').select([
      'r.id',
      'r.registration_number',
      'r.status',
      'r.channel',
      'r.received_on',
      'r.decision_due',
      'r.assignee_account_id',
      'r.closure',
      'r.forwarded_to',
      // The start of what is asked (room for runs of spaces): the view cuts it to a line.
      sql<string>`left(r.description, ${QUEUE_DESCRIPTION_START * 2})`.as('description_start'),
    ]);
    if (filter.text) {
      page = page.where((eb) => queueTextMatches(eb, filter.text));
    }
    if (filter.status === 'open') {
      page = page.where('r.status', 'in', OPEN_STATUS_LITERALS);
    } else if (filter.status !== 'all') {
      page = page.where('r.status', '=', filter.status);
    }
    if (filter.assignee === 'me') {
      page = page.where('r.assignee_account_id', '=', actor.accountId);
    } else if (filter.assignee === 'unassigned') {
      page = page.where('r.assignee_account_id', 'is', null);
    }
    if (filter.due === 'overdue') {
      page = page.where('r.decision_due', '<', today).where('r.status', 'in', OPEN_STATUS_LITERALS);
    } else if (filter.due === 'today') {
      page = page.where('r.decision_due', '=', today);
    }
    const after = filter.after;
    if (after) {
      page = page.where((eb) =>
        eb(
          eb.refTuple('r.decision_due', 'r.id'),
          '>',
          eb.tuple(sql<string>`${after.decisionDue}::date`, sql<string>`${after.id}::uuid`),
        ),
      );
    }
    // Earliest decision date first: for open requests that puts the overdue ones on top. The page
    // is read off an index in (decision_due, id) order (Migration20261129050000QueueIndexes) and
    // limited before anything is counted, so a page deep in the keyset costs the same as the
    // first; the assignees' names are read for the page's rows only, from the auth module.
    const rows = await db
      .selectFrom(
        page
          .orderBy('r.decision_due')
          .orderBy('r.id')
          .limit(PAGE_SIZE + 1)
          .as('r'),
      )
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('records_request_item as i')
            .select([
              sql<number>`count(*)::int`.as('items'),
              sql<number>`count(i.decision)::int`.as('decided'),
            ])
            .whereRef('i.request_id', '=', 'r.id')
            .as('c'),
        (join) => join.onTrue(),
      )
      .selectAll('r')
      .select(['c.items', 'c.decided'])
      .orderBy('r.decision_due')
      .orderBy('r.id')
      .execute();
    const shown = rows.slice(0, PAGE_SIZE);
    const names = await this.staff.findNames(shown.map((row) => row.assignee_account_id));
    const rowsOut = shown.map((row): QueueRow => {
      const decisionDue = row.decision_due ?? '';
      return {
        id: row.id,
        registrationNumber: row.registration_number,
        status: row.status,
        channel: row.channel,
        receivedOn: row.received_on,
        decisionDue,
        overdue: isOpenRequest(row.status) && isOverdue(decisionDue, today),
        assignee: row.assignee_account_id ? (names.get(row.assignee_account_id) ?? null) : null,
        descriptionStart: row.description_start,
        closure: row.closure
          ? { kind: row.closure, forwardedTo: nullableText(row.forwarded_to) }
          : null,
        items: row.items,
        decided: row.decided,
      };
    });
    const last = rowsOut.at(-1);
    return {
      rows: rowsOut,
      next: rows.length > PAGE_SIZE && last ? { decisionDue: last.decisionDue, id: last.id } : null,
    };
  }

  /** The queue page: a page of the queue, the reviewer's unseen notices, and the count to post. */
  async queuePage(
    actor: Actor,
    filter: QueueFilter,
  ): Promise<QueuePage & { notices: StaffNotice[]; toPost: number }> {
    const [{ rows, next }, notices, toPost] = await Promise.all([
      this.listQueue(actor, filter),
      this.notifications(actor),
      this.countToPost(actor),
    ]);
    return { rows, next, notices, toPost };
  }

  async getRequest(actor: Actor, requestId: string): Promise<RequestDetail> {
    requireReviewer(actor);
    const em = this.em.fork();
    const row = await findRequestRow(em, requestId);
    const today = stockholmToday(new Date());
    const db = em.getKysely<RequestsTables>();
    const [items, notes, events, appeals, guardian] = await Promise.all([
      this.items(em, requestId, row.concerning_pupil_id),
      db
        .selectFrom('records_request_note')
        .select(['text', 'created_at', 'author_account_id'])
        .where('request_id', '=', requestId)
        .orderBy('created_at')
        .execute(),
      db
        .selectFrom('records_request_event')
        .select(['kind', 'occurred_at', 'details', 'actor_account_id'])
        .where('request_id', '=', requestId)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('records_request_appeal')
        .select([
          'id',
          'received_on',
          'deadline',
          'in_time',
          'forwarded_on',
          'forward_due',
          'court',
          'court_reference',
          'court_outcome',
          'court_decided_on',
          'note',
          'late_exception',
        ])
        .where('request_id', '=', requestId)
        .orderBy('created_at')
        .execute(),
      this.verifiedGuardian(row),
    ]);
    const names = await this.staff.findNames([
      row.assignee_account_id,
      ...notes.map((note) => note.author_account_id),
      ...events.map((event) => event.actor_account_id),
    ]);
    const nameOf = (accountId: string | null): string | null =>
      accountId ? (names.get(accountId) ?? null) : null;
    await em.nativeUpdate(
      StaffNotification,
      { requestId, accountId: actor.accountId, readAt: null },
      { readAt: new Date() },
    );
    // One entry per pupil whose records the page shows, so "who saw this pupil's data" stays one query.
    const pupilIds = [...new Set(items.flatMap((item) => (item.pupilId ? [item.pupilId] : [])))];
    await this.em.fork().transactional(async (tem) => {
      for (const pupilId of pupilIds.length > 0 ? pupilIds : [null]) {
        await this.audit.record(tem, {
          action: 'records_request.read',
          actor: auditActor(actor),
          pupilId,
          targetType: 'records_request',
          targetId: requestId,
          details: { registrationNumber: row.registration_number },
        });
      }
    });
    const decisionDue = row.decision_due ?? '';
    return {
      id: requestId,
      registrationNumber: row.registration_number,
      status: row.status,
      channel: row.channel,
      receivedOn: row.received_on,
      description: row.description,
      pupilName: nullableText(row.pupil_name),
      school: nullableText(row.school),
      period: nullableText(row.period),
      deliveryMethod: row.delivery,
      contact: {
        name: nullableText(row.contact_name),
        email: nullableText(row.contact_email),
        phone: nullableText(row.contact_phone),
        postalAddress: nullableText(row.postal_address),
      },
      firstActionDue: row.first_action_due ?? '',
      decisionDue,
      overdue: isOpenRequest(row.status) && isOverdue(decisionDue, today),
      firstActionAt: row.first_action_at ? isoInstant(row.first_action_at) : null,
      assignee: row.assignee_account_id
        ? {
            accountId: row.assignee_account_id,
            name: nameOf(row.assignee_account_id) ?? '',
          }
        : null,
      clarificationQuestion: nullableText(row.clarification_question),
      clarificationAskedOn: nullableText(row.clarification_asked_on),
      waitedWorkingDays: row.waited_working_days,
      processed: row.processed_at !== null,
      feeKr: row.fee_kr,
      invoiceConsentAt: row.invoice_consent_at ? isoInstant(row.invoice_consent_at) : null,
      payment: row.payment,
      viewing: row.viewing_at
        ? { at: isoInstant(row.viewing_at), place: nullableText(row.viewing_place) ?? '' }
        : null,
      extensionNotice: nullableText(row.extension_notice),
      guardian,
      reopen: row.reopen_reason
        ? { reason: row.reopen_reason, appealId: row.reopened_for_appeal_id }
        : null,
      closure: row.closure
        ? {
            kind: row.closure,
            forwardedTo: nullableText(row.forwarded_to),
            reasons: nullableText(row.closure_reasons),
          }
        : null,
      items,
      notes: notes.map((note) => ({
        author: nameOf(note.author_account_id),
        text: note.text,
        at: isoInstant(note.created_at),
      })),
      appeals: appeals.map((appeal) => ({
        id: appeal.id,
        receivedOn: appeal.received_on,
        deadline: appeal.deadline,
        inTime: appeal.in_time,
        forwardedOn: nullableText(appeal.forwarded_on),
        forwardDue: nullableText(appeal.forward_due),
        court: nullableText(appeal.court),
        courtReference: nullableText(appeal.court_reference),
        outcome: appeal.court_outcome,
        decidedOn: nullableText(appeal.court_decided_on),
        note: nullableText(appeal.note),
        lateException: appeal.late_exception,
      })),
      history: events.map((event) => ({
        at: isoInstant(event.occurred_at),
        kind: event.kind,
        details: event.details,
        actor: nameOf(event.actor_account_id),
      })),
      version: row.version,
    };
  }

  /** The request page: the request, the reviewers it can be handed to, and its documents. */
  async requestPage(
    actor: Actor,
    requestId: string,
  ): Promise<{
    detail: RequestDetail;
    reviewers: Reviewer[];
    documents: DeliveredDocument[];
    /** Where its decisions disagree, while it can still be decided (decision-consistency.ts). */
    conflicts: DecisionConflict[];
  }> {
    const [detail, reviewers] = await Promise.all([
      this.getRequest(actor, requestId),
      this.listReviewers(actor),
    ]);
    const documents = await this.documents(actor, requestId);
    const conflicts = ['received', 'in_review'].includes(detail.status)
      ? await this.consistency.findConflicts(this.em.fork(), requestId)
      : [];
    return { detail, reviewers, documents, conflicts };
  }

  /** The letter and copies made when the request was decided. */
  async documents(actor: Actor, requestId: string): Promise<DeliveredDocument[]> {
    requireReviewer(actor);
    await findRequestRow(this.em.fork(), requestId);
    return this.delivery.documents(requestId);
  }

  /** One letter or copy for the reviewer; audited under the pupil a copy is about. */
  async readDocument(
    actor: Actor,
    requestId: string,
    documentId: string,
  ): Promise<{ bytes: Uint8Array; name: string }> {
    requireReviewer(actor);
    await findRequestRow(this.em.fork(), requestId);
    const file = await this.delivery.documentForReviewer(requestId, documentId);
    await this.audit.recordNow({
      action: 'records_request.document.read',
      actor: auditActor(actor),
      pupilId: file.pupilId,
      targetType: 'records_request',
      targetId: requestId,
      details: { document: documentId },
    });
    return { bytes: file.bytes, name: file.name };
  }

  /** The reviewers a request can be handed to. */
  async listReviewers(actor: Actor): Promise<Reviewer[]> {
    requireReviewer(actor);
    return this.staff.findReviewers();
  }

  /** What the reviewer has not seen yet: new requests, reminders and escalations, newest first. */
  async notifications(actor: Actor): Promise<StaffNotice[]> {
    requireReviewer(actor);
    const db = this.em.fork().getKysely<RequestsTables>();
    // The 50 to show are chosen before their requests are joined: a reviewer may have hundreds unread.
    const unread = db
      .selectFrom('staff_notification')
      .select(['request_id', 'kind', 'created_at'])
      .where('account_id', '=', actor.accountId)
      .where('read_at', 'is', null)
      .orderBy(noticeRank('kind'))
      .orderBy('created_at', 'desc')
      .limit(50);
    const rows = await db
      .selectFrom(unread.as('n'))
      .innerJoin('records_request as r', 'r.id', 'n.request_id')
      .select(['n.request_id', 'n.kind', 'n.created_at', 'r.registration_number', 'r.decision_due'])
      .orderBy(noticeRank('n.kind'))
      .orderBy('n.created_at', 'desc')
      .execute();
    return rows.map((row) => ({
      requestId: row.request_id,
      registrationNumber: row.registration_number,
      kind: row.kind,
      decisionDue: nullableText(row.decision_due) ?? '',
      at: isoInstant(row.created_at),
    }));
  }

  /** How many decided paper requests wait to be posted (the queue page shows the number). */
  countToPost(actor: Actor): Promise<number> {
    requireReviewer(actor);
    return this.delivery.countToPost();
  }

  /** Decided paper requests waiting to be posted. */
  postList(actor: Actor): Promise<PostItem[]> {
    requireReviewer(actor);
    return this.delivery.postList();
  }

  /** One record of the request, for review: its fields with suggested redactions. */
  async reviewItem(
    actor: Actor,
    requestId: string,
    itemId: string,
  ): Promise<{
    item: RequestItem;
    document: ReviewDocument | null;
    redactions: readonly Redaction[];
  }> {
    requireReviewer(actor);
    const em = this.em.fork();
    const request = await findRequestRow(em, requestId);
    const item = (await this.items(em, requestId, request.concerning_pupil_id)).find(
      (each) => each.id === itemId,
    );
    if (!item) {
      throw new NotFoundError(ITEM_NOT_FOUND);
    }
    const row = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item')
      .select('redactions')
      .where('id', '=', itemId)
      .executeTakeFirst();
    const document =
      item.recordId !== null ? await this.redaction.reviewDocument(actor, item.recordId) : null;
    return { item, document, redactions: row?.redactions ?? [] };
  }

  /**
   * A guardian's request from Mina barn: who asked (signed in, so verified
   * then), about which child, and whether the register still has them as
   * the child's guardian; null for any other request.
   */
  private async verifiedGuardian(row: {
    readonly channel: string;
    readonly requester_person_id: string | null;
    readonly concerning_pupil_id: string | null;
  }): Promise<RequestDetail['guardian']> {
    if (row.channel !== 'guardian' || !row.requester_person_id || !row.concerning_pupil_id) {
      return null;
    }
    const [names, stillGuardian] = await Promise.all([
      this.names.findPersonNames([row.requester_person_id, row.concerning_pupil_id]),
      this.directory.isGuardianOf(row.requester_person_id, row.concerning_pupil_id),
    ]);
    return {
      name: names.get(row.requester_person_id)?.name ?? null,
      pupilName: names.get(row.concerning_pupil_id)?.name ?? null,
      stillGuardian,
    };
  }

  /**
   * The request's records and drafts. The items are read here; what they show of the record,
   * the plan, the pupil, the school unit and the decider is read from the owning modules, one
   * query per module and set of ids.
   */
  private async items(
    em: EntityManager,
    requestId: string,
    concerningPupilId: string | null,
  ): Promise<RequestItem[]> {
    const rows = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item')
      .select([
        'id',
        'kind',
        'source',
        'record_id',
        'plan_id',
        'decision',
        'refusal_ground',
        'reasons',
        'decided_at',
        'decided_by_account_id',
        'delivered_at',
        'concerned_party',
        'version',
        'approved_by_account_id',
        'approved_at',
        'approved_for_version',
        sql<number>`jsonb_array_length(redactions)`.as('redaction_count'),
      ])
      .where('request_id', '=', requestId)
      .orderBy('kind', 'desc')
      .orderBy('created_at')
      .execute();
    const recordIds = rows.flatMap((row) => (row.record_id ? [row.record_id] : []));
    const planIds = rows.flatMap((row) => (row.plan_id ? [row.plan_id] : []));
    const [records, periods, plans] = await Promise.all([
      this.records.findSummaries(recordIds),
      this.plans.findPeriodsOfRecords(recordIds),
      this.plans.findPlans(planIds),
    ]);
    // Who decided each item and who marked each record, in one look-up of names.
    const staffNames = await this.staff.findNames([
      ...rows.map((row) => row.decided_by_account_id),
      ...rows.map((row) => (isApproved(row) ? row.approved_by_account_id : null)),
      ...[...records.values()].map((record) => record.marking?.markedByAccountId ?? null),
    ]);
    const today = stockholmToday(new Date());
    const shown = rows.map((row) => {
      const record = row.record_id ? records.get(row.record_id) : undefined;
      const plan = row.plan_id ? plans.get(row.plan_id) : undefined;
      return {
        row,
        record,
        plan,
        pupilId: record?.pupilId ?? plan?.pupilId ?? null,
        schoolUnitId: record?.schoolUnitId ?? plan?.schoolUnitId ?? null,
      };
    });
    const [pupils, schoolUnits] = await Promise.all([
      this.names.findPersonNames(shown.flatMap((each) => (each.pupilId ? [each.pupilId] : []))),
      this.names.findSchoolUnitNames(
        shown.flatMap((each) => (each.schoolUnitId ? [each.schoolUnitId] : [])),
      ),
    ]);
    // Records by registration number within each kind, as `order by i.kind desc,
    // r.registration_number nulls last, i.created_at` did (a stable sort keeps created_at's order).
    const byNumber = [...shown].sort((a, b) => {
      if (a.row.kind !== b.row.kind) {
        return a.row.kind < b.row.kind ? 1 : -1;
      }
      const x = a.record?.registrationNumber;
      const y = b.record?.registrationNumber;
      if (x === y) return 0;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return x < y ? -1 : 1;
    });
    return byNumber.map(({ row, record, plan, pupilId, schoolUnitId }): RequestItem => {
      const pupil = pupilId ? pupils.get(pupilId) : undefined;
      const period = (row.record_id ? periods.get(row.record_id) : undefined) ?? plan?.period;
      return {
        id: row.id,
        kind: row.kind,
        source: row.source,
        recordId: nullableText(row.record_id),
        registrationNumber: nullableText(record?.registrationNumber),
        recordTitle: nullableText(record?.title),
        pupilId: nullableText(pupilId),
        pupilName: nullableText(pupil?.name),
        schoolUnitName: nullableText(schoolUnitId ? schoolUnits.get(schoolUnitId) : undefined),
        period: nullableText(period),
        confidentialityMarking: itemMarking(record, staffNames, today),
        securityMarking: nullableText(pupil?.securityMarking),
        decision: row.decision,
        refusalGround: nullableText(row.refusal_ground),
        reasons: nullableText(row.reasons),
        redactionCount: row.redaction_count,
        decidedBy: row.decided_by_account_id
          ? (staffNames.get(row.decided_by_account_id) ?? null)
          : null,
        decidedAt: row.decided_at ? isoInstant(row.decided_at) : null,
        // Only an approval of the current decision (four eyes); one of an earlier version is void.
        approvedBy:
          isApproved(row) && row.approved_by_account_id
            ? (staffNames.get(row.approved_by_account_id) ?? null)
            : null,
        approvedAt: isApproved(row) && row.approved_at ? isoInstant(row.approved_at) : null,
        deliveredAt: row.delivered_at ? isoInstant(row.delivered_at) : null,
        concernedParty: row.concerned_party,
        aboutGuardiansChild: concerningPupilId !== null && pupilId === concerningPupilId,
        version: row.version,
      };
    });
  }
}

/** The record's marking with the name of who set it and whether its review date has passed. */
function itemMarking(
  record: RecordSummary | undefined,
  names: ReadonlyMap<string, string>,
  today: string,
): ItemMarking | null {
  const marking = record?.marking;
  if (!marking) {
    return null;
  }
  return {
    provision: marking.provision,
    markedOn: marking.markedOn,
    markedBy: marking.markedByAccountId ? (names.get(marking.markedByAccountId) ?? null) : null,
    reviewOn: marking.reviewOn,
    reviewOverdue: isReviewOverdue(marking.reviewOn, today),
  };
}

/** Escalations first, then reminders, then new requests. */
function noticeRank(kind: 'kind' | 'n.kind') {
  return sql<number>`case when ${sql.ref(kind)} like '%escalation' then 0 when ${sql.ref(kind)} like '%reminder' then 1 when ${sql.ref(kind)} = 'appeal' then 2 else 3 end`;
}

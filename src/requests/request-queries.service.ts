import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { auditActor } from '../auth/actor';
import { NotFoundError } from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import type { Redaction } from '../redaction/apply-redactions';
import { RedactionService, ReviewDocument } from '../redaction/redaction.service';
import type { Payment } from './fees';
import type { QueueFilter } from './queue-filter';
import { DeliveredDocument, PostItem, RequestDeliveryService } from './request-delivery.service';
import type {
  QueuePage,
  QueueRow,
  RequestDetail,
  RequestItem,
  Reviewer,
  StaffNotice,
} from './request-read-model';
import {
  Channel,
  CourtOutcome,
  Decision,
  DeliveryMethod,
  isOpenRequest,
  isOverdue,
  RequestStatus,
} from './request-lifecycle';
import {
  findRequest,
  ITEM_NOT_FOUND,
  nullableText,
  requireReviewer,
  Row,
  toIso,
} from './review-support';

const PAGE_SIZE = 50;

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
  ) {}

  /** The legal grounds a redaction or refusal may cite (settings). */
  get grounds(): readonly string[] {
    return this.redaction.grounds;
  }

  async listQueue(actor: Actor, filter: QueueFilter): Promise<QueuePage> {
    requireReviewer(actor);
    const today = stockholmToday(new Date());
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.status === 'open') {
      conditions.push(`r.status in ('received', 'in_review', 'awaiting_clarification')`);
    } else if (filter.status !== 'all') {
      conditions.push('r.status = ?');
      params.push(filter.status);
    }
    if (filter.assignee === 'me') {
      conditions.push('r.assignee_account_id = ?');
      params.push(actor.accountId);
    } else if (filter.assignee === 'unassigned') {
      conditions.push('r.assignee_account_id is null');
    }
    if (filter.due === 'overdue') {
      conditions.push(
        `r.decision_due < ? and r.status in ('received', 'in_review', 'awaiting_clarification')`,
      );
      params.push(today);
    } else if (filter.due === 'today') {
      conditions.push('r.decision_due = ?');
      params.push(today);
    }
    if (filter.after) {
      conditions.push('(r.decision_due, r.id) > (?::date, ?::uuid)');
      params.push(filter.after.decisionDue, filter.after.id);
    }
    // Earliest decision date first: for open requests that puts the overdue ones on top. The page
    // is read off an index in (decision_due, id) order (Migration20261129050000QueueIndexes) and
    // limited before anything is joined or counted, so a page deep in the keyset costs the same
    // as the first.
    const rows = await this.em.fork().execute<Row[]>(
      `select r.id, r.registration_number, r.status, r.channel, r.received_on::text as received_on,
              r.decision_due::text as decision_due,
              case when a.id is null then null else pe.given_name || ' ' || pe.family_name end as assignee,
              c.items, c.decided
         from (select r.id, r.registration_number, r.status, r.channel, r.received_on, r.decision_due,
                      r.assignee_account_id
                 from records_request r
                ${conditions.length > 0 ? `where ${conditions.join(' and ')}` : ''}
                order by r.decision_due, r.id
                limit ${PAGE_SIZE + 1}) r
         left join account a on a.id = r.assignee_account_id
         left join person pe on pe.id = a.person_id
         cross join lateral (select count(*)::int as items, count(i.decision)::int as decided
                               from records_request_item i where i.request_id = r.id) c
        order by r.decision_due, r.id`,
      params,
    );
    const page = rows.slice(0, PAGE_SIZE).map((row): QueueRow => {
      const status = row.status as RequestStatus;
      const decisionDue = String(row.decision_due);
      return {
        id: String(row.id),
        registrationNumber: String(row.registration_number),
        status,
        channel: row.channel as Channel,
        receivedOn: String(row.received_on),
        decisionDue,
        overdue: isOpenRequest(status) && isOverdue(decisionDue, today),
        assignee: (row.assignee as string | null) ?? null,
        items: Number(row.items),
        decided: Number(row.decided),
      };
    });
    const last = page.at(-1);
    return {
      rows: page,
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

  async getRequest(
    actor: Actor,
    requestId: string,
    requestIdForAudit: string | null,
  ): Promise<RequestDetail> {
    requireReviewer(actor);
    const em = this.em.fork();
    const row = await findRequest(em, requestId);
    const today = stockholmToday(new Date());
    const [items, notes, events, appeals] = await Promise.all([
      this.items(em, requestId),
      em.execute<Row[]>(
        `select n.text, n.created_at, pe.given_name || ' ' || pe.family_name as author
           from records_request_note n left join account a on a.id = n.author_account_id
           left join person pe on pe.id = a.person_id
          where n.request_id = ? order by n.created_at`,
        [requestId],
      ),
      em.execute<Row[]>(
        `select e.kind, e.occurred_at, e.details, pe.given_name || ' ' || pe.family_name as actor
           from records_request_event e left join account a on a.id = e.actor_account_id
           left join person pe on pe.id = a.person_id
          where e.request_id = ? order by e.id`,
        [requestId],
      ),
      em.execute<Row[]>(
        `select id, received_on::text as received_on, deadline::text as deadline, in_time,
                forwarded_on::text as forwarded_on, court, court_reference, court_outcome,
                court_decided_on::text as court_decided_on, note
           from records_request_appeal where request_id = ? order by created_at`,
        [requestId],
      ),
    ]);
    await em.execute(
      'update staff_notification set read_at = ? where request_id = ? and account_id = ? and read_at is null',
      [new Date(), requestId, actor.accountId],
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
          details: { registrationNumber: String(row.registration_number) },
          requestId: requestIdForAudit,
        });
      }
    });
    const status = row.status as RequestStatus;
    return {
      id: requestId,
      registrationNumber: String(row.registration_number),
      status,
      channel: row.channel as Channel,
      receivedOn: String(row.received_on),
      description: String(row.description),
      pupilName: nullableText(row.pupil_name),
      school: nullableText(row.school),
      period: nullableText(row.period),
      deliveryMethod: row.delivery as DeliveryMethod,
      contact: {
        name: nullableText(row.contact_name),
        email: nullableText(row.contact_email),
        phone: nullableText(row.contact_phone),
        postalAddress: nullableText(row.postal_address),
      },
      firstActionDue: String(row.first_action_due),
      decisionDue: String(row.decision_due),
      overdue: isOpenRequest(status) && isOverdue(String(row.decision_due), today),
      firstActionAt: row.first_action_at ? toIso(row.first_action_at) : null,
      assignee: row.assignee_account_id
        ? {
            accountId: nullableText(row.assignee_account_id) ?? '',
            name: nullableText(row.assignee_name) ?? '',
          }
        : null,
      clarificationQuestion: nullableText(row.clarification_question),
      clarificationAskedOn: nullableText(row.clarification_asked_on),
      waitedWorkingDays: Number(row.waited_working_days),
      processed: row.processed_at !== null,
      feeKr: row.fee_kr === null || row.fee_kr === undefined ? null : Number(row.fee_kr),
      invoiceConsentAt: row.invoice_consent_at ? toIso(row.invoice_consent_at) : null,
      payment: nullableText(row.payment) as Payment | null,
      viewing: row.viewing_at
        ? { at: toIso(row.viewing_at), place: nullableText(row.viewing_place) ?? '' }
        : null,
      extensionNotice: nullableText(row.extension_notice),
      items,
      notes: notes.map((note) => ({
        author: nullableText(note.author),
        text: String(note.text),
        at: toIso(note.created_at),
      })),
      appeals: appeals.map((appeal) => ({
        id: String(appeal.id),
        receivedOn: String(appeal.received_on),
        deadline: String(appeal.deadline),
        inTime: appeal.in_time === true,
        forwardedOn: nullableText(appeal.forwarded_on),
        court: nullableText(appeal.court),
        courtReference: nullableText(appeal.court_reference),
        outcome: nullableText(appeal.court_outcome) as CourtOutcome | null,
        decidedOn: nullableText(appeal.court_decided_on),
        note: nullableText(appeal.note),
      })),
      history: events.map((event) => ({
        at: toIso(event.occurred_at),
        kind: String(event.kind),
        details: (event.details ?? {}) as Record<string, unknown>,
        actor: nullableText(event.actor),
      })),
      version: Number(row.version),
    };
  }

  /** The request page: the request, the reviewers it can be handed to, and its documents. */
  async requestPage(
    actor: Actor,
    requestId: string,
    requestIdForAudit: string | null,
  ): Promise<{ detail: RequestDetail; reviewers: Reviewer[]; documents: DeliveredDocument[] }> {
    const [detail, reviewers] = await Promise.all([
      this.getRequest(actor, requestId, requestIdForAudit),
      this.listReviewers(actor),
    ]);
    const documents = await this.documents(actor, requestId);
    return { detail, reviewers, documents };
  }

  /** The letter and copies made when the request was decided. */
  async documents(actor: Actor, requestId: string): Promise<DeliveredDocument[]> {
    requireReviewer(actor);
    await findRequest(this.em.fork(), requestId);
    return this.delivery.documents(requestId);
  }

  /** One letter or copy for the reviewer; audited under the pupil a copy is about. */
  async readDocument(
    actor: Actor,
    requestId: string,
    documentId: string,
    requestIdForAudit: string | null,
  ): Promise<{ bytes: Uint8Array; name: string }> {
    requireReviewer(actor);
    await findRequest(this.em.fork(), requestId);
    const file = await this.delivery.documentForReviewer(requestId, documentId);
    await this.audit.recordNow({
      action: 'records_request.document.read',
      actor: auditActor(actor),
      pupilId: file.pupilId,
      targetType: 'records_request',
      targetId: requestId,
      details: { document: documentId },
      requestId: requestIdForAudit,
    });
    return { bytes: file.bytes, name: file.name };
  }

  /** The reviewers a request can be handed to. */
  async listReviewers(actor: Actor): Promise<Reviewer[]> {
    requireReviewer(actor);
    const rows = await this.em.fork().execute<Row[]>(
      `select distinct a.id, pe.given_name || ' ' || pe.family_name as name from account a
         join person pe on pe.id = a.person_id
         join staff_duty d on d.person_id = a.person_id and d.role = 'reviewer'
        where not a.is_disabled order by name`,
    );
    return rows.map((row) => ({ accountId: String(row.id), name: String(row.name) }));
  }

  /** What the reviewer has not seen yet: new requests, reminders and escalations, newest first. */
  async notifications(actor: Actor): Promise<StaffNotice[]> {
    requireReviewer(actor);
    const rows = await this.em.fork().execute<Row[]>(
      // The 50 to show are chosen before their requests are joined: a reviewer may have hundreds unread.
      `select n.request_id, n.kind, n.created_at, r.registration_number, r.decision_due::text as decision_due
         from (select request_id, kind, created_at from staff_notification
                where account_id = ? and read_at is null
                order by case kind when 'escalation' then 0 when 'reminder' then 1 else 2 end, created_at desc
                limit 50) n
         join records_request r on r.id = n.request_id
        order by case n.kind when 'escalation' then 0 when 'reminder' then 1 else 2 end, n.created_at desc`,
      [actor.accountId],
    );
    return rows.map((row) => ({
      requestId: String(row.request_id),
      registrationNumber: String(row.registration_number),
      kind: String(row.kind),
      decisionDue: nullableText(row.decision_due) ?? '',
      at: toIso(row.created_at),
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
    requestIdForAudit: string | null,
  ): Promise<{
    item: RequestItem;
    document: ReviewDocument | null;
    redactions: readonly Redaction[];
  }> {
    requireReviewer(actor);
    const em = this.em.fork();
    await findRequest(em, requestId);
    const item = (await this.items(em, requestId)).find((each) => each.id === itemId);
    if (!item) {
      throw new NotFoundError(ITEM_NOT_FOUND);
    }
    const [row] = await em.execute<Row[]>(
      'select redactions from records_request_item where id = ?',
      [itemId],
    );
    const document =
      item.recordId !== null
        ? await this.redaction.reviewDocument(actor, item.recordId, requestIdForAudit)
        : null;
    return { item, document, redactions: (row?.redactions as Redaction[] | undefined) ?? [] };
  }

  private async items(em: EntityManager, requestId: string): Promise<RequestItem[]> {
    const rows = await em.execute<Row[]>(
      `select i.id, i.kind, i.source, i.record_id, i.decision, i.refusal_ground, i.reasons, i.decided_at,
              i.version, jsonb_array_length(i.redactions) as redaction_count,
              r.registration_number, r.title, r.confidentiality_marking,
              coalesce(pr.given_name, pp.given_name) || ' ' || coalesce(pr.family_name, pp.family_name) as pupil_name,
              coalesce(pr.security_marking, pp.security_marking) as security_marking,
              coalesce(pr.id, pp.id) as pupil_id,
              coalesce(sr.name, sp.name) as school_unit_name,
              coalesce(vp.period, p.period) as period,
              dp.given_name || ' ' || dp.family_name as decided_by
         from records_request_item i
         left join public_record r on r.id = i.record_id
         left join person pr on pr.id = r.pupil_id
         left join school_unit sr on sr.id = r.school_unit_id
         left join plan_version v on v.record_id = r.id
         left join plan vp on vp.id = v.plan_id
         left join plan p on p.id = i.plan_id
         left join person pp on pp.id = p.pupil_id
         left join school_unit sp on sp.id = p.school_unit_id
         left join account da on da.id = i.decided_by_account_id
         left join person dp on dp.id = da.person_id
        where i.request_id = ?
        order by i.kind desc, r.registration_number nulls last, i.created_at`,
      [requestId],
    );
    return rows.map((row): RequestItem => ({
      id: String(row.id),
      kind: row.kind as 'record' | 'draft',
      source: row.source as 'matched' | 'added',
      recordId: nullableText(row.record_id),
      registrationNumber: nullableText(row.registration_number),
      recordTitle: nullableText(row.title),
      pupilId: nullableText(row.pupil_id),
      pupilName: nullableText(row.pupil_name),
      schoolUnitName: nullableText(row.school_unit_name),
      period: nullableText(row.period),
      confidentialityMarking: nullableText(row.confidentiality_marking),
      securityMarking: nullableText(row.security_marking),
      decision: (row.decision as Decision | null) ?? null,
      refusalGround: nullableText(row.refusal_ground),
      reasons: nullableText(row.reasons),
      redactionCount: Number(row.redaction_count ?? 0),
      decidedBy: nullableText(row.decided_by),
      decidedAt: row.decided_at ? toIso(row.decided_at) : null,
      version: Number(row.version),
    }));
  }
}

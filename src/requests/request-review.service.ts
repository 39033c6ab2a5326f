import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { canPerform } from '../auth/access-policy';
import type { Actor } from '../auth/actor';
import { auditActor } from '../auth/actor';
import {
  DomainError,
  ErrorCode,
  FieldProblem,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { isIsoDate, stockholmClock, stockholmInstant, stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUuid } from '../directory/directory.queries';
import { EmailService } from '../email/email.service';
import type { Redaction } from '../redaction/apply-redactions';
import { RedactionService, ReviewDocument } from '../redaction/redaction.service';
import { RequestDeadlinesService } from './request-deadlines.service';
import { DeliveredDocument, PostItem, RequestDeliveryService } from './request-delivery.service';
import {
  Channel,
  channelLabel,
  appealDeadline,
  CourtOutcome,
  courtOutcomeLabel,
  Decision,
  decisionLabel,
  DeliveryMethod,
  deliveryLabel,
  extendForWaiting,
  isOpenRequest,
  isOverdue,
  nextStatus,
  publicStatus,
  RequestAction,
  RequestStatus,
} from './request-lifecycle';
import { addDays, isWorkingDay } from './working-days';
import { Payment, paymentFor } from './fees';

type Row = Record<string, unknown>;

const REQUEST_NOT_FOUND = 'Begäran finns inte.';
const ITEM_NOT_FOUND = 'Handlingen finns inte i den här begäran.';
const PAGE_SIZE = 50;

/** Why a draft is not released: it is not yet a public record. */
export const NO_PUBLIC_RECORD_REASON =
  'Det finns ännu ingen allmän handling: planen är ett utkast inför utvecklingssamtalet och har inte fastställts. ' +
  'Ett utkast är inte färdigställt och därför inte upprättat (TF 2 kap. 10 §). Planen blir en allmän handling när den fastställs efter samtalet.';

export interface QueueFilter {
  readonly status: 'open' | RequestStatus | 'all';
  readonly assignee: 'all' | 'me' | 'unassigned';
  readonly due: 'all' | 'overdue' | 'today';
  /** Keyset cursor: the last row's decision date and id. */
  readonly after: { readonly decisionDue: string; readonly id: string } | null;
}

export interface QueueRow {
  readonly id: string;
  readonly registrationNumber: string;
  readonly status: RequestStatus;
  readonly statusLabel: string;
  readonly channel: string;
  readonly receivedOn: string;
  readonly decisionDue: string;
  readonly overdue: boolean;
  readonly assignee: string | null;
  readonly items: number;
  readonly decided: number;
}

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
  readonly decision: Decision | null;
  readonly decisionLabel: string | null;
  readonly refusalGround: string | null;
  readonly reasons: string | null;
  readonly redactionCount: number;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly version: number;
}

export interface RequestDetail {
  readonly id: string;
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
  readonly items: readonly RequestItemView[];
  readonly notes: readonly {
    readonly author: string | null;
    readonly text: string;
    readonly at: string;
  }[];
  readonly appeals: readonly AppealView[];
  /** Paper copies: the fee by the tariff once decided, and how it is paid. */
  readonly feeKr: number | null;
  readonly invoiceConsentAt: string | null;
  readonly payment: string | null;
  /** On-site viewing: the booked time (Swedish date and clock) and place. */
  readonly viewing: { readonly date: string; readonly time: string; readonly place: string } | null;
  /** What the requester was told when the request needed longer. */
  readonly extensionNotice: string | null;
  readonly history: readonly {
    readonly at: string;
    readonly kind: string;
    readonly text: string;
    readonly actor: string | null;
  }[];
  readonly version: number;
}

/** Something for the reviewer to look at. */
export interface StaffNotice {
  readonly requestId: string;
  readonly registrationNumber: string;
  /** new_request, reminder or escalation. */
  readonly kind: string;
  readonly text: string;
  readonly at: string;
}

export interface AppealView {
  readonly id: string;
  readonly receivedOn: string;
  readonly deadline: string;
  readonly inTime: boolean;
  readonly forwardedOn: string | null;
  readonly court: string | null;
  readonly courtReference: string | null;
  readonly outcome: string | null;
  readonly outcomeLabel: string | null;
  readonly decidedOn: string | null;
  readonly note: string | null;
}

export interface ItemDecisionInput {
  readonly decision: Decision;
  readonly redactions: readonly Redaction[];
  readonly refusalGround: string | null;
  readonly reasons: string | null;
  /** The item's version the reviewer saw; a decision made meanwhile wins. */
  readonly version: number;
}

/**
 * The reviewers' side of requests: the queue, claiming and assigning,
 * internal notes, clarification, and the decision record by record. Only
 * reviewers at Sektor Lärande (the access policy) reach any of it; everyone
 * else gets 404.
 */
@Injectable()
export class RequestReviewService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly redaction: RedactionService,
    private readonly delivery: RequestDeliveryService,
    private readonly deadlines: RequestDeadlinesService,
    private readonly email: EmailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get grounds(): readonly string[] {
    return this.redaction.grounds;
  }

  async listQueue(
    actor: Actor,
    filter: QueueFilter,
  ): Promise<{ rows: QueueRow[]; next: QueueFilter['after'] }> {
    this.requireReviewer(actor);
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
        statusLabel: publicStatus(status).label,
        channel: channelLabel(row.channel as Channel),
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

  async getRequest(
    actor: Actor,
    requestId: string,
    requestIdForAudit: string | null,
  ): Promise<RequestDetail> {
    this.requireReviewer(actor);
    const em = this.em.fork();
    const row = await this.findRequest(em, requestId);
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
      statusLabel: publicStatus(status).label,
      channel: channelLabel(row.channel as Channel),
      receivedOn: String(row.received_on),
      description: String(row.description),
      pupilName: nullableText(row.pupil_name),
      school: nullableText(row.school),
      period: nullableText(row.period),
      delivery: deliveryLabel(row.delivery as DeliveryMethod),
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
      payment: paymentLabel(nullableText(row.payment)),
      viewing: row.viewing_at
        ? {
            date: stockholmToday(new Date(toIso(row.viewing_at))),
            time: stockholmClock(new Date(toIso(row.viewing_at))),
            place: nullableText(row.viewing_place) ?? '',
          }
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
        outcome: nullableText(appeal.court_outcome),
        outcomeLabel: appeal.court_outcome
          ? courtOutcomeLabel(appeal.court_outcome as CourtOutcome)
          : null,
        decidedOn: nullableText(appeal.court_decided_on),
        note: nullableText(appeal.note),
      })),
      history: events.map((event) => ({
        at: toIso(event.occurred_at),
        kind: String(event.kind),
        text: describeEvent(String(event.kind), (event.details ?? {}) as Record<string, unknown>),
        actor: nullableText(event.actor),
      })),
      version: Number(row.version),
    };
  }

  /** The letter and copies made when the request was decided. */
  async documents(actor: Actor, requestId: string): Promise<DeliveredDocument[]> {
    this.requireReviewer(actor);
    await this.findRequest(this.em.fork(), requestId);
    return this.delivery.documents(requestId);
  }

  /** One letter or copy for the reviewer; audited under the pupil a copy is about. */
  async readDocument(
    actor: Actor,
    requestId: string,
    documentId: string,
    requestIdForAudit: string | null,
  ): Promise<{ bytes: Uint8Array; name: string }> {
    this.requireReviewer(actor);
    await this.findRequest(this.em.fork(), requestId);
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
  async listReviewers(actor: Actor): Promise<{ accountId: string; name: string }[]> {
    this.requireReviewer(actor);
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
    this.requireReviewer(actor);
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
      text: noticeText(String(row.kind), nullableText(row.decision_due) ?? ''),
      at: toIso(row.created_at),
    }));
  }

  /** How many decided paper requests wait to be posted (the queue page shows the number). */
  countToPost(actor: Actor): Promise<number> {
    this.requireReviewer(actor);
    return this.delivery.countToPost();
  }

  /** Decided paper requests waiting to be posted. */
  postList(actor: Actor): Promise<PostItem[]> {
    this.requireReviewer(actor);
    return this.delivery.postList();
  }

  /** The reviewer takes the request (or takes it over). Counts as the first action. */
  claim(actor: Actor, requestId: string, requestIdForAudit: string | null): Promise<void> {
    return this.change(actor, requestId, 'claim', requestIdForAudit, async (em, now) => {
      await em.execute(
        `update records_request set assignee_account_id = ?, first_action_at = coalesce(first_action_at, ?)
          where id = ?`,
        [actor.accountId, now, requestId],
      );
      await em.execute(
        'update staff_notification set read_at = coalesce(read_at, ?) where request_id = ? and account_id = ?',
        [now, requestId, actor.accountId],
      );
      return { kind: 'claimed', details: {} };
    });
  }

  /** Hands the request to another reviewer. */
  assign(
    actor: Actor,
    requestId: string,
    accountId: string,
    requestIdForAudit: string | null,
  ): Promise<void> {
    return this.change(actor, requestId, 'claim', requestIdForAudit, async (em, now) => {
      const [reviewer] = isUuid(accountId)
        ? await em.execute<Row[]>(
            `select a.id, pe.given_name || ' ' || pe.family_name as name from account a
               join person pe on pe.id = a.person_id
              where a.id = ? and not a.is_disabled
                and exists (select 1 from staff_duty d where d.person_id = a.person_id and d.role = 'reviewer')`,
            [accountId],
          )
        : [];
      if (!reviewer) {
        throw new ValidationFailedError([
          { field: 'accountId', problems: ['är inte en handläggare vid Sektor Lärande'] },
        ]);
      }
      await em.execute(
        `update records_request set assignee_account_id = ?, first_action_at = coalesce(first_action_at, ?) where id = ?`,
        [accountId, now, requestId],
      );
      return { kind: 'assigned', details: { to: String(reviewer.name) } };
    });
  }

  /** An internal note: for reviewers only, never shown to the requester. */
  async addNote(
    actor: Actor,
    requestId: string,
    text: string,
    requestIdForAudit: string | null,
  ): Promise<void> {
    this.requireReviewer(actor);
    const note = text.trim();
    if (!note || note.length > 4000) {
      throw new ValidationFailedError([
        { field: 'text', problems: [note ? 'får vara högst 4000 tecken' : 'Skriv en anteckning.'] },
      ]);
    }
    await this.em.fork().transactional(async (em) => {
      await this.findRequest(em, requestId, true);
      await em.execute(
        'insert into records_request_note (id, request_id, author_account_id, text, created_at) values (?, ?, ?, ?, ?)',
        [randomUUID(), requestId, actor.accountId, note, new Date()],
      );
      await this.audit.record(em, {
        action: 'records_request.note.added',
        actor: auditActor(actor),
        targetType: 'records_request',
        targetId: requestId,
        requestId: requestIdForAudit,
      });
    });
  }

  /** Asks the requester for more: shown on their status page; the waiting is logged. */
  askClarification(
    actor: Actor,
    requestId: string,
    question: string,
    requestIdForAudit: string | null,
  ): Promise<void> {
    const text = question.trim();
    if (!text || text.length > 2000) {
      throw new ValidationFailedError([
        {
          field: 'question',
          problems: [
            text ? 'får vara högst 2000 tecken' : 'Skriv frågan till den som begärt handlingarna.',
          ],
        },
      ]);
    }
    return this.change(
      actor,
      requestId,
      'ask_clarification',
      requestIdForAudit,
      async (em, now) => {
        await em.execute(
          `update records_request set clarification_question = ?, clarification_asked_on = ?,
           assignee_account_id = coalesce(assignee_account_id, ?), first_action_at = coalesce(first_action_at, ?)
          where id = ?`,
          [text, stockholmToday(now), actor.accountId, now, requestId],
        );
        return { kind: 'clarification_asked', details: {} };
      },
    );
  }

  /** The requester answered: the decision date moves by the working days waited. */
  async clarificationReceived(
    actor: Actor,
    requestId: string,
    summary: string,
    requestIdForAudit: string | null,
  ): Promise<void> {
    await this.change(
      actor,
      requestId,
      'clarification_received',
      requestIdForAudit,
      async (em, now, row) => {
        const answeredOn = stockholmToday(now);
        const moved = extendForWaiting(
          String(row.decision_due),
          String(row.clarification_asked_on),
          answeredOn,
        );
        await em.execute(
          `update records_request set decision_due = ?, waited_working_days = waited_working_days + ?,
           clarification_question = null, clarification_asked_on = null where id = ?`,
          [moved.decisionDue, moved.waitedWorkingDays, requestId],
        );
        const note = summary.trim().slice(0, 4000);
        if (note) {
          await em.execute(
            'insert into records_request_note (id, request_id, author_account_id, text, created_at) values (?, ?, ?, ?, ?)',
            [randomUUID(), requestId, actor.accountId, `Svar på frågan: ${note}`, now],
          );
        }
        return {
          kind: 'clarification_received',
          details: { waitedWorkingDays: moved.waitedWorkingDays, decisionDue: moved.decisionDue },
        };
      },
    );
    await this.deadlines.schedule(requestId);
  }

  /**
   * A large request needs longer: a later decision date and a notice to the
   * requester (on the status page, and by e-mail when they gave an address),
   * kept in the history. The reminder and escalation follow the new date.
   */
  async extend(
    actor: Actor,
    requestId: string,
    input: { decisionDue: string; notice: string },
    requestIdForAudit: string | null,
  ): Promise<void> {
    const emails: string[] = [];
    await this.change(actor, requestId, 'extend', requestIdForAudit, async (em, now, row) => {
      const notice = input.notice.trim();
      const problems: FieldProblem[] = [];
      const current = String(row.decision_due);
      if (!isIsoDate(input.decisionDue) || input.decisionDue <= current) {
        problems.push({
          field: 'decisionDue',
          problems: [`ska vara ett datum (ÅÅÅÅ-MM-DD) efter ${current}`],
        });
      } else if (!isWorkingDay(input.decisionDue)) {
        problems.push({ field: 'decisionDue', problems: ['ska vara en arbetsdag'] });
      } else if (input.decisionDue > addDays(stockholmToday(now), 92)) {
        problems.push({ field: 'decisionDue', problems: ['får ligga högst tre månader fram'] });
      }
      if (!notice || notice.length > 1000) {
        problems.push({
          field: 'notice',
          problems: [
            'Skriv varför det tar längre tid (högst 1000 tecken); det visas för den som begärt handlingarna.',
          ],
        });
      }
      if (problems.length > 0) {
        throw new ValidationFailedError(problems);
      }
      await em.execute(
        'update records_request set decision_due = ?, extension_notice = ? where id = ?',
        [input.decisionDue, notice, requestId],
      );
      if (typeof row.contact_email === 'string' && row.contact_email) {
        emails.push(
          await this.email.write(em, {
            to: row.contact_email,
            kind: 'extension',
            requestId,
            context: {
              registrationNumber: String(row.registration_number),
              decisionDue: input.decisionDue,
              notice,
            },
          }),
        );
      }
      return {
        kind: 'extended',
        details: { from: current, decisionDue: input.decisionDue, notice, emailed: emails.length },
      };
    });
    await this.email.dispatch(emails);
    await this.deadlines.schedule(requestId);
  }

  /** A time and place for reading the records on site, told to the requester. */
  async bookViewing(
    actor: Actor,
    requestId: string,
    input: { date: string; time: string; place: string | null },
    requestIdForAudit: string | null,
  ): Promise<void> {
    const emails: string[] = [];
    await this.change(actor, requestId, 'book_viewing', requestIdForAudit, async (em, now, row) => {
      if (row.delivery !== 'on_site') {
        throw new DomainError(
          ErrorCode.InvalidState,
          'Den som begärt handlingarna har inte valt att läsa dem på plats.',
        );
      }
      const problems: FieldProblem[] = [];
      const today = stockholmToday(now);
      if (!isIsoDate(input.date) || input.date < today || input.date > addDays(today, 92)) {
        problems.push({
          field: 'date',
          problems: ['ska vara ett datum (ÅÅÅÅ-MM-DD) från i dag och högst tre månader fram'],
        });
      } else if (!isWorkingDay(input.date)) {
        problems.push({ field: 'date', problems: ['ska vara en arbetsdag'] });
      }
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.time)) {
        problems.push({ field: 'time', problems: ['ska vara en tid (TT:MM)'] });
      }
      const place = input.place?.trim() || this.config.requests.viewingPlace;
      if (place.length > 300) {
        problems.push({ field: 'place', problems: ['får vara högst 300 tecken'] });
      }
      if (problems.length > 0) {
        throw new ValidationFailedError(problems);
      }
      const at = stockholmInstant(input.date, input.time);
      if (at.getTime() <= now.getTime()) {
        throw new ValidationFailedError([{ field: 'time', problems: ['har redan passerat'] }]);
      }
      await em.execute(
        'update records_request set viewing_at = ?, viewing_place = ? where id = ?',
        [at, place, requestId],
      );
      if (typeof row.contact_email === 'string' && row.contact_email) {
        emails.push(
          await this.email.write(em, {
            to: row.contact_email,
            kind: 'viewing',
            requestId,
            context: {
              registrationNumber: String(row.registration_number),
              viewingDate: input.date,
              viewingTime: input.time,
              viewingPlace: place,
            },
          }),
        );
      }
      return {
        kind: 'viewing_booked',
        details: { date: input.date, time: input.time, place, emailed: emails.length },
      };
    });
    await this.email.dispatch(emails);
  }

  /** Adds a record the matching did not find, by its registration number. */
  addRecord(
    actor: Actor,
    requestId: string,
    registrationNumber: string,
    requestIdForAudit: string | null,
  ): Promise<void> {
    return this.change(actor, requestId, 'decide_item', requestIdForAudit, async (em, now) => {
      const [record] = await em.execute<Row[]>(
        'select id from public_record where registration_number = ?',
        [registrationNumber.trim().toUpperCase()],
      );
      if (!record) {
        throw new ValidationFailedError([
          {
            field: 'registrationNumber',
            problems: ['Det finns ingen handling med det diarienumret.'],
          },
        ]);
      }
      const inserted = await em.execute<Row[]>(
        `insert into records_request_item (id, request_id, record_id, kind, source, created_at)
         values (?, ?, ?, 'record', 'added', ?) on conflict do nothing returning id`,
        [randomUUID(), requestId, record.id, now],
      );
      if (inserted.length === 0) {
        throw new DomainError(ErrorCode.Conflict, 'Handlingen finns redan med i begäran.');
      }
      return {
        kind: 'record_added',
        details: { registrationNumber: registrationNumber.trim().toUpperCase() },
      };
    });
  }

  /** One record of the request, for review: its fields with suggested redactions. */
  async reviewItem(
    actor: Actor,
    requestId: string,
    itemId: string,
    requestIdForAudit: string | null,
  ): Promise<{
    item: RequestItemView;
    document: ReviewDocument | null;
    redactions: readonly Redaction[];
  }> {
    this.requireReviewer(actor);
    const em = this.em.fork();
    await this.findRequest(em, requestId);
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

  /** The copy as it would go out with these redactions, leak-checked. */
  async previewItem(
    actor: Actor,
    requestId: string,
    itemId: string,
    redactions: readonly Redaction[],
    requestIdForAudit: string | null,
  ): Promise<{ bytes: Uint8Array; registrationNumber: string }> {
    this.requireReviewer(actor);
    const item = await this.findItem(this.em.fork(), requestId, itemId);
    if (item.record_id === null) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Det finns ingen allmän handling att förhandsgranska: planen är ett utkast.',
      );
    }
    const copy = await this.redaction.produceCopy(
      actor,
      { recordId: nullableText(item.record_id) ?? '', redactions, release: null },
      requestIdForAudit,
    );
    return { bytes: copy.bytes, registrationNumber: copy.registrationNumber };
  }

  /**
   * Decides one record. Two reviewers deciding at once: the one whose
   * version is still current wins; the other is told who decided and when.
   */
  async decideItem(
    actor: Actor,
    requestId: string,
    itemId: string,
    input: ItemDecisionInput,
    requestIdForAudit: string | null,
  ): Promise<void> {
    this.requireReviewer(actor);
    const item = await this.findItem(this.em.fork(), requestId, itemId);
    const checked = this.checkDecision(item, input);
    if (checked.decision === 'release_with_redactions' && item.record_id !== null) {
      // The copy must pass the leak check before the decision stands.
      await this.redaction.produceCopy(
        actor,
        {
          recordId: nullableText(item.record_id) ?? '',
          redactions: checked.redactions,
          release: null,
        },
        requestIdForAudit,
      );
    }
    await this.change(actor, requestId, 'decide_item', requestIdForAudit, async (em, now) => {
      const updated = await em.execute<Row[]>(
        `update records_request_item
            set decision = ?, redactions = ?::jsonb, refusal_ground = ?, reasons = ?,
                decided_by_account_id = ?, decided_at = ?, version = version + 1
          where id = ? and request_id = ? and version = ?
          returning id`,
        [
          checked.decision,
          JSON.stringify(checked.redactions),
          checked.refusalGround,
          checked.reasons,
          actor.accountId,
          now,
          itemId,
          requestId,
          input.version,
        ],
      );
      if (updated.length === 0) {
        throw await this.decidedMeanwhile(em, itemId);
      }
      await em.execute(
        'update records_request set assignee_account_id = coalesce(assignee_account_id, ?), first_action_at = coalesce(first_action_at, ?) where id = ?',
        [actor.accountId, now, requestId],
      );
      return {
        kind: 'item_decided',
        details: {
          item: itemId,
          registrationNumber: nullableText(item.registration_number),
          decision: checked.decision,
          redactions: checked.redactions.length,
        },
      };
    });
  }

  /** Releases several records without redactions at once: all or none. */
  async releaseInBatch(
    actor: Actor,
    requestId: string,
    items: readonly { id: string; version: number }[],
    requestIdForAudit: string | null,
  ): Promise<number> {
    this.requireReviewer(actor);
    if (items.length === 0) {
      throw new ValidationFailedError([{ field: 'items', problems: ['Välj minst en handling.'] }]);
    }
    await this.change(actor, requestId, 'decide_item', requestIdForAudit, async (em, now) => {
      for (const { id, version } of items) {
        const item = await this.findItem(em, requestId, id);
        if (item.kind !== 'record') {
          throw new ValidationFailedError([
            {
              field: 'items',
              problems: ['Ett utkast kan inte lämnas ut; det är ingen allmän handling ännu.'],
            },
          ]);
        }
        const updated = await em.execute<Row[]>(
          `update records_request_item set decision = 'release', redactions = '[]'::jsonb, refusal_ground = null,
             reasons = null, decided_by_account_id = ?, decided_at = ?, version = version + 1
            where id = ? and request_id = ? and version = ? returning id`,
          [actor.accountId, now, id, requestId, version],
        );
        if (updated.length === 0) {
          throw await this.decidedMeanwhile(em, id);
        }
      }
      return { kind: 'items_released', details: { items: items.length } };
    });
    return items.length;
  }

  /** Closes the review: every record decided, the request is decided. */
  /**
   * Closes the review: every record decided, the released ones drawn and
   * leak-checked, the decision or cover letter registered, the request decided.
   */
  async completeDecision(
    actor: Actor,
    requestId: string,
    requestIdForAudit: string | null,
  ): Promise<void> {
    this.requireReviewer(actor);
    // The count below runs before the request's own lookup: a malformed id is "not found" here too.
    if (!isUuid(requestId)) {
      throw new NotFoundError(REQUEST_NOT_FOUND);
    }
    await this.assertAllDecided(this.em.fork(), requestId);
    // Drawn and checked before the transaction: a blocked copy stops the decision here.
    const copies = await this.delivery.prepareCopies(actor, requestId, requestIdForAudit);
    const emails: string[] = [];
    await this.change(
      actor,
      requestId,
      'complete_decision',
      requestIdForAudit,
      async (em, now, row) => {
        const total = await this.assertAllDecided(em, requestId);
        const stored = await this.delivery.storeDecisionDocuments(
          em,
          actor,
          requestId,
          copies,
          now,
        );
        if (typeof row.contact_email === 'string' && row.contact_email) {
          emails.push(
            await this.email.write(em, {
              to: row.contact_email,
              kind: 'decision',
              requestId,
              context: {
                registrationNumber: String(row.registration_number),
                letterRegistrationNumber: stored.letterRegistrationNumber,
                appealable: stored.appealable,
              },
            }),
          );
        }
        await em.execute('update records_request set decided_at = ? where id = ?', [
          now,
          requestId,
        ]);
        return {
          kind: 'decided',
          details: {
            items: total,
            letter: stored.letterRegistrationNumber,
            copies: copies.length,
            pages: stored.pages,
            feeKr: stored.feeKr,
          },
        };
      },
    );
    await this.email.dispatch(emails);
  }

  /**
   * Marks the copies delivered: made available for download (with a link
   * e-mailed when the requester gave an address), posted, or shown on site.
   */
  async deliver(
    actor: Actor,
    requestId: string,
    input: { paymentReceived: boolean },
    requestIdForAudit: string | null,
  ): Promise<void> {
    const emails: string[] = [];
    await this.change(actor, requestId, 'deliver', requestIdForAudit, async (em, now, row) => {
      const payment = settlePayment(row, input.paymentReceived);
      await em.execute('update records_request set delivered_at = ?, payment = ? where id = ?', [
        now,
        payment,
        requestId,
      ]);
      if (
        row.delivery === 'electronic' &&
        typeof row.contact_email === 'string' &&
        row.contact_email
      ) {
        const registrationNumber = String(row.registration_number);
        const link = await this.delivery.createLink(
          em,
          requestId,
          registrationNumber,
          requestIdForAudit,
        );
        emails.push(
          await this.email.write(em, {
            to: row.contact_email,
            kind: 'delivery',
            requestId,
            context: {
              registrationNumber,
              downloadUrl: `${this.config.http.publicBaseUrl.replace(/\/$/, '')}/begaran/hamta/${link.token}`,
              expiresOn: stockholmToday(link.expiresAt),
            },
          }),
        );
      }
      return {
        kind: 'delivered',
        details: { delivery: String(row.delivery), payment, emailed: emails.length },
      };
    });
    await this.email.dispatch(emails);
  }

  /**
   * An appeal against the decision, with the day it came in: in time if
   * within three weeks of the day the requester got the decision.
   */
  registerAppeal(
    actor: Actor,
    requestId: string,
    input: { receivedOn: string; note: string | null },
    requestIdForAudit: string | null,
  ): Promise<void> {
    return this.change(actor, requestId, 'appeal', requestIdForAudit, async (em, now, row) => {
      const today = stockholmToday(now);
      if (!isIsoDate(input.receivedOn) || input.receivedOn > today) {
        throw new ValidationFailedError([
          { field: 'receivedOn', problems: ['ska vara ett datum (ÅÅÅÅ-MM-DD), inte i framtiden'] },
        ]);
      }
      const notifiedOn = stockholmToday(new Date(toIso(row.delivered_at ?? row.decided_at ?? now)));
      const deadline = appealDeadline(notifiedOn);
      const inTime = input.receivedOn <= deadline;
      await em.execute(
        `insert into records_request_appeal (id, request_id, received_on, deadline, in_time, note, created_at, created_by_account_id)
         values (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          randomUUID(),
          requestId,
          input.receivedOn,
          deadline,
          inTime,
          input.note?.trim().slice(0, 4000) || null,
          now,
          actor.accountId,
        ],
      );
      return {
        kind: 'appeal_received',
        details: { receivedOn: input.receivedOn, deadline, inTime: inTime ? 1 : 0 },
      };
    });
  }

  /** An appeal in time goes to the court with the file; a late one is dismissed here (FL 45 §). */
  forwardAppeal(
    actor: Actor,
    requestId: string,
    appealId: string,
    input: { forwardedOn: string; court: string | null },
    requestIdForAudit: string | null,
  ): Promise<void> {
    return this.change(actor, requestId, 'appeal', requestIdForAudit, async (em) => {
      const appeal = await this.findAppeal(em, requestId, appealId);
      // The page's form reaches here unchecked: a date PostgreSQL cannot read failed as a 500.
      if (!isIsoDate(input.forwardedOn)) {
        throw new ValidationFailedError([
          { field: 'forwardedOn', problems: ['ska vara ett datum (ÅÅÅÅ-MM-DD)'] },
        ]);
      }
      if (appeal.in_time !== true) {
        throw new DomainError(
          ErrorCode.InvalidState,
          'Överklagandet kom in för sent. Det ska avvisas av Sektor Lärande, inte lämnas över till domstolen (förvaltningslagen 45 §).',
        );
      }
      if (appeal.forwarded_on) {
        throw new DomainError(
          ErrorCode.Conflict,
          'Överklagandet är redan överlämnat till domstolen.',
        );
      }
      await em.execute(
        'update records_request_appeal set forwarded_on = ?, court = ?, version = version + 1 where id = ?',
        [input.forwardedOn, input.court?.trim() || null, appealId],
      );
      return { kind: 'appeal_forwarded', details: { forwardedOn: input.forwardedOn } };
    });
  }

  /** The court's answer to a forwarded appeal, or the dismissal of a late one. */
  recordAppealOutcome(
    actor: Actor,
    requestId: string,
    appealId: string,
    input: { outcome: CourtOutcome; decidedOn: string; reference: string | null },
    requestIdForAudit: string | null,
  ): Promise<void> {
    return this.change(actor, requestId, 'appeal', requestIdForAudit, async (em) => {
      const appeal = await this.findAppeal(em, requestId, appealId);
      if (appeal.in_time === true && !appeal.forwarded_on) {
        throw new DomainError(
          ErrorCode.InvalidState,
          'Lämna först över överklagandet till domstolen.',
        );
      }
      if (!isIsoDate(input.decidedOn)) {
        throw new ValidationFailedError([
          { field: 'decidedOn', problems: ['ska vara ett datum (ÅÅÅÅ-MM-DD)'] },
        ]);
      }
      if (appeal.in_time !== true && input.outcome !== 'dismissed') {
        throw new ValidationFailedError([
          { field: 'outcome', problems: ['Ett överklagande som kommit in för sent avvisas.'] },
        ]);
      }
      await em.execute(
        `update records_request_appeal set court_outcome = ?, court_decided_on = ?, court_reference = ?, version = version + 1 where id = ?`,
        [input.outcome, input.decidedOn, input.reference?.trim() || null, appealId],
      );
      return {
        kind: 'appeal_decided',
        details: { outcome: input.outcome, decidedOn: input.decidedOn },
      };
    });
  }

  private async findAppeal(em: EntityManager, requestId: string, appealId: string): Promise<Row> {
    if (!isUuid(appealId)) {
      throw new NotFoundError('Överklagandet finns inte.');
    }
    const [row] = await em.execute<Row[]>(
      'select * from records_request_appeal where id = ? and request_id = ? for update',
      [appealId, requestId],
    );
    if (!row) {
      throw new NotFoundError('Överklagandet finns inte.');
    }
    return row;
  }

  private async assertAllDecided(em: EntityManager, requestId: string): Promise<number> {
    const [counts] = await em.execute<Row[]>(
      `select count(*)::int as total, count(decision)::int as decided from records_request_item where request_id = ?`,
      [requestId],
    );
    const total = Number(counts?.total);
    if (total === 0 || Number(counts?.decided) < total) {
      throw new DomainError(
        ErrorCode.InvalidState,
        total === 0
          ? 'Begäran har inga handlingar att besluta om. Lägg till handlingar, eller anteckna varför inga finns.'
          : `${total - Number(counts?.decided)} handlingar återstår att besluta om.`,
      );
    }
    return total;
  }

  private checkDecision(
    item: Row,
    input: ItemDecisionInput,
  ): {
    decision: Decision;
    redactions: readonly Redaction[];
    refusalGround: string | null;
    reasons: string | null;
  } {
    const reasons = input.reasons?.trim().slice(0, 4000) || null;
    if (item.kind === 'draft') {
      if (input.decision !== 'no_public_record') {
        throw new ValidationFailedError([
          {
            field: 'decision',
            problems: [
              'Ett utkast är ingen allmän handling ännu; svaret är att ingen allmän handling finns.',
            ],
          },
        ]);
      }
      return {
        decision: 'no_public_record',
        redactions: [],
        refusalGround: null,
        reasons: reasons ?? NO_PUBLIC_RECORD_REASON,
      };
    }
    switch (input.decision) {
      case 'release':
        return { decision: 'release', redactions: [], refusalGround: null, reasons };
      case 'release_with_redactions':
        if (input.redactions.length === 0) {
          throw new ValidationFailedError([
            {
              field: 'redactions',
              problems: ['Markera minst en maskering, eller välj att lämna ut utan maskering.'],
            },
          ]);
        }
        if (!reasons) {
          throw new ValidationFailedError([
            { field: 'reasons', problems: ['Skriv skälen för maskeringarna.'] },
          ]);
        }
        return {
          decision: 'release_with_redactions',
          redactions: input.redactions,
          refusalGround: null,
          reasons,
        };
      case 'refuse':
        if (!input.refusalGround || !this.grounds.includes(input.refusalGround)) {
          throw new ValidationFailedError([
            { field: 'refusalGround', problems: ['Välj den bestämmelse avslaget grundas på.'] },
          ]);
        }
        if (!reasons) {
          throw new ValidationFailedError([
            { field: 'reasons', problems: ['Skriv skälen för avslaget.'] },
          ]);
        }
        return { decision: 'refuse', redactions: [], refusalGround: input.refusalGround, reasons };
      case 'no_public_record':
        throw new ValidationFailedError([
          { field: 'decision', problems: ['Handlingen är fastställd och är en allmän handling.'] },
        ]);
    }
  }

  private async decidedMeanwhile(em: EntityManager, itemId: string): Promise<DomainError> {
    const [row] = await em.execute<Row[]>(
      `select i.decision, i.decided_at, pe.given_name || ' ' || pe.family_name as name
         from records_request_item i left join account a on a.id = i.decided_by_account_id
         left join person pe on pe.id = a.person_id where i.id = ?`,
      [itemId],
    );
    const when = row?.decided_at
      ? new Date(toIso(row.decided_at)).toLocaleString('sv-SE', {
          timeZone: 'Europe/Stockholm',
          dateStyle: 'short',
          timeStyle: 'short',
        })
      : null;
    return new DomainError(
      ErrorCode.Conflict,
      row?.decision
        ? `Handlingen har redan beslutats av ${nullableText(row.name) ?? 'en annan handläggare'}${when ? ` (${when})` : ''}: ${decisionLabel(row.decision as Decision)}. Ladda om sidan för att se beslutet.`
        : 'Handlingen har ändrats av någon annan. Ladda om sidan och försök igen.',
    );
  }

  /**
   * One state change of a request, in one transaction: the row locked, the
   * transition checked against the state machine, the change, an event in
   * the request's history and an audit entry.
   */
  private async change(
    actor: Actor,
    requestId: string,
    action: RequestAction,
    requestIdForAudit: string | null,
    apply: (
      em: EntityManager,
      now: Date,
      row: Row,
    ) => Promise<{ kind: string; details: Record<string, string | number | null> }>,
  ): Promise<void> {
    this.requireReviewer(actor);
    await this.em.fork().transactional(async (em) => {
      const row = await this.findRequest(em, requestId, true);
      const status = row.status as RequestStatus;
      const next = nextStatus(status, action);
      if (next === null) {
        throw new DomainError(
          ErrorCode.InvalidState,
          `Det går inte i det här läget: begäran är ${publicStatus(status).label.toLowerCase()}.`,
        );
      }
      const now = new Date();
      const event = await apply(em, now, row);
      await em.execute(
        'update records_request set status = ?, version = version + 1, updated_at = ? where id = ?',
        [next, now, requestId],
      );
      await em.execute(
        `insert into records_request_event (request_id, occurred_at, kind, actor_account_id, details) values (?, ?, ?, ?, ?::jsonb)`,
        [
          requestId,
          now,
          event.kind,
          actor.accountId,
          JSON.stringify({ ...event.details, from: status, to: next }),
        ],
      );
      await this.audit.record(em, {
        action: `records_request.${event.kind}`,
        actor: auditActor(actor),
        targetType: 'records_request',
        targetId: requestId,
        details: {
          registrationNumber: String(row.registration_number),
          ...event.details,
          status: next,
        },
        requestId: requestIdForAudit,
      });
    });
  }

  private requireReviewer(actor: Actor): void {
    if (!canPerform(actor, 'records.review')) {
      throw new NotFoundError(REQUEST_NOT_FOUND);
    }
  }

  private async findRequest(em: EntityManager, requestId: string, lock = false): Promise<Row> {
    if (!isUuid(requestId)) {
      throw new NotFoundError(REQUEST_NOT_FOUND);
    }
    const [row] = await em.execute<Row[]>(
      `select r.*, r.received_on::text as received_on, r.first_action_due::text as first_action_due,
              r.decision_due::text as decision_due, r.clarification_asked_on::text as clarification_asked_on,
              pe.given_name || ' ' || pe.family_name as assignee_name
         from records_request r left join account a on a.id = r.assignee_account_id
         left join person pe on pe.id = a.person_id
        where r.id = ? ${lock ? 'for update of r' : ''}`,
      [requestId],
    );
    if (!row) {
      throw new NotFoundError(REQUEST_NOT_FOUND);
    }
    return row;
  }

  private async findItem(em: EntityManager, requestId: string, itemId: string): Promise<Row> {
    if (!isUuid(requestId) || !isUuid(itemId)) {
      throw new NotFoundError(ITEM_NOT_FOUND);
    }
    const [row] = await em.execute<Row[]>(
      `select i.*, r.registration_number from records_request_item i
         left join public_record r on r.id = i.record_id where i.id = ? and i.request_id = ?`,
      [itemId, requestId],
    );
    if (!row) {
      throw new NotFoundError(ITEM_NOT_FOUND);
    }
    return row;
  }

  private async items(em: EntityManager, requestId: string): Promise<RequestItemView[]> {
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
    return rows.map((row): RequestItemView => {
      const signals: string[] = [];
      if (row.confidentiality_marking) {
        signals.push(`Sekretessmarkering: ${nullableText(row.confidentiality_marking) ?? ''}`);
      }
      if (row.security_marking && row.security_marking !== 'Ingen') {
        signals.push(`Eleven har ${(nullableText(row.security_marking) ?? '').toLowerCase()}`);
      }
      const decision = (row.decision as Decision | null) ?? null;
      return {
        id: String(row.id),
        kind: row.kind as 'record' | 'draft',
        source: row.source as 'matched' | 'added',
        recordId: nullableText(row.record_id),
        registrationNumber: nullableText(row.registration_number),
        title:
          row.kind === 'draft'
            ? `Utkast till IUP ${nullableText(row.period) ?? ''} (inte fastställt)`
            : (nullableText(row.title) ?? 'Handlingen är gallrad'),
        pupilId: nullableText(row.pupil_id),
        pupilName: nullableText(row.pupil_name),
        schoolUnitName: nullableText(row.school_unit_name),
        period: nullableText(row.period),
        signals,
        decision,
        decisionLabel: decision ? decisionLabel(decision) : null,
        refusalGround: nullableText(row.refusal_ground),
        reasons: nullableText(row.reasons),
        redactionCount: Number(row.redaction_count ?? 0),
        decidedBy: nullableText(row.decided_by),
        decidedAt: row.decided_at ? toIso(row.decided_at) : null,
        version: Number(row.version),
      };
    });
  }
}

/**
 * How the fee is settled as the copies go out: free, by invoice (only with
 * the requester's consent, which ends anonymity), or paid in advance, which
 * the reviewer confirms. On-site viewing needs its booking first.
 */
function settlePayment(row: Row, paymentReceived: boolean): Payment {
  if (row.delivery === 'on_site' && !row.viewing_at) {
    throw new DomainError(ErrorCode.InvalidState, 'Boka först en tid för läsning på plats.');
  }
  const fee = Number(row.fee_kr ?? 0);
  const payment = paymentFor(row.delivery as DeliveryMethod, fee, Boolean(row.invoice_consent_at));
  if (payment === 'prepaid' && !paymentReceived) {
    throw new DomainError(
      ErrorCode.InvalidState,
      `Avgiften (${fee} kr) ska vara betald innan kopiorna skickas: den som begärt dem har inte godkänt faktura. Bekräfta att betalningen har kommit in.`,
    );
  }
  return payment;
}

function noticeText(kind: string, decisionDue: string): string {
  switch (kind) {
    case 'reminder':
      return `Påminnelse: beslut senast ${decisionDue}`;
    case 'escalation':
      return `Försenad: beslut skulle ha fattats senast ${decisionDue}`;
    default:
      return 'Ny begäran';
  }
}

function paymentLabel(payment: string | null): string | null {
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

function nullableText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function toIso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

/** The request's history in Swedish, from the event kinds and their details. */
function describeEvent(kind: string, details: Record<string, unknown>): string {
  switch (kind) {
    case 'received':
      return `Begäran kom in (${channelLabel(details.channel as Channel)}).`;
    case 'first_steps':
      return `Tidsfrister satta (beslut senast ${String(details.decisionDue)}); ${Number(details.records ?? 0)} handlingar och ${Number(details.drafts ?? 0)} utkast hittades; ${Number(details.reviewersNotified ?? 0)} handläggare aviserades.`;
    case 'claimed':
      return 'Handläggaren tog begäran.';
    case 'assigned':
      return `Begäran tilldelades ${String(details.to)}.`;
    case 'clarification_asked':
      return 'En fråga ställdes till den som begärt handlingarna.';
    case 'clarification_received':
      return `Svar kom efter ${Number(details.waitedWorkingDays ?? 0)} arbetsdagar; beslut senast ${String(details.decisionDue)}.`;
    case 'record_added':
      return `Handlingen ${String(details.registrationNumber)} lades till.`;
    case 'item_decided':
      return `Beslut om ${nullableText(details.registrationNumber) ?? 'utkast'}: ${decisionLabel(details.decision as Decision)}.`;
    case 'items_released':
      return `${Number(details.items)} handlingar beslutades att lämnas ut.`;
    case 'decided':
      return `Begäran är beslutad${details.letter ? `; ${nullableText(details.letter) ?? ''} registrerat` : ''}${details.copies !== undefined ? `, ${Number(details.copies)} kopior` : ''}.`;
    case 'delivered':
      return `Handlingarna är utlämnade${details.payment === 'invoice' ? ' med faktura' : details.payment === 'prepaid' ? ' efter förskottsbetalning' : ''}.`;
    case 'extended':
      return `Den som begärt handlingarna fick besked om att begäran behöver längre tid: beslut senast ${nullableText(details.decisionDue) ?? ''} (i stället för ${nullableText(details.from) ?? ''}).`;
    case 'viewing_booked':
      return `Tid för läsning på plats: ${nullableText(details.date) ?? ''} kl. ${nullableText(details.time) ?? ''}, ${nullableText(details.place) ?? ''}.`;
    case 'reminder_sent':
      return `Påminnelse: beslut ska fattas senast i dag (${nullableText(details.decisionDue) ?? ''}); ${Number(details.notified ?? 0)} aviserades.`;
    case 'escalated':
      return `Försenad: ingen beslut senast ${nullableText(details.decisionDue) ?? ''}; teamledaren aviserades (${Number(details.notified ?? 0)}).`;
    case 'appeal_received':
      return `Ett överklagande kom in ${nullableText(details.receivedOn) ?? ''} (${Number(details.inTime) === 1 ? 'i rätt tid' : 'för sent'}; sista dag ${nullableText(details.deadline) ?? ''}).`;
    case 'appeal_forwarded':
      return `Överklagandet lämnades över till domstolen ${nullableText(details.forwardedOn) ?? ''}.`;
    case 'appeal_decided':
      return `Utfall: ${courtOutcomeLabel(details.outcome as CourtOutcome)} (${nullableText(details.decidedOn) ?? ''}).`;
    default:
      return kind;
  }
}

export type { Decision };

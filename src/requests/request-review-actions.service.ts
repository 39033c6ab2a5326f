import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { auditActor } from '../auth/actor';
import {
  DomainError,
  ErrorCode,
  FieldProblem,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { isIsoDate, stockholmInstant, stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUuid } from '../common/uuid';
import { EmailService } from '../email/email.service';
import { RequestRecords } from '../records/request-records.queries';
import { ReviewerAccounts } from '../auth/reviewer-accounts.queries';
import { recordClarificationAnswer } from './clarification';
import { RequestChangeService } from './request-change.service';
import { RequestDeadlinesService } from './request-deadlines.service';
import type { RequestsTables } from './requests.entities';
import { lockRequest, requireReviewer } from './review-support';
import { addDays, isWorkingDay } from './working-days';

/**
 * What a reviewer does with a request before deciding it: takes it or hands
 * it on, writes internal notes, asks the requester a question and records
 * the answer, extends the decision date, books an on-site viewing, and adds
 * a record the matching missed. Each change goes through the one change path.
 */
@Injectable()
export class RequestReviewActionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly changes: RequestChangeService,
    private readonly deadlines: RequestDeadlinesService,
    private readonly email: EmailService,
    private readonly accounts: ReviewerAccounts,
    private readonly records: RequestRecords,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The reviewer takes the request (or takes it over). Counts as the first action. */
  claim(actor: Actor, requestId: string): Promise<void> {
    return this.changes.change(actor, requestId, 'claim', async (em, now) => {
      const kysely = em.getKysely<RequestsTables>();
      await kysely
        .updateTable('records_request')
        .set((eb) => ({
          assignee_account_id: actor.accountId,
          first_action_at: eb.fn.coalesce('first_action_at', eb.val(now)),
        }))
        .where('id', '=', requestId)
        .execute();
      await kysely
        .updateTable('staff_notification')
        .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(now)) }))
        .where('request_id', '=', requestId)
        .where('account_id', '=', actor.accountId)
        .execute();
      return { kind: 'claimed', details: {} };
    });
  }

  /** Hands the request to another reviewer. */
  assign(actor: Actor, requestId: string, accountId: string): Promise<void> {
    return this.changes.change(actor, requestId, 'claim', async (em, now) => {
      const reviewer = isUuid(accountId) ? await this.accounts.findReviewer(em, accountId) : null;
      if (!reviewer) {
        throw new ValidationFailedError([
          { field: 'accountId', problems: ['är inte en handläggare vid Sektor Lärande'] },
        ]);
      }
      await em
        .getKysely<RequestsTables>()
        .updateTable('records_request')
        .set((eb) => ({
          assignee_account_id: accountId,
          first_action_at: eb.fn.coalesce('first_action_at', eb.val(now)),
        }))
        .where('id', '=', requestId)
        .execute();
      return { kind: 'assigned', details: { to: reviewer.name } };
    });
  }

  /** An internal note: for reviewers only, never shown to the requester. */
  async addNote(actor: Actor, requestId: string, text: string): Promise<void> {
    requireReviewer(actor);
    const note = text.trim();
    if (!note || note.length > 4000) {
      throw new ValidationFailedError([
        { field: 'text', problems: [note ? 'får vara högst 4000 tecken' : 'Skriv en anteckning.'] },
      ]);
    }
    await this.em.fork().transactional(async (em) => {
      await lockRequest(em, requestId);
      await em
        .getKysely<RequestsTables>()
        .insertInto('records_request_note')
        .values({
          id: randomUUID(),
          request_id: requestId,
          author_account_id: actor.accountId,
          text: note,
          created_at: new Date(),
        })
        .execute();
      await this.audit.record(em, {
        action: 'records_request.note.added',
        actor: auditActor(actor),
        targetType: 'records_request',
        targetId: requestId,
      });
    });
  }

  /**
   * Asks the requester for more: shown on their status page, where they can
   * answer; an e-mail tells them when they gave an address (without the
   * question: it may name what the request is about). The waiting is logged.
   */
  async askClarification(actor: Actor, requestId: string, question: string): Promise<void> {
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
    const emails: string[] = [];
    await this.changes.change(actor, requestId, 'ask_clarification', async (em, now, row) => {
      await em
        .getKysely<RequestsTables>()
        .updateTable('records_request')
        .set((eb) => ({
          clarification_question: text,
          clarification_asked_on: stockholmToday(now),
          assignee_account_id: eb.fn.coalesce('assignee_account_id', eb.val(actor.accountId)),
          first_action_at: eb.fn.coalesce('first_action_at', eb.val(now)),
        }))
        .where('id', '=', requestId)
        .execute();
      if (row.contact_email) {
        emails.push(
          await this.email.write(em, {
            to: row.contact_email,
            kind: 'clarification',
            requestId,
            context: { registrationNumber: row.registration_number },
          }),
        );
      }
      return { kind: 'clarification_asked', details: { emailed: emails.length } };
    });
    await this.email.dispatch(emails);
  }

  /** The requester answered (by phone, e-mail or letter; a reviewer records it): the decision date moves by the working days waited. */
  async clarificationReceived(actor: Actor, requestId: string, summary: string): Promise<void> {
    const note = summary.trim().slice(0, 4000);
    await this.changes.change(actor, requestId, 'clarification_received', (em, now, row) =>
      recordClarificationAnswer(em, now, row, {
        note: note ? `Svar på frågan: ${note}` : '',
        authorAccountId: actor.accountId,
        channel: 'reviewer',
      }),
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
  ): Promise<void> {
    const emails: string[] = [];
    await this.changes.change(actor, requestId, 'extend', async (em, now, row) => {
      const notice = input.notice.trim();
      const problems: FieldProblem[] = [];
      const current = row.decision_due;
      if (current === null || !isIsoDate(input.decisionDue) || input.decisionDue <= current) {
        problems.push({
          field: 'decisionDue',
          problems: [`ska vara ett datum (ÅÅÅÅ-MM-DD) efter ${current ?? 'beslutsdagen'}`],
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
      await em
        .getKysely<RequestsTables>()
        .updateTable('records_request')
        .set({ decision_due: input.decisionDue, extension_notice: notice })
        .where('id', '=', requestId)
        .execute();
      if (row.contact_email) {
        emails.push(
          await this.email.write(em, {
            to: row.contact_email,
            kind: 'extension',
            requestId,
            context: {
              registrationNumber: row.registration_number,
              decisionDue: input.decisionDue,
              notice,
            },
          }),
        );
      }
      return {
        kind: 'extended',
        details: {
          from: current,
          decisionDue: input.decisionDue,
          notice,
          emailed: emails.length,
        },
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
  ): Promise<void> {
    const emails: string[] = [];
    await this.changes.change(actor, requestId, 'book_viewing', async (em, now, row) => {
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
      await em
        .getKysely<RequestsTables>()
        .updateTable('records_request')
        .set({ viewing_at: at, viewing_place: place })
        .where('id', '=', requestId)
        .execute();
      if (row.contact_email) {
        emails.push(
          await this.email.write(em, {
            to: row.contact_email,
            kind: 'viewing',
            requestId,
            context: {
              registrationNumber: row.registration_number,
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
  addRecord(actor: Actor, requestId: string, registrationNumber: string): Promise<void> {
    return this.changes.change(actor, requestId, 'decide_item', async (em, now) => {
      const recordId = await this.records.findIdByRegistrationNumber(
        em,
        registrationNumber.trim().toUpperCase(),
      );
      if (recordId === null) {
        throw new ValidationFailedError([
          {
            field: 'registrationNumber',
            problems: ['Det finns ingen handling med det diarienumret.'],
          },
        ]);
      }
      const inserted = await em
        .getKysely<RequestsTables>()
        .insertInto('records_request_item')
        .values({
          id: randomUUID(),
          request_id: requestId,
          record_id: recordId,
          kind: 'record',
          source: 'added',
          created_at: now,
          plan_id: null,
          decision: null,
          refusal_ground: null,
          reasons: null,
          decided_by_account_id: null,
          decided_at: null,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute();
      if (inserted.length === 0) {
        throw new DomainError(ErrorCode.Conflict, 'Handlingen finns redan med i begäran.');
      }
      return {
        kind: 'record_added',
        details: { registrationNumber: registrationNumber.trim().toUpperCase() },
      };
    });
  }
}

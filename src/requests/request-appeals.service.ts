import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import type { Selectable } from 'kysely';
import { Inject, Injectable } from '@nestjs/common';

import type { Actor } from '../auth/actor';
import {
  DomainError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { isIsoDate, stockholmToday } from '../common/stockholm';
import { isUuid } from '../common/uuid';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EmailService } from '../email/email.service';
import { ChangeActor, RequestChangeService } from './request-change.service';
import { writeDecisionEmail } from './decision-email';
import { RequestDeadlinesService } from './request-deadlines.service';
import { RequestDeliveryService } from './request-delivery.service';
import { addWorkingDays } from './working-days';
import {
  appealDeadline,
  appealGoesToCourt,
  CourtOutcome,
  forwardDue,
  LATE_APPEAL_EXCEPTIONS,
  lateAppealExceptionLabel,
  notifiedOfDecisionOn,
  reopenReasonFor,
} from './request-lifecycle';
import { REQUESTER_DOCUMENT_KINDS } from './requests.entities';
import type { RequestsTables } from './requests.entities';
import { reviewerNoticeRows } from './staff-notices';
import { requireReviewer } from './review-support';

/**
 * Appeals against a decision: registered with the day they came in (in
 * time or not), forwarded to the court when in time, and the court's answer
 * or the dismissal of a late one recorded.
 */
@Injectable()
export class RequestAppealsService {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: RequestChangeService,
    private readonly delivery: RequestDeliveryService,
    private readonly email: EmailService,
    private readonly deadlines: RequestDeadlinesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * An appeal against the decision, with the day it came in: in time if
   * within three weeks of the day the requester took part of the decision
   * (`notifiedOfDecisionOn`: by post the margin after sending, electronically
   * the first download).
   */
  async registerAppeal(
    actor: ChangeActor,
    requestId: string,
    input: { receivedOn: string; note: string | null },
  ): Promise<void> {
    const appealId = randomUUID();
    await this.changes.change(actor, requestId, 'appeal', async (em, now, row) => {
      const kysely = em.getKysely<RequestsTables>();
      if (row.closure === 'forwarded') {
        throw new DomainError(
          ErrorCode.InvalidState,
          `Begäran lämnades över till ${row.forwarded_to ?? 'en annan myndighet'}; Sektor Lärande fattade inget beslut som kan överklagas. Överklagandet gäller den myndighetens beslut.`,
        );
      }
      // Online only against a delivered decision that refused or struck something; staff
      // register whatever comes in by letter or e-mail.
      if (actor === 'requester' && (row.status !== 'delivered' || row.appeal_hold_until === null)) {
        throw new DomainError(
          ErrorCode.InvalidState,
          row.status === 'delivered'
            ? 'Allt som begärdes lämnades ut, så beslutet går inte att överklaga.'
            : 'Det finns inget utlämnat beslut att överklaga ännu.',
        );
      }
      const today = stockholmToday(now);
      if (!isIsoDate(input.receivedOn) || input.receivedOn > today) {
        throw new ValidationFailedError([
          {
            field: 'receivedOn',
            problems: ['ska vara ett datum (ÅÅÅÅ-MM-DD), inte i framtiden'],
          },
        ]);
      }
      // pg hands a timestamptz over as text here; new Date reads either.
      const dayOf = (at: Date | string | null) =>
        at === null ? null : stockholmToday(new Date(at));
      // Not yet read (electronic, never downloaded): the appeal itself shows they knew by then.
      const notifiedOn =
        notifiedOfDecisionOn({
          delivery: row.delivery,
          decidedOn: dayOf(row.decided_at) ?? today,
          deliveredOn: dayOf(row.delivered_at),
          decisionSeenOn: dayOf(row.decision_seen_at),
          postMarginWorkingDays: this.config.requests.appealPostMarginWorkingDays,
        }) ?? input.receivedOn;
      const deadline = appealDeadline(notifiedOn);
      const inTime = input.receivedOn <= deadline;
      await kysely
        .insertInto('records_request_appeal')
        .values({
          id: appealId,
          request_id: requestId,
          received_on: input.receivedOn,
          deadline,
          in_time: inTime,
          // A late one waits for the reviewer: dismissed, or let through (FL 45 §) and due then.
          forward_due: inTime
            ? forwardDue(input.receivedOn, this.config.requests.appealForwardWorkingDays)
            : null,
          note: input.note?.trim().slice(0, 4000) || null,
          created_at: now,
          created_by_account_id: actor === 'requester' ? null : actor.accountId,
          forwarded_on: null,
          court: null,
          court_reference: null,
          court_outcome: null,
          court_decided_on: null,
        })
        .execute();
      if (actor === 'requester') {
        // Nobody at Sektor Lärande registered it: the reviewer of the request (or every reviewer) is told.
        await notifyOfAppeal(em, requestId, row.assignee_account_id, today, now);
      }
      return {
        kind: 'appeal_received',
        details: {
          receivedOn: input.receivedOn,
          deadline,
          inTime: inTime ? 1 : 0,
          ...(actor === 'requester' ? { channel: 'status_page' } : {}),
        },
      };
    });
    await this.deadlines.scheduleForwarding(appealId);
  }

  /**
   * A late appeal tried all the same (förvaltningslagen 45 § andra stycket):
   * the reviewer records why — the appeal notice was missing or wrong, or the
   * appeal reached the court in time — and it goes on to the court.
   */
  async allowLateAppeal(
    actor: Actor,
    requestId: string,
    appealId: string,
    input: { exception: string },
  ): Promise<void> {
    await this.changes.change(actor, requestId, 'appeal', async (em, now) => {
      const appeal = await findAppeal(em, requestId, appealId);
      const exception = LATE_APPEAL_EXCEPTIONS.find((each) => each === input.exception);
      if (!exception) {
        throw new ValidationFailedError([
          {
            field: 'exception',
            problems: [
              'Välj varför överklagandet prövas: överklagandehänvisningen saknades eller var felaktig, eller överklagandet kom in till domstolen i tid.',
            ],
          },
        ]);
      }
      if (appeal.in_time) {
        throw new DomainError(
          ErrorCode.InvalidState,
          'Överklagandet kom in i rätt tid och behöver inget undantag.',
        );
      }
      if (appeal.late_exception !== null || appeal.court_outcome !== null) {
        throw new DomainError(ErrorCode.Conflict, 'Överklagandet är redan prövat.');
      }
      await em
        .getKysely<RequestsTables>()
        .updateTable('records_request_appeal')
        .set((eb) => ({
          late_exception: exception,
          // Without delay from today, the day it was let through.
          forward_due: forwardDue(
            stockholmToday(now),
            this.config.requests.appealForwardWorkingDays,
          ),
          version: eb('version', '+', 1),
        }))
        .where('id', '=', appealId)
        .execute();
      return { kind: 'appeal_late_allowed', details: { exception } };
    });
    await this.deadlines.scheduleForwarding(appealId);
  }

  /**
   * Opens a decided request for a new decision because of this appeal:
   * reconsidered before it goes to the court (förvaltningslagen 37–39 §§),
   * or to carry out the court's answer (changed: release what it ordered;
   * returned: review anew). The request is in review again, due the next
   * working day; the letters and copies it had stay, marked superseded, so
   * the requester's link hands out only the new ones; the new decision's
   * appeal window counts from when it is delivered and read.
   */
  async reopenForAppeal(actor: Actor, requestId: string, appealId: string): Promise<void> {
    await this.changes.change(actor, requestId, 'reopen', async (em, now, row) => {
      const appeal = await findAppeal(em, requestId, appealId);
      const reason = reopenReasonFor({
        inTime: appeal.in_time,
        lateException: appeal.late_exception,
        forwardedOn: appeal.forwarded_on,
        outcome: appeal.court_outcome,
      });
      if (reason === null) {
        throw new DomainError(
          ErrorCode.InvalidState,
          'Beslutet kan bara tas upp igen för att ompröva det innan överklagandet lämnas över, eller när domstolen har ändrat beslutet eller återförvisat ärendet.',
        );
      }
      if (row.reopened_for_appeal_id === appealId && row.reopen_reason === reason) {
        throw new DomainError(
          ErrorCode.Conflict,
          'Beslutet är redan taget upp igen för det här överklagandet.',
        );
      }
      const kysely = em.getKysely<RequestsTables>();
      await kysely
        .updateTable('records_request')
        .set({
          reopen_reason: reason,
          reopened_for_appeal_id: appealId,
          decided_at: null,
          decision_seen_at: null,
          decision_due: addWorkingDays(stockholmToday(now), 1),
        })
        .where('id', '=', requestId)
        .execute();
      await kysely
        .updateTable('records_request_document')
        .set({ superseded_at: now })
        .where('request_id', '=', requestId)
        .where('superseded_at', 'is', null)
        // What went to the court stays as it was sent.
        .where('kind', 'in', [...REQUESTER_DOCUMENT_KINDS])
        .execute();
      return { kind: 'reopened', details: { reason, appeal: appealId } };
    });
    await this.deadlines.schedule(requestId);
  }

  /** An appeal in time goes to the court with the file; a late one is dismissed here (FL 45 §). */
  async forwardAppeal(
    actor: Actor,
    requestId: string,
    appealId: string,
    input: { forwardedOn: string; court: string | null },
  ): Promise<void> {
    requireReviewer(actor);
    const court = input.court?.trim() || this.config.requests.appealCourt;
    // The originals are drawn before the transaction (as a decision's copies are), and only
    // for an appeal that can go (checked again, locked, below).
    const before = await findAppeal(this.em.fork(), requestId, appealId, false);
    const originals =
      appealGoesToCourt({ inTime: before.in_time, lateException: before.late_exception }) &&
      !before.forwarded_on
        ? await this.delivery.prepareCourtOriginals(actor, requestId, court)
        : [];
    await this.changes.change(actor, requestId, 'appeal', async (em, now) => {
      const appeal = await findAppeal(em, requestId, appealId);
      // The page's form reaches here unchecked: a date PostgreSQL cannot read failed as a 500.
      if (!isIsoDate(input.forwardedOn)) {
        throw new ValidationFailedError([
          { field: 'forwardedOn', problems: ['ska vara ett datum (ÅÅÅÅ-MM-DD)'] },
        ]);
      }
      if (!appealGoesToCourt({ inTime: appeal.in_time, lateException: appeal.late_exception })) {
        throw new DomainError(
          ErrorCode.InvalidState,
          'Överklagandet kom in för sent. Det ska avvisas av Sektor Lärande, inte lämnas över till domstolen, om inte överklagandehänvisningen saknades eller var felaktig eller överklagandet kom in till domstolen i tid (förvaltningslagen 45 §).',
        );
      }
      if (appeal.forwarded_on) {
        throw new DomainError(
          ErrorCode.Conflict,
          'Överklagandet är redan överlämnat till domstolen.',
        );
      }
      await em
        .getKysely<RequestsTables>()
        .updateTable('records_request_appeal')
        .set((eb) => ({
          forwarded_on: input.forwardedOn,
          court: input.court?.trim() || null,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', appealId)
        .execute();
      await this.delivery.storeAppealFile(
        em,
        actor,
        requestId,
        {
          court,
          receivedOn: appeal.received_on,
          deadline: appeal.deadline,
          inTime: appeal.in_time,
          lateException: appeal.late_exception
            ? lateAppealExceptionLabel(appeal.late_exception)
            : null,
        },
        originals,
        now,
      );
      return {
        kind: 'appeal_forwarded',
        details: { forwardedOn: input.forwardedOn, originals: originals.length },
      };
    });
  }

  /** The court's answer to a forwarded appeal, or the dismissal of a late one. */
  async recordAppealOutcome(
    actor: Actor,
    requestId: string,
    appealId: string,
    input: { outcome: CourtOutcome; decidedOn: string; reference: string | null },
  ): Promise<void> {
    const emails: string[] = [];
    await this.changes.change(actor, requestId, 'appeal', async (em, now, row) => {
      const appeal = await findAppeal(em, requestId, appealId);
      const toCourt = appealGoesToCourt({
        inTime: appeal.in_time,
        lateException: appeal.late_exception,
      });
      if (appeal.court_outcome !== null) {
        throw new DomainError(ErrorCode.Conflict, 'Utfallet är redan registrerat.');
      }
      if (input.outcome === 'lapsed') {
        if (
          appeal.forwarded_on ||
          row.reopen_reason !== 'reconsideration' ||
          row.reopened_for_appeal_id !== appealId
        ) {
          throw new DomainError(
            ErrorCode.InvalidState,
            'Ett överklagande förfaller bara när beslutet har omprövats efter det, innan det lämnats över till domstolen.',
          );
        }
      } else if (toCourt && !appeal.forwarded_on) {
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
      if (!toCourt && input.outcome !== 'dismissed') {
        throw new ValidationFailedError([
          { field: 'outcome', problems: ['Ett överklagande som kommit in för sent avvisas.'] },
        ]);
      }
      await em
        .getKysely<RequestsTables>()
        .updateTable('records_request_appeal')
        .set((eb) => ({
          court_outcome: input.outcome,
          court_decided_on: input.decidedOn,
          court_reference: input.reference?.trim() || null,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', appealId)
        .execute();
      // Dismissed here for lateness: a decision of its own, with a letter and its own appeal notice.
      const letter = toCourt
        ? null
        : await this.delivery.storeDismissalLetter(
            em,
            actor,
            requestId,
            { receivedOn: appeal.received_on, deadline: appeal.deadline },
            now,
          );
      if (letter !== null) {
        emails.push(
          ...(await writeDecisionEmail(
            this.email,
            em,
            row,
            { registrationNumber: letter, appealable: true },
            { appealDismissed: true },
          )),
        );
      }
      return {
        kind: 'appeal_decided',
        details: { outcome: input.outcome, decidedOn: input.decidedOn, letter },
      };
    });
    await this.email.dispatch(emails);
  }
}

/** The appeal of this request, locked for its next step (or only read, `lock` false). */
async function findAppeal(
  em: EntityManager,
  requestId: string,
  appealId: string,
  lock = true,
): Promise<Selectable<RequestsTables['records_request_appeal']>> {
  // Both ids reach the database only when they are uuids (a hostile path answers 404, not 500).
  if (!isUuid(requestId) || !isUuid(appealId)) {
    throw new NotFoundError('Överklagandet finns inte.');
  }
  const row = await em
    .getKysely<RequestsTables>()
    .selectFrom('records_request_appeal')
    .selectAll()
    .where('id', '=', appealId)
    .where('request_id', '=', requestId)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Överklagandet finns inte.');
  }
  return row;
}

/** A new appeal on the staff's notice list: for the request's reviewer, or every reviewer on duty. */
async function notifyOfAppeal(
  em: EntityManager,
  requestId: string,
  assigneeAccountId: string | null,
  today: string,
  now: Date,
): Promise<void> {
  await em
    .getKysely<RequestsTables>()
    .insertInto('staff_notification')
    .columns(['id', 'account_id', 'request_id', 'kind', 'created_at'])
    .expression(
      reviewerNoticeRows(em, { requestId, kind: 'appeal', day: today, now }).$if(
        assigneeAccountId !== null,
        (qb) => qb.where('a.account_id', '=', assigneeAccountId ?? ''),
      ),
    )
    .onConflict((conflict) =>
      conflict.columns(['account_id', 'request_id', 'kind']).doUpdateSet({
        created_at: (eb) => eb.ref('excluded.created_at'),
        read_at: null,
      }),
    )
    .execute();
}

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
import { RequestChangeService } from './request-change.service';
import { appealDeadline, CourtOutcome, notifiedOfDecisionOn } from './request-lifecycle';
import type { RequestsTables } from './requests.entities';

/**
 * Appeals against a decision: registered with the day they came in (in
 * time or not), forwarded to the court when in time, and the court's answer
 * or the dismissal of a late one recorded.
 */
@Injectable()
export class RequestAppealsService {
  constructor(
    private readonly changes: RequestChangeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * An appeal against the decision, with the day it came in: in time if
   * within three weeks of the day the requester took part of the decision
   * (`notifiedOfDecisionOn`: by post the margin after sending, electronically
   * the first download).
   */
  registerAppeal(
    actor: Actor,
    requestId: string,
    input: { receivedOn: string; note: string | null },
  ): Promise<void> {
    return this.changes.change(actor, requestId, 'appeal', async (em, now, row) => {
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
      await em
        .getKysely<RequestsTables>()
        .insertInto('records_request_appeal')
        .values({
          id: randomUUID(),
          request_id: requestId,
          received_on: input.receivedOn,
          deadline,
          in_time: inTime,
          note: input.note?.trim().slice(0, 4000) || null,
          created_at: now,
          created_by_account_id: actor.accountId,
          forwarded_on: null,
          court: null,
          court_reference: null,
          court_outcome: null,
          court_decided_on: null,
        })
        .execute();
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
  ): Promise<void> {
    return this.changes.change(actor, requestId, 'appeal', async (em) => {
      const appeal = await findAppeal(em, requestId, appealId);
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
      return { kind: 'appeal_forwarded', details: { forwardedOn: input.forwardedOn } };
    });
  }

  /** The court's answer to a forwarded appeal, or the dismissal of a late one. */
  recordAppealOutcome(
    actor: Actor,
    requestId: string,
    appealId: string,
    input: { outcome: CourtOutcome; decidedOn: string; reference: string | null },
  ): Promise<void> {
    return this.changes.change(actor, requestId, 'appeal', async (em) => {
      const appeal = await findAppeal(em, requestId, appealId);
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
      return {
        kind: 'appeal_decided',
        details: { outcome: input.outcome, decidedOn: input.decidedOn },
      };
    });
  }
}

/** The appeal of this request, locked for its next step. */
async function findAppeal(
  em: EntityManager,
  requestId: string,
  appealId: string,
): Promise<Selectable<RequestsTables['records_request_appeal']>> {
  if (!isUuid(appealId)) {
    throw new NotFoundError('Överklagandet finns inte.');
  }
  const row = await em
    .getKysely<RequestsTables>()
    .selectFrom('records_request_appeal')
    .selectAll()
    .where('id', '=', appealId)
    .where('request_id', '=', requestId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Överklagandet finns inte.');
  }
  return row;
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import {
  DomainError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import { recordClarificationAnswer } from './clarification';
import { RequestAppealsService } from './request-appeals.service';
import { hashReceiptCode, normaliseReceiptCode } from './receipt-code';
import { ApplyChange, RequestChangeService } from './request-change.service';
import type { RequestAction } from './request-lifecycle';
import { RequestDeadlinesService } from './request-deadlines.service';
import type { RequestsTables } from './requests.entities';

const NO_SUCH_CODE = 'Det finns ingen begäran med den koden. Kontrollera koden på ditt kvitto.';

/**
 * What the requester does on the status page with the receipt code, without
 * an account: answer the reviewer's question, withdraw the request, appeal the decision. Each goes through the one
 * change path (history event, audit entry with no actor).
 */
@Injectable()
export class RequesterActionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: RequestChangeService,
    private readonly deadlines: RequestDeadlinesService,
    private readonly appeals: RequestAppealsService,
  ) {}

  /**
   * The answer to the reviewer's question: the waiting ends and the decision
   * date moves as when a reviewer records an answer; the answer is a note on
   * the request and an event in its history.
   */
  async answerClarification(code: string, answer: string): Promise<void> {
    const text = answer.trim();
    if (!text || text.length > 4000) {
      throw new ValidationFailedError([
        {
          field: 'answer',
          problems: [text ? 'får vara högst 4000 tecken' : 'Skriv ditt svar på frågan.'],
        },
      ]);
    }
    await this.changeByCode(
      code,
      'clarification_received',
      'Begäran väntar inte på något svar från dig. Har du redan svarat syns det på statussidan.',
      (em, now, row) =>
        recordClarificationAnswer(em, now, row, {
          note: `Svar från den som begärt handlingarna (via statussidan): ${text}`,
          authorAccountId: null,
          channel: 'status_page',
        }),
    );
  }

  /**
   * Withdraws the request (until it is decided): it closes as withdrawn, its
   * reminders stop, and it holds no record any more.
   */
  async withdraw(code: string): Promise<void> {
    await this.changeByCode(
      code,
      'withdraw',
      'Begäran kan inte återkallas: den är redan beslutad eller avslutad.',
      async (em, now, row) => {
        await em
          .getKysely<RequestsTables>()
          .updateTable('records_request')
          .set({ closed_at: now, clarification_question: null, clarification_asked_on: null })
          .where('id', '=', row.id)
          .execute();
        return { kind: 'withdrawn', details: {} };
      },
    );
  }

  /**
   * An appeal against the decision from the status page: registered as
   * received today (in time or not, as any appeal), with the requester's
   * reasons as its note; the request's reviewer is told.
   */
  async appeal(code: string, reasons: string): Promise<void> {
    const text = reasons.trim();
    if (!text || text.length > 4000) {
      throw new ValidationFailedError([
        {
          field: 'reasons',
          problems: [
            text
              ? 'får vara högst 4000 tecken'
              : 'Skriv hur du vill att beslutet ska ändras och varför.',
          ],
        },
      ]);
    }
    const requestId = await this.requestIdByCode(code);
    try {
      await this.appeals.registerAppeal('requester', requestId, {
        receivedOn: stockholmToday(new Date()),
        note: `Via statussidan: ${text}`,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.InvalidState) {
        throw new DomainError(
          ErrorCode.InvalidState,
          error.message.startsWith('Det går inte i det här läget')
            ? 'Det finns inget utlämnat beslut att överklaga ännu.'
            : error.message,
        );
      }
      throw error;
    }
  }

  /**
   * The request of the receipt code changed through the one change path as
   * the requester; `notNow` is what they read when its state does not allow
   * it. Its deadline jobs follow the new state.
   */
  private async changeByCode(
    code: string,
    action: RequestAction,
    notNow: string,
    apply: ApplyChange,
  ): Promise<void> {
    const requestId = await this.requestIdByCode(code);
    try {
      await this.changes.change('requester', requestId, action, apply);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.InvalidState) {
        throw new DomainError(ErrorCode.InvalidState, notNow);
      }
      throw error;
    }
    await this.deadlines.schedule(requestId);
  }

  private async requestIdByCode(code: string): Promise<string> {
    const normalised = normaliseReceiptCode(code);
    const row = normalised
      ? await this.em
          .fork()
          .getKysely<RequestsTables>()
          .selectFrom('records_request')
          .select('id')
          .where('receipt_code_hash', '=', hashReceiptCode(normalised))
          .executeTakeFirst()
      : undefined;
    if (!row) {
      throw new NotFoundError(NO_SUCH_CODE);
    }
    return row.id;
  }
}

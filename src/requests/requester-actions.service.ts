import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import {
  DomainError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import { expandLigatures, refusedCharacterProblem } from '../common/text-characters';
import { recordClarificationAnswer } from './clarification';
import { RequestAppealsService } from './request-appeals.service';
import { NO_SUCH_RECEIPT_CODE, type ReceiptKey } from './receipt-code';
import { ApplyChange, RequestChangeService } from './request-change.service';
import type { RequestAction } from './request-lifecycle';
import { RequestDeadlinesService } from './request-deadlines.service';
import type { RequestsTables } from './requests.entities';

/** NUL cannot be stored; a direction control can turn or hide what the reviewer reads. */
function refuseHiddenCharacters(field: string, name: string, text: string): void {
  const problem = refusedCharacterProblem(text);
  if (problem) {
    throw new ValidationFailedError([{ field, label: name, problems: [`${name} ${problem}`] }]);
  }
}

/**
 * What the requester does on the status page with the receipt code (its key:
 * see `ReceiptKey`), without an account: answer the reviewer's question, withdraw the request, appeal the decision. Each goes through the one
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
  async answerClarification(key: ReceiptKey | null, answer: string): Promise<void> {
    refuseHiddenCharacters('answer', 'Svaret', answer);
    const text = expandLigatures(answer).trim();
    if (!text || text.length > 4000) {
      throw new ValidationFailedError([
        {
          field: 'answer',
          problems: [text ? 'får vara högst 4000 tecken' : 'Skriv ditt svar på frågan.'],
        },
      ]);
    }
    await this.changeByCode(
      key,
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
  async withdraw(key: ReceiptKey | null): Promise<void> {
    await this.changeByCode(
      key,
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
  async appeal(key: ReceiptKey | null, reasons: string): Promise<void> {
    refuseHiddenCharacters('reasons', 'Överklagandet', reasons);
    const text = expandLigatures(reasons).trim();
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
    const requestId = await this.requestIdByKey(key);
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
    key: ReceiptKey | null,
    action: RequestAction,
    notNow: string,
    apply: ApplyChange,
  ): Promise<void> {
    const requestId = await this.requestIdByKey(key);
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

  private async requestIdByKey(key: ReceiptKey | null): Promise<string> {
    const row = key
      ? await this.em
          .fork()
          .getKysely<RequestsTables>()
          .selectFrom('records_request')
          .select('id')
          .where('receipt_code_hash', '=', key)
          .executeTakeFirst()
      : undefined;
    if (!row) {
      throw new NotFoundError(NO_SUCH_RECEIPT_CODE);
    }
    return row.id;
  }
}

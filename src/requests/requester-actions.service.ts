import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import {
  DomainError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { recordClarificationAnswer } from './clarification';
import { hashReceiptCode, normaliseReceiptCode } from './receipt-code';
import { RequestChangeService } from './request-change.service';
import { RequestDeadlinesService } from './request-deadlines.service';
import type { RequestsTables } from './requests.entities';

const NO_SUCH_CODE = 'Det finns ingen begäran med den koden. Kontrollera koden på ditt kvitto.';

/**
 * What the requester does on the status page with the receipt code, without
 * an account: answer the reviewer's question. Each goes through the one
 * change path (history event, audit entry with no actor).
 */
@Injectable()
export class RequesterActionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: RequestChangeService,
    private readonly deadlines: RequestDeadlinesService,
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
    const requestId = await this.requestIdByCode(code);
    try {
      await this.changes.change('requester', requestId, 'clarification_received', (em, now, row) =>
        recordClarificationAnswer(em, now, row, {
          note: `Svar från den som begärt handlingarna (via statussidan): ${text}`,
          authorAccountId: null,
          channel: 'status_page',
        }),
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.InvalidState) {
        throw new DomainError(
          ErrorCode.InvalidState,
          'Begäran väntar inte på något svar från dig. Har du redan svarat syns det på statussidan.',
        );
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

import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';

import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import type { ChangeEvent } from './request-change.service';
import { extendForWaiting } from './request-lifecycle';
import type { RequestsTables } from './requests.entities';
import type { RequestRow } from './review-support';

/**
 * The requester's answer to the reviewer's question, however it came: the
 * waiting ends, the decision date moves by the working days waited, the
 * question is cleared and the answer kept as a note on the request.
 */
export async function recordClarificationAnswer(
  em: EntityManager,
  now: Date,
  row: RequestRow,
  answer: {
    /** The note's text (empty: none). */
    readonly note: string;
    readonly authorAccountId: string | null;
    /** `status_page`: the requester answered online; `reviewer`: a reviewer recorded it. */
    readonly channel: 'status_page' | 'reviewer';
  },
): Promise<ChangeEvent> {
  const answeredOn = stockholmToday(now);
  if (row.decision_due === null || row.clarification_asked_on === null) {
    // Not reached through the state machine: a question is asked on a processed request.
    throw new DomainError(ErrorCode.InvalidState, 'Begäran väntar inte på något svar.');
  }
  const moved = extendForWaiting(row.decision_due, row.clarification_asked_on, answeredOn);
  const kysely = em.getKysely<RequestsTables>();
  await kysely
    .updateTable('records_request')
    .set((eb) => ({
      decision_due: moved.decisionDue,
      waited_working_days: eb('waited_working_days', '+', moved.waitedWorkingDays),
      clarification_question: null,
      clarification_asked_on: null,
    }))
    .where('id', '=', row.id)
    .execute();
  if (answer.note) {
    await kysely
      .insertInto('records_request_note')
      .values({
        id: randomUUID(),
        request_id: row.id,
        author_account_id: answer.authorAccountId,
        text: answer.note,
        created_at: now,
      })
      .execute();
  }
  return {
    kind: 'clarification_received',
    details: {
      waitedWorkingDays: moved.waitedWorkingDays,
      decisionDue: moved.decisionDue,
      channel: answer.channel,
    },
  };
}

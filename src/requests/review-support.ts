import type { EntityManager } from '@mikro-orm/postgresql';

import { canPerform } from '../auth/access-policy';
import type { Actor } from '../auth/actor';
import { NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/uuid';

/** A raw row as `em.execute` reads it (the typed repositories come in a later step). */
export type Row = Record<string, unknown>;

export const REQUEST_NOT_FOUND = 'Begäran finns inte.';
export const ITEM_NOT_FOUND = 'Handlingen finns inte i den här begäran.';

/**
 * Only reviewers at Sektor Lärande (the access policy) reach the review
 * side of requests; everyone else is told the request does not exist.
 */
export function requireReviewer(actor: Actor): void {
  if (!canPerform(actor, 'records.review')) {
    throw new NotFoundError(REQUEST_NOT_FOUND);
  }
}

/** The request with its assignee's name; `lock` takes the row for a change. */
export async function findRequest(
  em: EntityManager,
  requestId: string,
  lock = false,
): Promise<Row> {
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

/** One item of the request with its record's registration number. */
export async function findItem(em: EntityManager, requestId: string, itemId: string): Promise<Row> {
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

export function nullableText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function toIso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

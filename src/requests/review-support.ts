import type { EntityManager } from '@mikro-orm/postgresql';
import { type RawBuilder, type Selectable, sql } from 'kysely';

import { canPerform } from '../auth/access-policy';
import type { Actor } from '../auth/actor';
import { NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/uuid';
import type { RequestsTables } from './requests.entities';

/** A request as its table holds it (dates as 'YYYY-MM-DD' text, instants as Date). */
export type RequestRow = Selectable<RequestsTables['records_request']>;

/** One item of a request. */
export type ItemRow = Selectable<RequestsTables['records_request_item']>;

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

/** The request, locked for a change (`select … for update`). */
export async function lockRequest(em: EntityManager, requestId: string): Promise<RequestRow> {
  if (!isUuid(requestId)) {
    throw new NotFoundError(REQUEST_NOT_FOUND);
  }
  const row = await em
    .getKysely<RequestsTables>()
    .selectFrom('records_request')
    .selectAll()
    .where('id', '=', requestId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) {
    throw new NotFoundError(REQUEST_NOT_FOUND);
  }
  return row;
}

/** One item of the request. */
export async function findItem(
  em: EntityManager,
  requestId: string,
  itemId: string,
): Promise<ItemRow> {
  if (!isUuid(requestId) || !isUuid(itemId)) {
    throw new NotFoundError(ITEM_NOT_FOUND);
  }
  const row = await em
    .getKysely<RequestsTables>()
    .selectFrom('records_request_item')
    .selectAll()
    .where('id', '=', itemId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  if (!row) {
    throw new NotFoundError(ITEM_NOT_FOUND);
  }
  return row;
}

/**
 * A jsonb value for an insert or update: pg would send a JS array as a
 * PostgreSQL array, so the JSON text goes with a cast.
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`${JSON.stringify(value)}::jsonb`;
}

export function nullableText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function toIso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

/**
 * The reviewer's step counts as the request's first action (and takes it,
 * when nobody has it): the same-day target is met by any of them.
 */
export async function noteFirstAction(
  em: EntityManager,
  requestId: string,
  accountId: string,
  now: Date,
): Promise<void> {
  await em
    .getKysely<RequestsTables>()
    .updateTable('records_request')
    .set((eb) => ({
      assignee_account_id: eb.fn.coalesce('assignee_account_id', eb.val(accountId)),
      first_action_at: eb.fn.coalesce('first_action_at', eb.val(now)),
    }))
    .where('id', '=', requestId)
    .execute();
}

import type { EntityManager } from '@mikro-orm/postgresql';
import type { Selectable } from 'kysely';

import { NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/uuid';
import type { RequestsTables } from './requests.entities';
import { REQUEST_NOT_FOUND } from './review-support';

/** A request's row as the read side reads it, typed by the entity. */
export type RequestRow = Selectable<RequestsTables['records_request']>;

/**
 * The request, or "not found" (an id that is no uuid included). The typed read
 * side's counterpart of review-support's findRequest; the assignee's name comes
 * from the auth module.
 */
export async function findRequestRow(em: EntityManager, requestId: string): Promise<RequestRow> {
  if (!isUuid(requestId)) {
    throw new NotFoundError(REQUEST_NOT_FOUND);
  }
  const row = await em
    .getKysely<RequestsTables>()
    .selectFrom('records_request')
    .selectAll()
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (!row) {
    throw new NotFoundError(REQUEST_NOT_FOUND);
  }
  return row;
}

/**
 * A timestamp as an ISO string. The driver hands timestamps over as PostgreSQL's text
 * (MikroORM's type parsers keep them raw) though the entity types them `Date`.
 */
export function isoInstant(value: Date | string): string {
  return new Date(value).toISOString();
}

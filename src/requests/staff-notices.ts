import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import { enabledReviewerAccountIds } from '../auth/staff-accounts.queries';

/**
 * One notice row per reviewer on duty on `day`, for `insertInto('staff_notification')
 * .columns(['id', 'account_id', 'request_id', 'kind', 'created_at']).expression(…)`: the
 * accounts stay the auth module's, and the insert stays one statement.
 */
export function reviewerNoticeRows(
  em: EntityManager,
  notice: { requestId: string; kind: string; day: string; now: Date },
) {
  return em
    .getKysely()
    .selectFrom(enabledReviewerAccountIds(em, sql<string>`${notice.day}::date`).as('a'))
    .select([
      sql<string>`gen_random_uuid()`.as('id'),
      'a.account_id',
      sql.val(notice.requestId).as('request_id'),
      sql.lit(notice.kind).as('kind'),
      sql.val(notice.now).as('created_at'),
    ]);
}

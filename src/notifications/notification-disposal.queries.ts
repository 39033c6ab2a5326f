import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { guardiansWithoutEnrolledChild, isEnrolledOn } from '../directory/person-disposal.queries';
import { pupilLeavingDates } from '../directory/school-leaving.queries';
import type { NotificationsTables } from './notifications.entities';

/**
 * The people disposal's part of the notification choices. A choice (with its address) serves
 * to tell a person about an enrolled pupil's plan: their own, or a child's. It goes the same
 * grace days as a guardian's own contact details after the last of those pupils left (and at
 * the latest with the person, by the foreign key's cascade).
 */
@Injectable()
export class NotificationDisposalQueries {
  /** Deletes up to `limit` choices whose purpose ended `graceDays` before `today`; how many. */
  async disposeWithoutPurpose(
    em: EntityManager,
    input: { readonly today: string; readonly graceDays: number; readonly limit: number },
  ): Promise<number> {
    const db = em.getKysely<NotificationsTables>();
    const rows = await db
      .deleteFrom('notification_preference')
      .where((eb) =>
        eb(
          eb.refTuple('person_id', 'kind'),
          'in',
          eb
            .selectFrom('notification_preference as n')
            .leftJoin(
              guardiansWithoutEnrolledChild(input.today).as('g'),
              'g.guardian_id',
              'n.person_id',
            )
            .leftJoin(pupilLeavingDates().as('l'), 'l.person_id', 'n.person_id')
            .select(['n.person_id', 'n.kind'])
            .where((w) => w.not(isEnrolledOn(w.ref('n.person_id'), input.today)))
            // No child enrolled (a guardian of none has `g` missing; `since` null: one is).
            .where((w) => w.or([w('g.guardian_id', 'is', null), w('g.since', 'is not', null)]))
            .where(
              // Raw SQL: the day the purpose ended (the later of the last child's and the
              // person's own leaving; else the day of the choice) plus the grace days.
              sql<string>`coalesce(greatest(g.since, l.left_on), (n.updated_at at time zone 'Europe/Stockholm')::date) + ${input.graceDays}::int`,
              '<=',
              input.today,
            )
            .orderBy('n.person_id')
            .limit(input.limit)
            .forUpdate('n')
            .skipLocked()
            .$asTuple('person_id', 'kind'),
        ),
      )
      .executeTakeFirst();
    return Number(rows.numDeletedRows);
  }
}

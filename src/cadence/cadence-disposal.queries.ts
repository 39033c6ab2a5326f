import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { CadenceTables } from './cadence.entities';

/**
 * A principal's reminder is shown to the mentor for the rest of its term, and tells the
 * principal that it went today: once its term has ended it has no purpose left, and the nightly
 * disposal of people deletes it (it names a mentor). The reminder's e-mail goes with the other
 * e-mails about no request.
 */
@Injectable()
export class CadenceDisposalQueries {
  /** Deletes at most `limit` reminders sent before `day` (the current term's first day); how many. */
  async disposeSentBefore(em: EntityManager, day: string, limit: number): Promise<number> {
    const db = em.getKysely<CadenceTables>();
    const due = await db
      .selectFrom('cadence_reminder')
      .select('id')
      .where('sent_on', '<', day)
      .orderBy('sent_on')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return 0;
    await db
      .deleteFrom('cadence_reminder')
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .execute();
    return due.length;
  }
}

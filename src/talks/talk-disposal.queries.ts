import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { TalksTables } from './talks.entities';

/**
 * The talks' part of the nightly disposal of people (`retention/people-disposal.service.ts`):
 * a talk time and its booking go TALK_KEEP_DAYS after the talk. The plan keeps the talk's date;
 * who booked which time is needed only until the talk is over and the plan established.
 */
@Injectable()
export class TalkDisposalQueries {
  /** Deletes up to `limit` times that began before `before`, with their bookings; counts both. */
  async disposeEnded(
    em: EntityManager,
    before: Date,
    limit: number,
  ): Promise<{ talkSlots: number; talkBookings: number }> {
    const db = em.getKysely<TalksTables>();
    const slots = await db
      .selectFrom('talk_slot')
      .select('id')
      .where('starts_at', '<', before.toISOString())
      .orderBy('starts_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (slots.length === 0) {
      return { talkSlots: 0, talkBookings: 0 };
    }
    const ids = slots.map((slot) => slot.id);
    const bookings = await db
      .deleteFrom('talk_booking')
      .where('slot_id', 'in', ids)
      .returning('id')
      .execute();
    await db.deleteFrom('talk_slot').where('id', 'in', ids).execute();
    return { talkSlots: ids.length, talkBookings: bookings.length };
  }
}

import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import type { TalksTables } from './talks.entities';

/**
 * The talks' part of the demo municipality (src/demo): published times and a booking, written
 * as the pages would leave them. In the caller's transaction.
 */
export class TalkDemoSeedWriter {
  /** Publishes the times; answers their ids in the order given. */
  async publishSlots(
    em: EntityManager,
    input: {
      readonly groupId: string;
      readonly starts: readonly Date[];
      readonly minutes: number;
      readonly place: string;
      readonly publishedBy: string;
    },
  ): Promise<string[]> {
    const ids = input.starts.map(() => randomUUID());
    await em
      .getKysely<TalksTables>()
      .insertInto('talk_slot')
      .values(
        input.starts.map((startsAt, index) => ({
          id: ids[index],
          group_id: input.groupId,
          starts_at: startsAt,
          minutes: input.minutes,
          place: input.place,
          published_by_person_id: input.publishedBy,
          published_at: sql<Date>`now()`,
        })),
      )
      .execute();
    return ids;
  }

  async book(
    em: EntityManager,
    input: { readonly slotId: string; readonly pupilId: string; readonly bookedBy: string },
  ): Promise<void> {
    await em
      .getKysely<TalksTables>()
      .insertInto('talk_booking')
      .values({
        id: randomUUID(),
        slot_id: input.slotId,
        pupil_id: input.pupilId,
        booked_by_person_id: input.bookedBy,
        booked_at: sql<Date>`now()`,
        reminded_at: null,
      })
      .execute();
  }
}

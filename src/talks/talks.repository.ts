import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { isUuid } from '../common/uuid';
import type { BookedTalk } from './talk-rules';
import type { TalksTables } from './talks.entities';

/** A published time with whether (and by whom, for whom) it is booked. */
export interface SlotWithBooking {
  readonly slotId: string;
  readonly groupId: string;
  readonly startsAt: Date;
  readonly minutes: number;
  readonly place: string;
  readonly booking: {
    readonly bookingId: string;
    readonly pupilId: string;
    readonly bookedByPersonId: string;
  } | null;
}

/** A booking with its time, for the clash rules and the pages. */
export interface BookingWithSlot extends BookedTalk {
  readonly groupId: string;
  readonly place: string;
  readonly bookedByPersonId: string;
}

/** A reminder to write: the booking, its time and place, who booked it for which child. */
export interface DueReminder {
  readonly bookingId: string;
  readonly pupilId: string;
  readonly bookedByPersonId: string;
  readonly startsAt: Date;
  readonly minutes: number;
  readonly place: string;
}

/** The talks' own tables: talk times and their bookings. */
@Injectable()
export class TalksRepository {
  constructor(private readonly em: EntityManager) {}

  /** Inserts the times; a time the group already has is left as it is. Answers how many are new. */
  async insertSlots(
    em: EntityManager,
    input: {
      groupId: string;
      starts: readonly Date[];
      minutes: number;
      place: string;
      publishedBy: string;
    },
  ): Promise<number> {
    const inserted = await em
      .getKysely<TalksTables>()
      .insertInto('talk_slot')
      .values(
        input.starts.map((startsAt) => ({
          id: randomUUID(),
          group_id: input.groupId,
          starts_at: startsAt,
          minutes: input.minutes,
          place: input.place,
          published_by_person_id: input.publishedBy,
          published_at: sql<Date>`now()`,
        })),
      )
      .onConflict((conflict) => conflict.columns(['group_id', 'starts_at']).doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  }

  /** The groups' times from `from` on (and earlier ones still booked), in time order. */
  async findSlots(
    groupIds: readonly string[],
    from: Date,
    em: EntityManager = this.em.fork(),
  ): Promise<SlotWithBooking[]> {
    const ids = groupIds.filter(isUuid);
    if (ids.length === 0) {
      return [];
    }
    const rows = await em
      .getKysely<TalksTables>()
      .selectFrom('talk_slot as s')
      .leftJoin('talk_booking as b', 'b.slot_id', 's.id')
      .select([
        's.id',
        's.group_id',
        's.starts_at',
        's.minutes',
        's.place',
        'b.id as booking_id',
        'b.pupil_id',
        'b.booked_by_person_id',
      ])
      .where('s.group_id', 'in', ids)
      .where('s.starts_at', '>=', from.toISOString())
      .orderBy('s.starts_at')
      .orderBy('s.id')
      .execute();
    return rows.map((row) => ({
      slotId: row.id,
      groupId: row.group_id,
      startsAt: new Date(row.starts_at),
      minutes: row.minutes,
      place: row.place,
      booking:
        row.booking_id !== null && row.pupil_id !== null && row.booked_by_person_id !== null
          ? {
              bookingId: row.booking_id,
              pupilId: row.pupil_id,
              bookedByPersonId: row.booked_by_person_id,
            }
          : null,
    }));
  }

  /** The time, locked until the transaction ends (a booking and a withdrawal take turns on it). */
  async lockSlot(
    em: EntityManager,
    slotId: string,
  ): Promise<{ slotId: string; groupId: string; startsAt: Date; minutes: number } | null> {
    if (!isUuid(slotId)) {
      return null;
    }
    const row = await em
      .getKysely<TalksTables>()
      .selectFrom('talk_slot')
      .select(['id', 'group_id', 'starts_at', 'minutes'])
      .where('id', '=', slotId)
      .forUpdate()
      .executeTakeFirst();
    return row
      ? {
          slotId: row.id,
          groupId: row.group_id,
          startsAt: new Date(row.starts_at),
          minutes: row.minutes,
        }
      : null;
  }

  /**
   * Serialises what one pupil's and one household's bookings are checked and changed under:
   * a transaction-scoped advisory lock per id (the pupil's first, then the household's
   * guardians' in id order, always so, and no pupil's after a guardian's: two bookings never
   * wait on each other in a circle). Raw SQL: Kysely has
   * no builder for a function call without a table.
   */
  async lockPeople(
    em: EntityManager,
    pupilId: string,
    guardianIds: readonly string[],
  ): Promise<void> {
    for (const id of [pupilId, ...[...guardianIds].sort()]) {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`talks:${id}`}, 0))`.execute(
        em.getKysely<TalksTables>(),
      );
    }
  }

  /** The bookings of these pupils, with their times (the clash rules' input). */
  async findBookingsOfPupils(
    pupilIds: readonly string[],
    em: EntityManager = this.em.fork(),
  ): Promise<BookingWithSlot[]> {
    const ids = pupilIds.filter(isUuid);
    if (ids.length === 0) {
      return [];
    }
    const rows = await em
      .getKysely<TalksTables>()
      .selectFrom('talk_booking as b')
      .innerJoin('talk_slot as s', 's.id', 'b.slot_id')
      .select([
        'b.id',
        'b.slot_id',
        'b.pupil_id',
        'b.booked_by_person_id',
        's.group_id',
        's.starts_at',
        's.minutes',
        's.place',
      ])
      .where('b.pupil_id', 'in', ids)
      .orderBy('s.starts_at')
      .execute();
    return rows.map((row) => ({
      bookingId: row.id,
      slotId: row.slot_id,
      pupilId: row.pupil_id,
      bookedByPersonId: row.booked_by_person_id,
      groupId: row.group_id,
      startsAt: new Date(row.starts_at),
      minutes: row.minutes,
      place: row.place,
    }));
  }

  /** The booking that has the time, if any. */
  async findBookingOnSlot(em: EntityManager, slotId: string): Promise<BookedTalk | null> {
    const row = await em
      .getKysely<TalksTables>()
      .selectFrom('talk_booking as b')
      .innerJoin('talk_slot as s', 's.id', 'b.slot_id')
      .select(['b.id', 'b.slot_id', 'b.pupil_id', 's.starts_at', 's.minutes'])
      .where('b.slot_id', '=', slotId)
      .executeTakeFirst();
    return row
      ? {
          bookingId: row.id,
          slotId: row.slot_id,
          pupilId: row.pupil_id,
          startsAt: new Date(row.starts_at),
          minutes: row.minutes,
        }
      : null;
  }

  /**
   * A new booking. The time's unique booking is the last word on a race: answers false when
   * another booking has it (the caller holds the time's lock, so this is a backstop).
   */
  async insertBooking(
    em: EntityManager,
    input: { slotId: string; pupilId: string; bookedBy: string },
  ): Promise<string | null> {
    const row = await em
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
      .onConflict((conflict) => conflict.column('slot_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** Moves a booking to another time: a new reminder is due for it. */
  async moveBooking(
    em: EntityManager,
    input: { bookingId: string; slotId: string; bookedBy: string },
  ): Promise<void> {
    await em
      .getKysely<TalksTables>()
      .updateTable('talk_booking')
      .set({
        slot_id: input.slotId,
        booked_by_person_id: input.bookedBy,
        booked_at: sql<Date>`now()`,
        reminded_at: null,
      })
      .where('id', '=', input.bookingId)
      .execute();
  }

  /** Whom each of these guardians said they book talks together with. */
  async findSharing(guardianIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const ids = guardianIds.filter(isUuid);
    const sharing = new Map<string, Set<string>>();
    if (ids.length === 0) {
      return sharing;
    }
    const rows = await this.em
      .fork()
      .getKysely<TalksTables>()
      .selectFrom('talk_household')
      .select(['guardian_id', 'other_guardian_id'])
      .where('guardian_id', 'in', ids)
      .execute();
    for (const row of rows) {
      sharing.set(
        row.guardian_id,
        (sharing.get(row.guardian_id) ?? new Set()).add(row.other_guardian_id),
      );
    }
    return sharing;
  }

  /** A guardian says they book together with another; answers whether it was new. */
  async addSharing(em: EntityManager, guardianId: string, otherId: string): Promise<boolean> {
    const added = await em
      .getKysely<TalksTables>()
      .insertInto('talk_household')
      .values({
        id: randomUUID(),
        guardian_id: guardianId,
        other_guardian_id: otherId,
        created_at: sql<Date>`now()`,
      })
      .onConflict((conflict) => conflict.columns(['guardian_id', 'other_guardian_id']).doNothing())
      .executeTakeFirst();
    return Number(added.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Either of two guardians takes it back: neither's word is kept. Answers how many went. */
  async removeSharing(em: EntityManager, guardianId: string, otherId: string): Promise<number> {
    const removed = await em
      .getKysely<TalksTables>()
      .deleteFrom('talk_household')
      .where((eb) =>
        eb.or([
          eb.and([eb('guardian_id', '=', guardianId), eb('other_guardian_id', '=', otherId)]),
          eb.and([eb('guardian_id', '=', otherId), eb('other_guardian_id', '=', guardianId)]),
        ]),
      )
      .executeTakeFirst();
    return Number(removed.numDeletedRows);
  }

  async deleteBooking(em: EntityManager, bookingId: string): Promise<void> {
    await em
      .getKysely<TalksTables>()
      .deleteFrom('talk_booking')
      .where('id', '=', bookingId)
      .execute();
  }

  /** Deletes a time the caller has locked and found free. */
  async deleteSlot(em: EntityManager, slotId: string): Promise<void> {
    await em.getKysely<TalksTables>().deleteFrom('talk_slot').where('id', '=', slotId).execute();
  }

  /**
   * Marks as reminded, and answers, the bookings of talks starting in [from, to) not yet
   * reminded: at most `limit`, rows another run holds skipped, in the caller's transaction
   * (the e-mails are written in it, so a reminder is marked exactly when its e-mail is there).
   */
  async claimDueReminders(
    em: EntityManager,
    window: { from: Date; to: Date; limit: number },
  ): Promise<DueReminder[]> {
    const db = em.getKysely<TalksTables>();
    const rows = await db
      .with('due', (inner) =>
        inner
          .selectFrom('talk_booking as b')
          .innerJoin('talk_slot as s', 's.id', 'b.slot_id')
          .select('b.id')
          .where('b.reminded_at', 'is', null)
          .where('s.starts_at', '>=', window.from.toISOString())
          .where('s.starts_at', '<', window.to.toISOString())
          .limit(window.limit)
          .forUpdate('b')
          .skipLocked(),
      )
      .updateTable('talk_booking as b')
      .set({ reminded_at: sql<Date>`now()` })
      .from('due')
      .whereRef('b.id', '=', 'due.id')
      .returning(['b.id', 'b.pupil_id', 'b.booked_by_person_id', 'b.slot_id'])
      .execute();
    if (rows.length === 0) {
      return [];
    }
    const slots = await db
      .selectFrom('talk_slot')
      .select(['id', 'starts_at', 'minutes', 'place'])
      .where(
        'id',
        'in',
        rows.map((row) => row.slot_id),
      )
      .execute();
    const slotOf = new Map(slots.map((slot) => [slot.id, slot]));
    return rows.flatMap((row) => {
      const slot = slotOf.get(row.slot_id);
      return slot
        ? [
            {
              bookingId: row.id,
              pupilId: row.pupil_id,
              bookedByPersonId: row.booked_by_person_id,
              startsAt: new Date(slot.starts_at),
              minutes: slot.minutes,
              place: slot.place,
            },
          ]
        : [];
    });
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { isUuid } from '../common/uuid';
import { talkWhen } from './talk-rules';
import type { TalksTables } from './talks.entities';

/** A booked development talk as a person's register extract shows it. */
export interface TalkBookingAbout {
  readonly pupilId: string;
  /** "tisdag 19 januari 2027 kl. 14.00–14.30" */
  readonly when: string;
  readonly place: string;
  readonly bookedAt: string;
  /** True when the person booked (or last moved) it; never who else did. */
  readonly bookedByThem: boolean;
}

/** Another guardian the person said they book talks together with, or who said so of them. */
export interface TalkHouseholdAbout {
  readonly otherPersonId: string;
  readonly saidByThem: boolean;
  readonly saidByOther: boolean;
}

/** The talks' part of a register extract (GDPR art. 15): the bookings a person made or is the pupil of. */
@Injectable()
export class TalkExtractQueries {
  constructor(private readonly em: EntityManager) {}

  /** Both directions of `talk_household` that name the person. */
  async findHouseholdAbout(personId: string): Promise<TalkHouseholdAbout[]> {
    if (!isUuid(personId)) {
      return [];
    }
    const rows = await this.em
      .fork()
      .getKysely<TalksTables>()
      .selectFrom('talk_household')
      .select(['guardian_id', 'other_guardian_id'])
      .where((eb) =>
        eb.or([eb('guardian_id', '=', personId), eb('other_guardian_id', '=', personId)]),
      )
      .execute();
    const about = new Map<string, { saidByThem: boolean; saidByOther: boolean }>();
    for (const row of rows) {
      const saidByThem = row.guardian_id === personId;
      const other = saidByThem ? row.other_guardian_id : row.guardian_id;
      const entry = about.get(other) ?? { saidByThem: false, saidByOther: false };
      about.set(other, {
        saidByThem: entry.saidByThem || saidByThem,
        saidByOther: entry.saidByOther || !saidByThem,
      });
    }
    return [...about].map(([otherPersonId, entry]) => ({ otherPersonId, ...entry }));
  }

  async findBookingsAbout(personId: string): Promise<TalkBookingAbout[]> {
    if (!isUuid(personId)) {
      return [];
    }
    const rows = await this.em
      .fork()
      .getKysely<TalksTables>()
      .selectFrom('talk_booking as b')
      .innerJoin('talk_slot as s', 's.id', 'b.slot_id')
      .select([
        'b.pupil_id',
        'b.booked_by_person_id',
        'b.booked_at',
        's.starts_at',
        's.minutes',
        's.place',
      ])
      .where((eb) =>
        eb.or([eb('b.booked_by_person_id', '=', personId), eb('b.pupil_id', '=', personId)]),
      )
      .orderBy('s.starts_at')
      .execute();
    return rows.map((row) => ({
      pupilId: row.pupil_id,
      when: talkWhen({ startsAt: new Date(row.starts_at), minutes: row.minutes }),
      place: row.place,
      bookedAt: new Date(row.booked_at).toISOString(),
      bookedByThem: row.booked_by_person_id === personId,
    }));
  }
}

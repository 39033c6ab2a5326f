import { EntityName } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';

import type { TablesOf } from '../database/kysely';
import { Person, StudentGroup } from '../directory/directory.entities';

/** A time for a development talk that a mentor published for a group (class or mentor group). */
@Entity({ tableName: 'talk_slot' })
@Unique({ properties: ['groupId', 'startsAt'] })
@Index({ name: 'talk_slot_starts_at_idx', properties: ['startsAt'] })
@Check({ name: 'talk_slot_minutes_check', expression: 'minutes >= 5 and minutes <= 240' })
export class TalkSlot {
  [EntityName]?: 'TalkSlot';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => StudentGroup, {
    mapToPk: true,
    joinColumn: 'group_id',
    deleteRule: 'cascade',
  })
  groupId!: string;

  @Property({ type: 'Date' })
  startsAt!: Date;

  @Property({ type: 'integer' })
  minutes!: number;

  /** Free text, checked by the content guard when published. */
  @Property({ type: 'text' })
  place!: string;

  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'published_by_person_id',
    nullable: true,
    deleteRule: 'set null',
  })
  publishedByPersonId!: string | null;

  @Property({ type: 'Date' })
  publishedAt!: Date;
}

/**
 * A guardian's booking of a time for one child. One booking per time (the unique slot):
 * of two guardians booking the same time at once exactly one wins.
 */
@Entity({ tableName: 'talk_booking' })
@Index({ name: 'talk_booking_pupil_idx', properties: ['pupilId'] })
@Index({ name: 'talk_booking_booked_by_idx', properties: ['bookedByPersonId'] })
export class TalkBooking {
  [EntityName]?: 'TalkBooking';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => TalkSlot, {
    mapToPk: true,
    joinColumn: 'slot_id',
    deleteRule: 'cascade',
    unique: true,
  })
  slotId!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'pupil_id', deleteRule: 'cascade' })
  pupilId!: string;

  /** The guardian who booked or last moved it; their household shares it. */
  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'booked_by_person_id',
    deleteRule: 'cascade',
  })
  bookedByPersonId!: string;

  @Property({ type: 'Date' })
  bookedAt!: Date;

  /** When the reminder the day before was written to the outbox; null again after a move. */
  @Property({ type: 'Date', nullable: true })
  remindedAt!: Date | null;
}

/**
 * One guardian's word that they book development talks together with another guardian of their
 * children (they live together). Two guardians share bookings only when each has said so of the
 * other; either taking it back ends it for both. Nothing the guardians typed elsewhere (an
 * address) joins them: a guardian cannot join another's bookings alone.
 */
@Entity({ tableName: 'talk_household' })
@Unique({ properties: ['guardianId', 'otherGuardianId'] })
@Index({ name: 'talk_household_other_idx', properties: ['otherGuardianId'] })
@Check({ name: 'talk_household_not_self_check', expression: 'guardian_id <> other_guardian_id' })
export class TalkHousehold {
  [EntityName]?: 'TalkHousehold';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'guardian_id', deleteRule: 'cascade' })
  guardianId!: string;

  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'other_guardian_id',
    deleteRule: 'cascade',
  })
  otherGuardianId!: string;

  @Property({ type: 'Date' })
  createdAt!: Date;
}

export const TALKS_ENTITIES = [TalkSlot, TalkBooking, TalkHousehold];

export type TalksTables = TablesOf<typeof TalkSlot | typeof TalkBooking | typeof TalkHousehold>;

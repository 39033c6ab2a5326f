import { Migration } from '@mikro-orm/migrations';

/**
 * Development talks booked by guardians (issue 24): the times a mentor publishes for a group,
 * the bookings, and which guardians book together (each has said so of the other). One booking per time (`talk_booking_slot_id_key`): of two guardians booking
 * the same time at once exactly one wins. Both go with the group or the people they name, and
 * the nightly disposal deletes them TALK_KEEP_DAYS after the talk.
 */
export class Migration20261208100000Talks extends Migration {
  override up(): void {
    this.addSql(`
      create table talk_slot (
        id uuid primary key,
        group_id uuid not null references student_group (id) on delete cascade,
        starts_at timestamptz not null,
        minutes integer not null check (minutes >= 5 and minutes <= 240),
        place text not null,
        published_by_person_id uuid null references person (id) on delete set null,
        published_at timestamptz not null,
        unique (group_id, starts_at)
      )`);
    this.addSql('create index talk_slot_starts_at_idx on talk_slot (starts_at)');
    this.addSql(`
      create table talk_booking (
        id uuid primary key,
        slot_id uuid not null unique references talk_slot (id) on delete cascade,
        pupil_id uuid not null references person (id) on delete cascade,
        booked_by_person_id uuid not null references person (id) on delete cascade,
        booked_at timestamptz not null,
        reminded_at timestamptz null
      )`);
    this.addSql('create index talk_booking_pupil_idx on talk_booking (pupil_id)');
    this.addSql('create index talk_booking_booked_by_idx on talk_booking (booked_by_person_id)');
    this.addSql(`
      create table talk_household (
        id uuid primary key,
        guardian_id uuid not null references person (id) on delete cascade,
        other_guardian_id uuid not null references person (id) on delete cascade,
        created_at timestamptz not null,
        unique (guardian_id, other_guardian_id),
        constraint talk_household_not_self_check check (guardian_id <> other_guardian_id)
      )`);
    this.addSql('create index talk_household_other_idx on talk_household (other_guardian_id)');
  }

  override down(): void {
    this.addSql('drop table if exists talk_household');
    this.addSql('drop table if exists talk_booking');
    this.addSql('drop table if exists talk_slot');
  }
}

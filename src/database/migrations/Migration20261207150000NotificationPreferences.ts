import { Migration } from '@mikro-orm/migrations';

/**
 * Opt-in e-mail to guardians and pupils (issue 24): one row per person and kind they chose,
 * with the address to send to. No row, no e-mail. The rows go with the person.
 */
export class Migration20261207150000NotificationPreferences extends Migration {
  override up(): void {
    this.addSql(`
      create table notification_preference (
        person_id uuid not null references person (id) on delete cascade,
        kind text not null check (kind = any (array['plan-ready', 'talk-booked', 'plan-established', 'comment-answered'])),
        email text not null,
        updated_at timestamptz not null,
        primary key (person_id, kind)
      )`);
  }

  override down(): void {
    this.addSql('drop table if exists notification_preference');
  }
}

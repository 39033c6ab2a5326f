import { Migration } from '@mikro-orm/migrations';

/**
 * The principal's reminders to mentors about the law's cadence (skollagen 10 kap. 12–13 §§):
 * per class, mentor and day, with the counts of pupils lacking a plan or a talk; nothing of a
 * pupil or a plan. They go with the class or the mentor.
 */
export class Migration20261208090000CadenceReminder extends Migration {
  override up(): void {
    this.addSql(`
      create table cadence_reminder (
        id uuid primary key,
        class_id uuid not null references student_group (id) on delete cascade,
        mentor_person_id uuid not null references person (id) on delete cascade,
        sent_on date not null,
        missing_plans integer not null check (missing_plans >= 0),
        missing_talks integer not null check (missing_talks >= 0),
        sent_by_account_id uuid null references account (id) on delete set null,
        emailed boolean not null default false,
        created_at timestamptz not null,
        unique (class_id, mentor_person_id, sent_on)
      )`);
    this.addSql(
      'create index cadence_reminder_mentor_idx on cadence_reminder (mentor_person_id, sent_on)',
    );
  }

  override down(): void {
    this.addSql('drop table if exists cadence_reminder');
  }
}

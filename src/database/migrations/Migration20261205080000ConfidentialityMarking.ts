import { Migration } from '@mikro-orm/migrations';

/**
 * A record's sekretessmarkering with its date, who set it and an optional
 * day by which it is to be reviewed: set by the mentor at establishment or
 * by a reviewer later, and shown to reviewers as a signal, never a decision.
 *
 * Markings made before this migration were all set by the mentor who
 * established the plan, on the day it was registered: the date comes from
 * `registered_at` (a Swedish day) and who from the version's establisher,
 * where that account still exists.
 */
export class Migration20261205080000ConfidentialityMarking extends Migration {
  override up(): void {
    this.addSql(
      `alter table public_record
         add column confidentiality_marked_on date null,
         add column confidentiality_marked_by_account_id uuid null references account (id) on delete set null,
         add column confidentiality_review_on date null`,
    );
    this.addSql(
      `update public_record
          set confidentiality_marked_on = (registered_at at time zone 'Europe/Stockholm')::date
        where confidentiality_marking is not null`,
    );
    this.addSql(
      `update public_record r
          set confidentiality_marked_by_account_id = v.established_by_account_id
         from plan_version v
        where v.record_id = r.id
          and r.confidentiality_marking is not null
          and exists (select 1 from account a where a.id = v.established_by_account_id)`,
    );
    this.addSql(
      `alter table public_record add constraint public_record_confidentiality_marked_on_check
         check ((confidentiality_marking is null) = (confidentiality_marked_on is null))`,
    );
    this.addSql(
      `alter table public_record add constraint public_record_confidentiality_review_on_check
         check (confidentiality_review_on is null or confidentiality_marking is not null)`,
    );
  }

  override down(): void {
    this.addSql(
      `alter table public_record
         drop column confidentiality_review_on,
         drop column confidentiality_marked_by_account_id,
         drop column confidentiality_marked_on`,
    );
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * A request closed without records: none exists at Sektor Lärande (an
 * appealable refusal), or it was forwarded to the authority named, with the
 * reviewer's reasons for the letter.
 */
export class Migration20261205040000Closure extends Migration {
  override up(): void {
    this.addSql(
      `alter table records_request
         add column closure text null check (closure in ('no_record', 'forwarded')),
         add column forwarded_to text null,
         add column closure_reasons text null`,
    );
    this.addSql(
      `alter table records_request add constraint records_request_forwarded_to_check
         check ((closure is not distinct from 'forwarded') = (forwarded_to is not null))`,
    );
  }

  override down(): void {
    this.addSql(
      `alter table records_request
         drop column closure_reasons, drop column forwarded_to, drop column closure`,
    );
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * A late appeal that is tried all the same (förvaltningslagen 45 §): the
 * appeal notice was missing or wrong, or the appeal reached the court in time.
 */
export class Migration20261205050000LateAppeal extends Migration {
  override up(): void {
    this.addSql(
      `alter table records_request_appeal add column late_exception text null
         check (late_exception in ('notice_missing_or_wrong', 'reached_court_in_time'))`,
    );
  }

  override down(): void {
    this.addSql('alter table records_request_appeal drop column late_exception');
  }
}

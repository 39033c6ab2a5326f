import { Migration } from '@mikro-orm/migrations';

/**
 * Consistent decisions: when the same text is struck in one record of a
 * request and released in another, the reviewer completes the decision only
 * with a reason, kept on the request (and in the decision's audit entry).
 */
export class Migration20261206130000ConsistentDecisions extends Migration {
  override up(): void {
    this.addSql('alter table records_request add column consistency_reason text null');
  }

  override down(): void {
    this.addSql('alter table records_request drop column consistency_reason');
  }
}

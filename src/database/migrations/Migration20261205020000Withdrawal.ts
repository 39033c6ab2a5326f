import { Migration } from '@mikro-orm/migrations';

/**
 * A request the requester withdrew: closed as `withdrawn`, on `closed_at`
 * (its own retention counts from that day).
 */
export class Migration20261205020000Withdrawal extends Migration {
  override up(): void {
    this.addSql('alter table records_request drop constraint records_request_status_check');
    this.addSql(
      `alter table records_request add constraint records_request_status_check
         check (status in ('received', 'in_review', 'awaiting_clarification', 'decided', 'delivered', 'withdrawn'))`,
    );
    this.addSql('alter table records_request add column closed_at timestamptz null');
  }

  override down(): void {
    this.addSql('alter table records_request drop column closed_at');
    this.addSql('alter table records_request drop constraint records_request_status_check');
    this.addSql(
      `alter table records_request add constraint records_request_status_check
         check (status in ('received', 'in_review', 'awaiting_clarification', 'decided', 'delivered'))`,
    );
  }
}

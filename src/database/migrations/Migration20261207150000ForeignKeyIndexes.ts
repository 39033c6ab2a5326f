import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes on foreign keys that were looked up, or checked on delete, by a scan: a mentor's or
 * teacher's duties by class or pupil (every plan save reads who may write it) and the e-mails
 * and reviewers' notices of a request (scanned for each request the disposal deletes).
 */
export class Migration20261207150000ForeignKeyIndexes extends Migration {
  override up(): void {
    this.addSql('create index staff_duty_group_idx on staff_duty (group_id)');
    this.addSql('create index staff_duty_pupil_idx on staff_duty (pupil_id)');
    this.addSql('create index staff_notification_request_idx on staff_notification (request_id)');
    this.addSql('create index email_outbox_request_idx on email_outbox (request_id)');
  }

  override down(): void {
    this.addSql('drop index email_outbox_request_idx');
    this.addSql('drop index staff_notification_request_idx');
    this.addSql('drop index staff_duty_pupil_idx');
    this.addSql('drop index staff_duty_group_idx');
  }
}

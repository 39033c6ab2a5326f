import { Migration } from '@mikro-orm/migrations';

/**
 * The reviewer's queue at national scale (100,000 requests): every filter
 * reads its page straight off an index in (decision_due, id) order, so the
 * first page and a page deep in the keyset cost the same.
 */
export class Migration20261129050000QueueIndexes extends Migration {
  override up(): void {
    // The default view, open requests: one ordered range, instead of three merged and sorted.
    this.addSql(
      `create index records_request_open_queue_idx on records_request (decision_due, id)
         where status in ('received', 'in_review', 'awaiting_clarification')`,
    );
    // "All" (and "due today"): the whole queue in its order.
    this.addSql('create index records_request_due_idx on records_request (decision_due, id)');
    // "Mine": the reviewer's open requests in order.
    this.addSql(
      `create index records_request_assignee_queue_idx on records_request (assignee_account_id, decision_due, id)
         where status in ('received', 'in_review', 'awaiting_clarification')`,
    );
    // "Att göra": a reviewer's unread notifications, without reading the ones already seen.
    this.addSql(
      `create index staff_notification_unread_idx on staff_notification (account_id, created_at)
         where read_at is null`,
    );
  }

  override down(): void {
    this.addSql('drop index if exists staff_notification_unread_idx');
    this.addSql('drop index if exists records_request_assignee_queue_idx');
    this.addSql('drop index if exists records_request_due_idx');
    this.addSql('drop index if exists records_request_open_queue_idx');
  }
}

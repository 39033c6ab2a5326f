import { Migration } from '@mikro-orm/migrations';

/**
 * Records released in batches (DOMAIN.md: "records may be released in
 * batches as each is reviewed"): when an item's copy went out ahead of the
 * request's decision. And two more clocks with reminder and escalation: the
 * same-day first action (scheduled with the decision's alerts) and an
 * appeal's forwarding to the court "without delay" (FL 46 §), due a set
 * number of working days after it came in.
 */
export class Migration20261205090000PartialDeliveryAndClocks extends Migration {
  override up(): void {
    this.addSql('alter table records_request_item add column delivered_at timestamptz null');
    this.addSql(
      `alter table records_request_appeal
         add column forward_due date null,
         add column alerts_scheduled_for date null`,
    );
    // Appeals already waiting for the court: due from the day they came in (or were let through).
    this.addSql(
      `update records_request_appeal set forward_due = received_on
         where forwarded_on is null and court_outcome is null
           and (in_time or late_exception is not null)`,
    );
    this.addSql(
      `create index records_request_appeal_forward_due_idx on records_request_appeal (forward_due)
         where forwarded_on is null and court_outcome is null`,
    );
  }

  override down(): void {
    this.addSql('drop index records_request_appeal_forward_due_idx');
    this.addSql(
      'alter table records_request_appeal drop column alerts_scheduled_for, drop column forward_due',
    );
    this.addSql('alter table records_request_item drop column delivered_at');
  }
}

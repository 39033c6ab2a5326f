import { Migration } from '@mikro-orm/migrations';

/**
 * The last day a delivered request holds its records for an appeal that may
 * still come (`appealHoldEndsOn`, written at delivery). Requests delivered
 * before this column get an upper bound: the delivery day plus 14 days for
 * the download link, three weeks and a month's room for holidays and post —
 * a few days too long at worst, never too short.
 */
export class Migration20261205010000AppealHold extends Migration {
  override up(): void {
    this.addSql('alter table records_request add column appeal_hold_until date null');
    this.addSql(
      `update records_request q
          set appeal_hold_until = (q.delivered_at at time zone 'Europe/Stockholm')::date + 14 + 21 + 30
        where q.delivered_at is not null
          and exists (
            select 1 from records_request_item i
             where i.request_id = q.id
               and i.decision in ('release_with_redactions', 'refuse', 'no_public_record'))`,
    );
  }

  override down(): void {
    this.addSql('alter table records_request drop column appeal_hold_until');
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Four eyes (REQUEST_FOUR_EYES): a second reviewer approves a refusal or a
 * redaction before the request is completed. The approval names the item's
 * version it approved, so a decision changed since is no longer approved.
 */
export class Migration20261206140000FourEyes extends Migration {
  override up(): void {
    this.addSql(`
      alter table records_request_item
        add column approved_by_account_id uuid null references account (id) on delete set null,
        add column approved_at timestamptz null,
        add column approved_for_version integer null
    `);
  }

  override down(): void {
    this.addSql(`
      alter table records_request_item
        drop column approved_by_account_id,
        drop column approved_at,
        drop column approved_for_version
    `);
  }
}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261129030000DeadlinesAndDispatch extends Migration {
  override up(): void {
    // Invoicing ends anonymity: only with the requester's consent, recorded when given.
    this.addSql('alter table records_request add column invoice_consent_at timestamptz null');
    // How a fee was settled when the copies went out.
    this.addSql(
      `alter table records_request add column payment text null
         check (payment in ('free', 'invoice', 'prepaid'))`,
    );
    // On-site viewing: when and where.
    this.addSql('alter table records_request add column viewing_at timestamptz null');
    this.addSql('alter table records_request add column viewing_place text null');
    // A large request that needs longer: what the requester is told.
    this.addSql('alter table records_request add column extension_notice text null');
    // The decision date the reminder and escalation jobs are scheduled for (the sweep fills gaps).
    this.addSql('alter table records_request add column alerts_scheduled_for date null');
    // The post list: decided paper requests not yet sent.
    this.addSql(
      `create index records_request_post_idx on records_request (decided_at)
         where status = 'decided' and delivery = 'paper'`,
    );
    // The reports: requests by the month they came in.
    this.addSql('create index records_request_received_idx on records_request (received_on)');
  }

  override down(): void {
    this.addSql('drop index if exists records_request_received_idx');
    this.addSql('drop index if exists records_request_post_idx');
    for (const column of [
      'alerts_scheduled_for',
      'extension_notice',
      'viewing_place',
      'viewing_at',
      'payment',
      'invoice_consent_at',
    ]) {
      this.addSql(`alter table records_request drop column if exists ${column}`);
    }
  }
}

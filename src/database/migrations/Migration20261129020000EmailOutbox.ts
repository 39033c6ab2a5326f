import { Migration } from '@mikro-orm/migrations';

export class Migration20261129020000EmailOutbox extends Migration {
  override up(): void {
    // Written in the same transaction as what it tells about; sent by the queue; the body is wiped once sent.
    this.addSql(`
      create table email_outbox (
        id uuid primary key,
        request_id uuid null references records_request (id) on delete cascade,
        kind text not null,
        to_address text not null,
        subject text not null,
        body text null,
        created_at timestamptz not null,
        sent_at timestamptz null,
        attempts integer not null default 0,
        last_error text null
      )`);
    this.addSql(
      'create index email_outbox_unsent_idx on email_outbox (created_at) where sent_at is null',
    );
  }

  override down(): void {
    this.addSql('drop table if exists email_outbox');
  }
}

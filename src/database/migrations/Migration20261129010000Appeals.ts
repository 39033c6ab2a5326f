import { Migration } from '@mikro-orm/migrations';

export class Migration20261129010000Appeals extends Migration {
  override up(): void {
    this.addSql(`
      create table records_request_appeal (
        id uuid primary key,
        request_id uuid not null references records_request (id) on delete cascade,
        received_on date not null,
        deadline date not null,
        in_time boolean not null,
        forwarded_on date null,
        court text null,
        court_reference text null,
        court_outcome text null check (court_outcome in ('upheld', 'changed', 'returned', 'dismissed')),
        court_decided_on date null,
        note text null,
        created_at timestamptz not null,
        created_by_account_id uuid null references account (id) on delete set null,
        version integer not null default 0
      )`);
    this.addSql(
      'create index records_request_appeal_request_idx on records_request_appeal (request_id)',
    );
  }

  override down(): void {
    this.addSql('drop table if exists records_request_appeal');
  }
}

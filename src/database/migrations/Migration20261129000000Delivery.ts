import { Migration } from '@mikro-orm/migrations';

export class Migration20261129000000Delivery extends Migration {
  override up(): void {
    // What goes out: the decision or cover letter (registered) and each leak-checked copy.
    this.addSql(`
      create table records_request_document (
        id uuid primary key,
        request_id uuid not null references records_request (id) on delete cascade,
        item_id uuid null references records_request_item (id) on delete cascade,
        kind text not null check (kind in ('decision_letter', 'cover_letter', 'copy')),
        registration_number text null unique,
        title text not null,
        pages integer not null check (pages > 0),
        content bytea not null,
        created_at timestamptz not null,
        created_by_account_id uuid null references account (id) on delete set null
      )`);
    this.addSql(
      'create index records_request_document_request_idx on records_request_document (request_id)',
    );
    this.addSql(`
      create table download_link (
        id uuid primary key,
        request_id uuid not null references records_request (id) on delete cascade,
        token_hash text not null unique,
        expires_at timestamptz not null,
        max_downloads integer not null check (max_downloads > 0),
        downloads integer not null default 0 check (downloads >= 0),
        created_at timestamptz not null
      )`);
    this.addSql('create index download_link_request_idx on download_link (request_id)');
    this.addSql('alter table records_request add column fee_kr integer null');
    this.addSql('alter table records_request add column delivered_at timestamptz null');
  }

  override down(): void {
    this.addSql('alter table records_request drop column if exists delivered_at');
    this.addSql('alter table records_request drop column if exists fee_kr');
    this.addSql('drop table if exists download_link');
    this.addSql('drop table if exists records_request_document');
  }
}

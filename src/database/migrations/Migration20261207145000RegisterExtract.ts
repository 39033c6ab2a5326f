import { Migration } from '@mikro-orm/migrations';

/**
 * Register extracts (GDPR art. 15): a person's request for one, or Sektor
 * Lärande's own start, the queued job's progress, the files it made, when it
 * was sent; and the download links the person fetches it with (as released
 * copies are fetched: only the token's hash kept, an expiry, a limit, one
 * working link at a time). The files go with the person when the person goes.
 */
export class Migration20261207145000RegisterExtract extends Migration {
  override up(): void {
    this.addSql(`
      create table register_extract (
        id uuid primary key,
        person_id uuid not null references person (id) on delete cascade,
        asked_by text not null check (asked_by in ('person', 'staff')),
        requested_by_account_id uuid null references account (id) on delete set null,
        requested_at timestamptz not null,
        due_on date not null,
        status text not null check (status in ('requested', 'queued', 'producing', 'ready', 'sent', 'failed')),
        steps_done integer not null default 0 check (steps_done >= 0),
        steps_total integer not null default 0 check (steps_total >= 0),
        produced_by_account_id uuid null references account (id) on delete set null,
        produced_at timestamptz null,
        sent_by_account_id uuid null references account (id) on delete set null,
        sent_at timestamptz null,
        pdf bytea null,
        json bytea null,
        failure text null
      )`);
    this.addSql('create index register_extract_person_idx on register_extract (person_id)');
    this.addSql(
      "create index register_extract_open_idx on register_extract (due_on) where status <> 'sent'",
    );
    this.addSql(`
      create table register_extract_link (
        id uuid primary key,
        extract_id uuid not null references register_extract (id) on delete cascade,
        token_hash text not null unique,
        expires_at timestamptz not null,
        max_downloads integer not null check (max_downloads > 0),
        downloads integer not null default 0 check (downloads >= 0),
        replaced_at timestamptz null,
        created_at timestamptz not null
      )`);
    this.addSql(
      'create index register_extract_link_extract_idx on register_extract_link (extract_id)',
    );
  }

  override down(): void {
    this.addSql('drop table if exists register_extract_link');
    this.addSql('drop table if exists register_extract');
  }
}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261128170000QueueProbe extends Migration {
  override up(): void {
    this.addSql(`
      create table queue_probe (
        id uuid primary key,
        requested_at timestamptz not null,
        processed_at timestamptz null,
        processed_count integer not null default 0,
        backend text not null check (backend in ('postgres', 'redis'))
      )`);
  }

  override down(): void {
    this.addSql('drop table if exists queue_probe');
  }
}

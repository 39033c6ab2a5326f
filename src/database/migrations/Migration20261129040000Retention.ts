import { Migration } from '@mikro-orm/migrations';

export class Migration20261129040000Retention extends Migration {
  override up(): void {
    // The archivist's holds: a record kept past its disposal date, with the reason, until lifted.
    this.addSql(`
      create table retention_hold (
        id uuid primary key,
        record_id uuid not null references public_record (id) on delete cascade,
        reason text not null,
        placed_at timestamptz not null,
        placed_by_account_id uuid null references account (id) on delete set null,
        lifted_at timestamptz null,
        lifted_by_account_id uuid null references account (id) on delete set null,
        lift_reason text null
      )`);
    this.addSql(
      'create index retention_hold_active_idx on retention_hold (record_id) where lifted_at is null',
    );
    // What was disposed of, when and under which rule: kinds, counts and registration numbers, no personal data.
    this.addSql(`
      create table disposal_log (
        id uuid primary key,
        run_id uuid not null,
        occurred_at timestamptz not null,
        rule text not null check (rule in ('plans', 'requests')),
        counts jsonb not null,
        registration_numbers text[] not null
      )`);
    this.addSql('create index disposal_log_occurred_idx on disposal_log (occurred_at desc)');
    // Finding a request's items by plan (drafts named in an open request are held).
    this.addSql('create index records_request_item_plan_idx on records_request_item (plan_id)');
  }

  override down(): void {
    this.addSql('drop index if exists records_request_item_plan_idx');
    this.addSql('drop table if exists disposal_log');
    this.addSql('drop table if exists retention_hold');
  }
}

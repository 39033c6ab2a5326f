import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log: one hash-chained, append-only table. No foreign keys, since
 * entries outlive what they mention. `prev_hash` is unique as well as `hash`:
 * two entries naming the same predecessor would fork the chain, so a writer
 * that somehow bypassed AuditService's lock fails instead of forking it.
 */
export class Migration20261128180000AuditLog extends Migration {
  override up(): void {
    this.addSql(`
      create table audit_entry (
        id bigint generated always as identity primary key,
        occurred_at timestamptz not null,
        action text not null,
        actor_account_id uuid null,
        actor_person_id uuid null,
        actor_roles jsonb not null default '[]' check (jsonb_typeof(actor_roles) = 'array'),
        pupil_id uuid null,
        target_type text null,
        target_id text null,
        details jsonb not null default '{}' check (jsonb_typeof(details) = 'object'),
        request_id text null,
        prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text not null check (hash ~ '^[0-9a-f]{64}$'),
        constraint audit_entry_hash_unique unique (hash),
        constraint audit_entry_prev_hash_unique unique (prev_hash)
      )`);
    this.addSql(
      'create index audit_entry_pupil_id_occurred_at_index on audit_entry (pupil_id, occurred_at)',
    );
    this.addSql(
      'create index audit_entry_actor_account_id_occurred_at_index on audit_entry (actor_account_id, occurred_at)',
    );
    this.addSql(
      'create index audit_entry_action_occurred_at_index on audit_entry (action, occurred_at)',
    );
    // Append-only for the application and anyone else using ordinary SQL. A
    // superuser can still get past this (session_replication_role = replica,
    // or dropping the trigger); the hash chain is what makes that visible.
    this.addSql(`
      create function audit_entry_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_entry is append-only'
          using errcode = 'insufficient_privilege',
                detail = format('%s on audit_entry was refused', tg_op);
      end
      $$`);
    this.addSql(`
      create trigger audit_entry_no_update_or_delete
        before update or delete on audit_entry
        for each row execute function audit_entry_refuse_change()`);
    this.addSql(`
      create trigger audit_entry_no_truncate
        before truncate on audit_entry
        for each statement execute function audit_entry_refuse_change()`);
  }

  override down(): void {
    this.addSql('drop table if exists audit_entry');
    this.addSql('drop function if exists audit_entry_refuse_change()');
  }
}

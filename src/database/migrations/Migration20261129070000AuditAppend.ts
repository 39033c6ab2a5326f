import { Migration } from '@mikro-orm/migrations';

/**
 * Appending to the audit chain in one round trip. The chain's writers take
 * turns through a transaction-scoped advisory lock; taking the lock, reading
 * the newest hash and inserting were three statements, each a round trip
 * made while every other writer waited. A VOLATILE function takes a fresh
 * snapshot for each statement in it, so the newest hash is read after the
 * lock is granted, as before. The hash is SHA-256 over the previous hash, a
 * newline and the canonical entry the application computed, exactly as
 * `computeEntryHash` does; verification recomputes it in the application.
 */
/** The function's body, also declared with the routine (src/audit/audit-entry.entity.ts). */
export const APPEND_AUDIT_ENTRY_BODY = `      declare
        previous text;
        entry_hash text;
      begin
        -- A snapshot older than the lock would miss the entry committed just before it.
        if current_setting('transaction_isolation') <> 'read committed' then
          raise exception 'append_audit_entry needs a READ COMMITTED transaction, not %',
            current_setting('transaction_isolation');
        end if;
        perform pg_advisory_xact_lock(lock_key);
        select hash into previous from audit_entry order by id desc limit 1;
        previous := coalesce(previous, repeat('0', 64));
        entry_hash := encode(sha256(convert_to(previous || E'\\n' || canonical_entry, 'UTF8')), 'hex');
        insert into audit_entry (occurred_at, action, actor_account_id, actor_person_id, actor_roles, pupil_id,
                                 target_type, target_id, details, request_id, prev_hash, hash)
        values (entry_occurred_at, entry_action, entry_actor_account_id, entry_actor_person_id, entry_actor_roles,
                entry_pupil_id, entry_target_type, entry_target_id, entry_details, entry_request_id, previous, entry_hash);
        return entry_hash;
      end
`;

export class Migration20261129070000AuditAppend extends Migration {
  override up(): void {
    this.addSql(`
      create function append_audit_entry(
        lock_key bigint,
        entry_occurred_at timestamptz,
        entry_action text,
        entry_actor_account_id uuid,
        entry_actor_person_id uuid,
        entry_actor_roles jsonb,
        entry_pupil_id uuid,
        entry_target_type text,
        entry_target_id text,
        entry_details jsonb,
        entry_request_id text,
        canonical_entry text
      ) returns text language plpgsql volatile as $$
${APPEND_AUDIT_ENTRY_BODY}      $$`);
  }

  override down(): void {
    this.addSql(
      'drop function if exists append_audit_entry(bigint, timestamptz, text, uuid, uuid, jsonb, uuid, text, text, jsonb, text, text)',
    );
  }
}

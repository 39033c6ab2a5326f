import { Migration } from '@mikro-orm/migrations';

import { APPEND_AUDIT_ENTRY_BODY } from './Migration20261129070000AuditAppend';

/**
 * The audit chain linked behind the writers (issue 23). Until now every writer took the chain's
 * advisory lock, read the newest hash and inserted, and held the lock until its transaction had
 * committed: every save, read and sign-in in the municipality took turns, each through its own
 * WAL flush (at 200 mentors autosaving, saves waited on the lock and each other's commits).
 *
 * Now a writer only inserts its entry, without hash, in the transaction of the change it records
 * (`add_audit_entry`): the entry commits or rolls back with the change, and writers no longer
 * wait for each other. The linker (AuditLinker) then links the committed entries into the chain
 * in batches, in its own transaction under the chain's lock: `chain_position` (the chain's order,
 * 1, 2, 3 … after the entries already linked), `prev_hash` and `hash`, computed over the entry as
 * stored, as verification recomputes it. Until linked (normally under a second) an entry is
 * protected by the triggers like any other; its hash covers it from then on.
 *
 * The one UPDATE the row trigger lets through is that linking: a pending entry (no hash) getting
 * its three link columns, with everything else unchanged. Entries already in the chain keep
 * their hashes; their place in the chain is their id, the order they were linked in.
 */
export const AUDIT_ENTRY_REFUSE_CHANGE_BODY = `      begin
        if tg_op = 'UPDATE' and old.hash is null and old.prev_hash is null and old.chain_position is null
           and new.hash is not null and new.prev_hash is not null and new.chain_position is not null
           and (to_jsonb(old) - 'hash' - 'prev_hash' - 'chain_position')
               = (to_jsonb(new) - 'hash' - 'prev_hash' - 'chain_position') then
          return new;
        end if;
        raise exception 'audit_entry is append-only'
          using errcode = 'insufficient_privilege',
                detail = format('%s on audit_entry was refused', tg_op);
      end
`;

/** The function's body, also declared with the routine (src/audit/audit-entry.entity.ts). */
export const ADD_AUDIT_ENTRY_BODY = `      declare
        entry_id bigint;
      begin
        -- The linker hashes the entry's time in ISO 8601: 'infinity' has none.
        if not isfinite(entry_occurred_at) then
          raise exception 'an audit entry needs a finite time, not %', entry_occurred_at;
        end if;
        insert into audit_entry (occurred_at, action, actor_account_id, actor_person_id, actor_roles, pupil_id,
                                 target_type, target_id, details, request_id)
        values (entry_occurred_at, entry_action, entry_actor_account_id, entry_actor_person_id, entry_actor_roles,
                entry_pupil_id, entry_target_type, entry_target_id, entry_details, entry_request_id)
        returning id into entry_id;
        return entry_id;
      end
`;

export class Migration20261209090000AuditLinking extends Migration {
  override up(): void {
    this.addSql(`
      alter table audit_entry
        add column chain_position bigint null,
        alter column prev_hash drop not null,
        alter column hash drop not null`);
    // The entries so far were appended under the lock in id order: that is their chain order.
    this.addSql('alter table audit_entry disable trigger audit_entry_no_update_or_delete');
    this.addSql('update audit_entry set chain_position = id');
    this.addSql('alter table audit_entry enable trigger audit_entry_no_update_or_delete');
    this.addSql(`
      alter table audit_entry
        add constraint audit_entry_chain_position_unique unique (chain_position),
        add constraint audit_entry_linked_check check (
          (hash is null) = (prev_hash is null) and (hash is null) = (chain_position is null))`);
    // What the linker reads: the entries not yet linked (a handful at any time).
    this.addSql(
      'create index audit_entry_pending_index on audit_entry (id) where chain_position is null',
    );
    this.addSql(`
      create or replace function audit_entry_refuse_change() returns trigger language plpgsql as $$
${AUDIT_ENTRY_REFUSE_CHANGE_BODY}      $$`);
    this.addSql(
      'drop function append_audit_entry(bigint, timestamptz, text, uuid, uuid, jsonb, uuid, text, text, jsonb, text, text)',
    );
    this.addSql(`
      create function add_audit_entry(
        entry_occurred_at timestamptz,
        entry_action text,
        entry_actor_account_id uuid,
        entry_actor_person_id uuid,
        entry_actor_roles jsonb,
        entry_pupil_id uuid,
        entry_target_type text,
        entry_target_id text,
        entry_details jsonb,
        entry_request_id text
      ) returns bigint language plpgsql volatile as $$
${ADD_AUDIT_ENTRY_BODY}      $$`);
  }

  /**
   * Back to appending under the lock, where the chain's order is the id's. Refused while an
   * entry is unlinked or the chain's order differs from the ids' (an entry committed after one
   * with a higher id): the old code would read the wrong newest hash and fork the chain.
   */
  override down(): void {
    this.addSql(`
      do $$
      begin
        if exists (select 1 from audit_entry where chain_position is null)
           or exists (
             select 1 from (
               select chain_position, lag(chain_position) over (order by id) as before from audit_entry
             ) ordered where chain_position < before) then
          raise exception 'the audit chain is not in id order (or not all linked); it cannot go back to appending under the lock';
        end if;
      end
      $$`);
    this.addSql(
      'drop function add_audit_entry(timestamptz, text, uuid, uuid, jsonb, uuid, text, text, jsonb, text)',
    );
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
    this.addSql(`
      create or replace function audit_entry_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_entry is append-only'
          using errcode = 'insufficient_privilege',
                detail = format('%s on audit_entry was refused', tg_op);
      end
      $$`);
    this.addSql('drop index audit_entry_pending_index');
    this.addSql(`
      alter table audit_entry
        drop constraint audit_entry_linked_check,
        drop constraint audit_entry_chain_position_unique,
        drop column chain_position,
        alter column prev_hash set not null,
        alter column hash set not null`);
  }
}

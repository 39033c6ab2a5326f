import { BigIntType, EntityName, type Opt, Routine } from '@mikro-orm/core';
import { Check, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

import type { TablesOf } from '../database/kysely';
import { ADD_AUDIT_ENTRY_BODY } from '../database/migrations/Migration20261209090000AuditLinking';
import type { AuditDetails } from './audit-event';

/**
 * One entry of the append-only audit log (table `audit_entry`, created by
 * Migration20261128180000AuditLog, where triggers refuse UPDATE, DELETE and
 * TRUNCATE). Written only by AuditService, through `add_audit_entry`, and
 * linked into the hash chain only by AuditLinker (the one UPDATE the trigger
 * lets through, Migration20261209090000AuditLinking); never change an entity
 * of this class. No foreign keys: an entry outlives what it mentions (a
 * disposed record, a removed account).
 *
 * The row trigger is declared by its DDL (`expression`) so the schema diff
 * knows it and leaves it be; its function `audit_entry_refuse_change` and the
 * TRUNCATE trigger are the migration's alone (PostgreSQL's information_schema,
 * which the diff reads, does not list TRUNCATE triggers, and trigger functions
 * are not diffed).
 */
@Entity({
  tableName: 'audit_entry',
  triggers: [
    {
      name: 'audit_entry_no_update_or_delete',
      timing: 'before',
      events: ['update', 'delete'],
      expression: `create trigger audit_entry_no_update_or_delete
        before update or delete on audit_entry
        for each row execute function audit_entry_refuse_change()`,
    },
  ],
})
@Index({ name: 'audit_entry_pupil_id_occurred_at_index', properties: ['pupilId', 'occurredAt'] })
@Index({
  name: 'audit_entry_actor_account_id_occurred_at_index',
  properties: ['actorAccountId', 'occurredAt'],
})
@Index({ name: 'audit_entry_action_occurred_at_index', properties: ['action', 'occurredAt'] })
@Unique({ name: 'audit_entry_hash_unique', properties: ['hash'] })
@Unique({ name: 'audit_entry_prev_hash_unique', properties: ['prevHash'] })
@Check({ name: 'audit_entry_actor_roles_check', expression: "jsonb_typeof(actor_roles) = 'array'" })
@Check({ name: 'audit_entry_details_check', expression: "jsonb_typeof(details) = 'object'" })
@Unique({ name: 'audit_entry_chain_position_unique', properties: ['chainPosition'] })
@Index({
  name: 'audit_entry_pending_index',
  expression:
    'create index audit_entry_pending_index on audit_entry (id) where chain_position is null',
})
@Check({ name: 'audit_entry_prev_hash_check', expression: "prev_hash ~ '^[0-9a-f]{64}$'" })
@Check({
  name: 'audit_entry_linked_check',
  expression: '(hash is null) = (prev_hash is null) and (hash is null) = (chain_position is null)',
})
@Check({ name: 'audit_entry_hash_check', expression: "hash ~ '^[0-9a-f]{64}$'" })
export class AuditEntry {
  [EntityName]?: 'AuditEntry';

  /** `bigint generated always as identity`; a string (as pg returns it) because it may exceed 2^53. */
  @PrimaryKey({ type: new BigIntType('string'), generated: 'identity' })
  id!: Opt<string>;

  @Property({ type: 'Date' })
  occurredAt!: Date;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'uuid', nullable: true })
  actorAccountId!: string | null;

  @Property({ type: 'uuid', nullable: true })
  actorPersonId!: string | null;

  /** A JSON array of role codes (jsonb: exact round trip, unlike text[] literals). */
  @Property({ type: 'json', defaultRaw: `'[]'` })
  actorRoles!: Opt<readonly string[]>;

  @Property({ type: 'uuid', nullable: true })
  pupilId!: string | null;

  @Property({ type: 'text', nullable: true })
  targetType!: string | null;

  @Property({ type: 'text', nullable: true })
  targetId!: string | null;

  @Property({ type: 'json', defaultRaw: `'{}'` })
  details!: Opt<AuditDetails>;

  /** The correlation id (column `request_id`, older than `requestId` meaning a records request). */
  @Property({ type: 'text', nullable: true })
  requestId!: string | null;

  /** The entry's place in the chain, given when it is linked (null until then). */
  @Property({ type: new BigIntType('string'), nullable: true })
  chainPosition!: Opt<string | null>;

  /** The hash of the entry before it in the chain (null until linked; the genesis hash for the first). */
  @Property({ type: 'text', nullable: true })
  prevHash!: Opt<string | null>;

  /** SHA-256 over `prevHash`, a newline and the canonical entry (null until linked). */
  @Property({ type: 'text', nullable: true })
  hash!: Opt<string | null>;
}

export const AUDIT_ENTITIES = [AuditEntry];

export type AuditTables = TablesOf<typeof AuditEntry>;

/**
 * `add_audit_entry` (Migration20261209090000AuditLinking): inserts an entry,
 * not yet linked, and answers its id. Declared so the schema diff knows it is
 * meant to be there and checks its signature and its body, which is the
 * migration's own text.
 */
export const ADD_AUDIT_ENTRY = new Routine({
  name: 'add_audit_entry',
  type: 'function',
  language: 'plpgsql',
  params: {
    entry_occurred_at: { type: 'timestamptz' },
    entry_action: { type: 'text' },
    entry_actor_account_id: { type: 'uuid' },
    entry_actor_person_id: { type: 'uuid' },
    entry_actor_roles: { type: 'jsonb' },
    entry_pupil_id: { type: 'uuid' },
    entry_target_type: { type: 'text' },
    entry_target_id: { type: 'text' },
    entry_details: { type: 'jsonb' },
    entry_request_id: { type: 'text' },
  },
  returns: { runtimeType: 'string', columnType: 'bigint' },
  body: ADD_AUDIT_ENTRY_BODY,
});

export const AUDIT_ROUTINES = [ADD_AUDIT_ENTRY];

import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { AuditDetails } from './audit-event';

/**
 * One entry of the append-only audit log (table `audit_entry`, created by
 * Migration20261128180000AuditLog, where a trigger refuses UPDATE, DELETE and
 * TRUNCATE). Written only by AuditService, through a native insert; never
 * change an entity of this class. No foreign keys: an entry outlives what it
 * mentions (a disposed record, a removed account).
 */
@Entity({ tableName: 'audit_entry' })
@Index({ name: 'audit_entry_pupil_id_occurred_at_index', properties: ['pupilId', 'occurredAt'] })
@Index({
  name: 'audit_entry_actor_account_id_occurred_at_index',
  properties: ['actorAccountId', 'occurredAt'],
})
@Index({ name: 'audit_entry_action_occurred_at_index', properties: ['action', 'occurredAt'] })
export class AuditEntry {
  /** `bigint generated always as identity`; a string because it may exceed 2^53. */
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'Date', columnType: 'timestamptz' })
  occurredAt!: Date;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'uuid', nullable: true })
  actorAccountId!: string | null;

  @Property({ type: 'uuid', nullable: true })
  actorPersonId!: string | null;

  /** A JSON array of role codes (jsonb: exact round trip, unlike text[] literals). */
  @Property({ type: 'json' })
  actorRoles!: string[];

  @Property({ type: 'uuid', nullable: true })
  pupilId!: string | null;

  @Property({ type: 'text', nullable: true })
  targetType!: string | null;

  @Property({ type: 'text', nullable: true })
  targetId!: string | null;

  @Property({ type: 'json' })
  details!: AuditDetails;

  @Property({ type: 'text', nullable: true })
  requestId!: string | null;

  @Property({ type: 'text' })
  prevHash!: string;

  @Property({ type: 'text', unique: true })
  hash!: string;
}

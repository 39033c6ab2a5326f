import { EntityName } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import { Account } from '../auth/account.entity';
import type { TablesOf } from '../database/kysely';
import { PublicRecord } from '../records/records.entities';

export const DISPOSAL_RULES = ['plans', 'requests', 'people'] as const;
export type DisposalRule = (typeof DISPOSAL_RULES)[number];

/** The archivist's hold: a record kept past its disposal date, with the reason, until lifted. */
@Entity({ tableName: 'retention_hold' })
// Deleting a record cascades to all its holds, lifted ones too: the index covers them all.
@Index({ name: 'retention_hold_record_idx', properties: ['recordId'] })
export class RetentionHold {
  [EntityName]?: 'RetentionHold';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => PublicRecord, { mapToPk: true, joinColumn: 'record_id', deleteRule: 'cascade' })
  recordId!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'Date' })
  placedAt!: Date;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'placed_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  placedByAccountId!: string | null;

  @Property({ type: 'Date', nullable: true })
  liftedAt!: Date | null;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'lifted_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  liftedByAccountId!: string | null;

  @Property({ type: 'text', nullable: true })
  liftReason!: string | null;
}

/** What was disposed of, when and under which rule: kinds, counts and registration numbers, no personal data. */
@Entity({ tableName: 'disposal_log' })
@Index({
  name: 'disposal_log_occurred_idx',
  properties: ['occurredAt'],
  columns: [{ name: 'occurred_at', sort: 'desc' }],
})
export class DisposalLog {
  [EntityName]?: 'DisposalLog';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  runId!: string;

  @Property({ type: 'Date' })
  occurredAt!: Date;

  @Enum({ items: [...DISPOSAL_RULES], type: 'text' })
  rule!: DisposalRule;

  /** How many of each kind went (records, planVersions, plans, requests; for people: persons, accounts, contact details…). */
  @Property({ type: 'json' })
  counts!: Readonly<Record<string, number>>;

  @Property({ type: 'string[]', columnType: 'text[]' })
  registrationNumbers!: string[];
}

export const RETENTION_ENTITIES = [RetentionHold, DisposalLog];

export type RetentionTables = TablesOf<typeof RetentionHold | typeof DisposalLog>;

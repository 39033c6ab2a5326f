import { EntityName, type Opt } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Enum,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';

import { Account } from '../auth/account.entity';
import type { TablesOf } from '../database/kysely';
import { Person } from '../directory/directory.entities';

/** Who started the extract: the person, from their own pages, or Sektor Lärande. */
export const EXTRACT_ASKERS = ['person', 'staff'] as const;
export type ExtractAsker = (typeof EXTRACT_ASKERS)[number];

/**
 * requested (asked for, not started) → queued → producing → ready (the files exist) → sent;
 * failed when the job gave up (it can be started again).
 */
export const EXTRACT_STATUSES = [
  'requested',
  'queued',
  'producing',
  'ready',
  'sent',
  'failed',
] as const;
export type ExtractStatus = (typeof EXTRACT_STATUSES)[number];

/** One register extract (GDPR art. 15) about one person: the request, the job, the files. */
@Entity({ tableName: 'register_extract' })
@Index({ name: 'register_extract_person_idx', properties: ['personId'] })
@Index({ name: 'register_extract_open_idx', properties: ['dueOn'], where: "status <> 'sent'" })
@Check({ name: 'register_extract_steps_done_check', expression: 'steps_done >= 0' })
@Check({ name: 'register_extract_steps_total_check', expression: 'steps_total >= 0' })
export class RegisterExtract {
  [EntityName]?: 'RegisterExtract';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'person_id', deleteRule: 'cascade' })
  personId!: string;

  @Enum({ items: [...EXTRACT_ASKERS], type: 'text' })
  askedBy!: ExtractAsker;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'requested_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  requestedByAccountId!: string | null;

  @Property({ type: 'Date' })
  requestedAt!: Date;

  /** A month from the request (GDPR art. 12.3). */
  @Property({ type: 'date' })
  dueOn!: string;

  @Enum({ items: [...EXTRACT_STATUSES], type: 'text' })
  status!: ExtractStatus;

  @Property({ type: 'integer', default: 0 })
  stepsDone!: Opt<number>;

  @Property({ type: 'integer', default: 0 })
  stepsTotal!: Opt<number>;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'produced_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  producedByAccountId!: string | null;

  @Property({ type: 'Date', nullable: true })
  producedAt!: Date | null;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'sent_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  sentByAccountId!: string | null;

  @Property({ type: 'Date', nullable: true })
  sentAt!: Date | null;

  @Property({ type: 'blob', nullable: true })
  pdf!: Buffer | null;

  @Property({ type: 'blob', nullable: true })
  json!: Buffer | null;

  @Property({ type: 'text', nullable: true })
  failure!: string | null;
}

/** A link to fetch an extract's files: only its hash is kept, it runs out, and a newer one replaces it. */
@Entity({ tableName: 'register_extract_link' })
@Index({ name: 'register_extract_link_extract_idx', properties: ['extractId'] })
@Check({ name: 'register_extract_link_max_downloads_check', expression: 'max_downloads > 0' })
@Check({ name: 'register_extract_link_downloads_check', expression: 'downloads >= 0' })
export class RegisterExtractLink {
  [EntityName]?: 'RegisterExtractLink';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => RegisterExtract, {
    mapToPk: true,
    joinColumn: 'extract_id',
    deleteRule: 'cascade',
  })
  extractId!: string;

  @Property({ type: 'text' })
  @Unique()
  tokenHash!: string;

  @Property({ type: 'Date' })
  expiresAt!: Date;

  @Property({ type: 'integer' })
  maxDownloads!: number;

  @Property({ type: 'integer', default: 0 })
  downloads!: Opt<number>;

  @Property({ type: 'Date', nullable: true })
  replacedAt!: Date | null;

  @Property({ type: 'Date' })
  createdAt!: Date;
}

export const REGISTER_EXTRACT_ENTITIES = [RegisterExtract, RegisterExtractLink];

export type RegisterExtractTables = TablesOf<typeof RegisterExtract | typeof RegisterExtractLink>;

import { EntityName } from '@mikro-orm/core';
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
import { Person, SchoolUnit } from '../directory/directory.entities';

/** The kinds of registered records; only established IUP versions so far. */
export const RECORD_KINDS = ['iup'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/**
 * A registered public record (allmän handling) in the diary. Disposal takes
 * the due ones in (disposal_date, id) order, a batch at a time.
 */
@Entity({ tableName: 'public_record' })
@Check({
  name: 'public_record_confidentiality_marked_on_check',
  expression: '(confidentiality_marking is null) = (confidentiality_marked_on is null)',
})
@Check({
  name: 'public_record_confidentiality_review_on_check',
  expression: 'confidentiality_review_on is null or confidentiality_marking is not null',
})
@Index({ name: 'public_record_pupil_idx', properties: ['pupilId'] })
@Index({ name: 'public_record_disposal_order_idx', properties: ['disposalDate', 'id'] })
export class PublicRecord {
  [EntityName]?: 'PublicRecord';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  @Unique()
  registrationNumber!: string;

  @Enum({ items: [...RECORD_KINDS], type: 'text' })
  kind!: RecordKind;

  @Property({ type: 'text' })
  title!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'pupil_id', deleteRule: 'cascade' })
  pupilId!: string;

  @ManyToOne(() => SchoolUnit, { mapToPk: true, joinColumn: 'school_unit_id' })
  schoolUnitId!: string;

  @Property({ type: 'date' })
  documentDate!: string;

  @Property({ type: 'Date' })
  registeredAt!: Date;

  /**
   * The sekretessmarkering's provision (a signal to reviewers, never a decision), with the
   * Swedish day it was set, who set it (null once the account is gone, or for markings older
   * than the column) and the day by which it is to be reviewed, if any.
   */
  @Property({ type: 'text', nullable: true })
  confidentialityMarking!: string | null;

  @Property({ type: 'date', nullable: true })
  confidentialityMarkedOn!: string | null;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'confidentiality_marked_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  confidentialityMarkedByAccountId!: string | null;

  @Property({ type: 'date', nullable: true })
  confidentialityReviewOn!: string | null;

  @Property({ type: 'date', nullable: true })
  disposalDate!: string | null;
}

/** The last registration number given in a series and year (IUP-2026-17). */
@Entity({ tableName: 'registration_sequence' })
export class RegistrationSequence {
  [EntityName]?: 'RegistrationSequence';

  @PrimaryKey({ type: 'text' })
  series!: string;

  @PrimaryKey({ type: 'integer' })
  year!: number;

  @Property({ type: 'integer' })
  lastValue!: number;
}

export const RECORDS_ENTITIES = [PublicRecord, RegistrationSequence];

export type RecordsTables = TablesOf<typeof PublicRecord | typeof RegistrationSequence>;

import { EntityName, type Opt } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';

import { Account } from '../auth/account.entity';
import type { TablesOf } from '../database/kysely';
import { Person, StudentGroup } from '../directory/directory.entities';

/**
 * A principal's reminder to a class's mentor that pupils of the class lack an established plan
 * this school year or a development talk this term: counts only, never a pupil or a plan. One per
 * class, mentor and day (a second click the same day sends nothing); shown on the mentor's start
 * page for the rest of the term, and e-mailed when the directory has the mentor's address.
 */
@Entity({ tableName: 'cadence_reminder' })
@Unique({ properties: ['classId', 'mentorPersonId', 'sentOn'] })
@Index({ name: 'cadence_reminder_mentor_idx', properties: ['mentorPersonId', 'sentOn'] })
@Check({ name: 'cadence_reminder_missing_plans_check', expression: 'missing_plans >= 0' })
@Check({ name: 'cadence_reminder_missing_talks_check', expression: 'missing_talks >= 0' })
export class CadenceReminder {
  [EntityName]?: 'CadenceReminder';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => StudentGroup, { mapToPk: true, joinColumn: 'class_id', deleteRule: 'cascade' })
  classId!: string;

  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'mentor_person_id',
    deleteRule: 'cascade',
  })
  mentorPersonId!: string;

  /** The Swedish day it was sent: the unit of "not twice". */
  @Property({ type: 'date' })
  sentOn!: string;

  @Property({ type: 'integer' })
  missingPlans!: number;

  @Property({ type: 'integer' })
  missingTalks!: number;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'sent_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  sentByAccountId!: string | null;

  /** Whether an e-mail went to the outbox (the directory had the mentor's address). */
  @Property({ type: 'boolean', default: false })
  emailed!: Opt<boolean>;

  @Property({ type: 'Date' })
  createdAt!: Date;
}

export const CADENCE_ENTITIES = [CadenceReminder];

export type CadenceTables = TablesOf<typeof CadenceReminder>;

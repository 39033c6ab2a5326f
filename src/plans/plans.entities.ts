import { EntityName, type Opt } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Enum,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';

import type { TablesOf } from '../database/kysely';
import { Person, SchoolUnit } from '../directory/directory.entities';
import { PublicRecord } from '../records/records.entities';
import type { PlanContent } from './plan-content';
import type { PlanState } from './plan-lifecycle';
import type { PlanTemplate as PlanTemplateSettings } from './plan-template';

const PLAN_STATES = ['draft', 'established'] as const satisfies readonly PlanState[];

/** A school unit's plan template, as its principal set it. */
@Entity({ tableName: 'plan_template' })
export class PlanTemplate {
  [EntityName]?: 'PlanTemplate';

  @ManyToOne(() => SchoolUnit, {
    primary: true,
    mapToPk: true,
    // A key relation gets ON UPDATE CASCADE by default; the migration's foreign key has none.
    updateRule: 'no action',
    joinColumn: 'school_unit_id',
    deleteRule: 'cascade',
  })
  schoolUnitId!: string;

  @Property({ type: 'json' })
  template!: PlanTemplateSettings;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}

/**
 * A pupil's plan for one period: a draft while it is written, each
 * establishment a numbered, registered version (plan_version).
 */
@Entity({ tableName: 'plan' })
@Unique({ properties: ['pupilId', 'period'] })
@Check({ name: 'plan_check', expression: "(state = 'draft') = (draft is not null)" })
export class Plan {
  [EntityName]?: 'Plan';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'pupil_id', deleteRule: 'cascade' })
  pupilId!: string;

  @ManyToOne(() => SchoolUnit, { mapToPk: true, joinColumn: 'school_unit_id' })
  schoolUnitId!: string;

  @Property({ type: 'text' })
  period!: string;

  @Enum({ items: [...PLAN_STATES], type: 'text' })
  state!: PlanState;

  @Property({ type: 'integer', default: 0 })
  establishedVersion!: Opt<number>;

  @Property({ type: 'integer', default: 0 })
  revision!: Opt<number>;

  /** The draft being written; null exactly when the plan is established (plan_check). */
  @Property({ type: 'json', nullable: true })
  draft!: PlanContent | null;

  /** The template the plan is laid out by, copied when the plan began. */
  @Property({ type: 'json' })
  template!: PlanTemplateSettings;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}

/**
 * An established version: a public record, so it never changes (a trigger
 * refuses UPDATE; disposal deletes it whole). The trigger is declared by its
 * DDL so the schema diff knows it; its function `plan_version_is_immutable`
 * is the migration's (trigger functions are not diffed).
 */
@Entity({
  tableName: 'plan_version',
  triggers: [
    {
      name: 'plan_version_no_update',
      timing: 'before',
      events: ['update'],
      expression: `create trigger plan_version_no_update before update on plan_version
        for each row execute function plan_version_is_immutable()`,
    },
  ],
})
@Check({ name: 'plan_version_version_check', expression: 'version > 0' })
export class PlanVersion {
  [EntityName]?: 'PlanVersion';

  @ManyToOne(() => Plan, {
    primary: true,
    mapToPk: true,
    // A key relation gets ON UPDATE CASCADE by default; the migration's foreign key has none.
    updateRule: 'no action',
    joinColumn: 'plan_id',
    deleteRule: 'cascade',
  })
  planId!: string;

  @PrimaryKey({ type: 'integer' })
  version!: number;

  @Property({ type: 'json' })
  content!: PlanContent;

  @Property({ type: 'json' })
  template!: PlanTemplateSettings;

  @Property({ type: 'date' })
  talkDate!: string;

  @Property({ type: 'Date' })
  establishedAt!: Date;

  /** No foreign key: the version outlives the account that established it. */
  @Property({ type: 'uuid', nullable: true })
  establishedByAccountId!: string | null;

  @ManyToOne(() => PublicRecord, {
    mapToPk: true,
    joinColumn: 'record_id',
    deleteRule: 'cascade',
    unique: true,
  })
  recordId!: string;
}

export const PLANS_ENTITIES = [PlanTemplate, Plan, PlanVersion];

export type PlansTables = TablesOf<typeof PlanTemplate | typeof Plan | typeof PlanVersion>;

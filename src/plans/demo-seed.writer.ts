import type { EntityManager } from '@mikro-orm/postgresql';

import { jsonb } from './jsonb';
import type { PlanContent } from './plan-content';
import type { PlanState } from './plan-lifecycle';
import type { PlanTemplate } from './plan-template';
import type { PlansTables } from './plans.entities';

/** A plan as the demo has it, with the revision and dates of a plan written over weeks. */
export interface DemoPlan {
  readonly id: string;
  readonly pupilId: string;
  readonly schoolUnitId: string;
  readonly period: string;
  readonly state: PlanState;
  readonly establishedVersion: number;
  readonly revision: number;
  /** Null exactly when established (plan_check). */
  readonly draft: PlanContent | null;
  readonly template: PlanTemplate;
  /** An instant, or a date or timestamp as PostgreSQL reads it. */
  readonly createdAt: Date | string;
  readonly updatedAt: Date | string;
}

/** An established version, registered as the record `recordId`. */
export interface DemoPlanVersion {
  readonly planId: string;
  readonly version: number;
  readonly content: PlanContent;
  readonly template: PlanTemplate;
  readonly talkDate: string;
  readonly establishedAt: Date;
  readonly recordId: string;
}

/**
 * The plans' part of the demo municipality (src/demo): plans in every state
 * with a history (last year's, established twice), written as they stand
 * rather than edited step by step, and what the demo requests name of them.
 * In the caller's transaction.
 */
export class PlanDemoSeedWriter {
  async insertPlan(em: EntityManager, plan: DemoPlan): Promise<void> {
    await em
      .getKysely<PlansTables>()
      .insertInto('plan')
      .values({
        id: plan.id,
        pupil_id: plan.pupilId,
        school_unit_id: plan.schoolUnitId,
        period: plan.period,
        state: plan.state,
        established_version: plan.establishedVersion,
        revision: plan.revision,
        draft: plan.draft === null ? null : jsonb(plan.draft),
        template: jsonb(plan.template),
        created_at: plan.createdAt,
        updated_at: plan.updatedAt,
      })
      .execute();
  }

  async insertVersion(em: EntityManager, version: DemoPlanVersion): Promise<void> {
    await em
      .getKysely<PlansTables>()
      .insertInto('plan_version')
      .values({
        plan_id: version.planId,
        version: version.version,
        content: jsonb(version.content),
        template: jsonb(version.template),
        talk_date: version.talkDate,
        established_at: version.establishedAt,
        established_by_account_id: null,
        record_id: version.recordId,
      })
      .execute();
  }

  /** The records of the pupil's established versions, in the order they were established. */
  async findVersionRecordIds(em: EntityManager, pupilId: string): Promise<string[]> {
    const rows = await em
      .getKysely<PlansTables>()
      .selectFrom('plan_version as v')
      .innerJoin('plan as p', 'p.id', 'v.plan_id')
      .select('v.record_id')
      .where('p.pupil_id', '=', pupilId)
      .orderBy('v.established_at')
      .execute();
    return rows.map((row) => row.record_id);
  }

  /** The pupil's draft plans (never a record). */
  async findDraftPlanIds(em: EntityManager, pupilId: string): Promise<string[]> {
    const rows = await em
      .getKysely<PlansTables>()
      .selectFrom('plan')
      .select('id')
      .where('pupil_id', '=', pupilId)
      .where('state', '=', 'draft')
      .execute();
    return rows.map((row) => row.id);
  }
}

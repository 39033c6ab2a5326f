import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { expressionBuilder } from 'kysely';
import type { Expression, SqlBool } from 'kysely';

import { pupilDisposalDates } from '../directory/school-leaving.queries';
import type { PlansTables } from './plans.entities';

/** A condition on a plan's id, from the module that knows it (a request naming the plan). */
export type PlanCondition = (planId: Expression<string>) => Expression<SqlBool>;

const eb = expressionBuilder<PlansTables>();

/**
 * What retention needs from plans: the versions registered as disposed
 * records and the plans left without any, and the drafts (plans that never
 * became a record) of pupils past their date. Set-based: one statement a batch.
 */
@Injectable()
export class PlanDisposalQueries {
  /**
   * Deletes the versions registered as these records, and each of their
   * plans left with no other version, in one statement (before the records
   * go: a record's version is what leads to its plan).
   */
  async disposeVersionsOfRecords(
    em: EntityManager,
    recordIds: readonly string[],
  ): Promise<{ planVersions: number; plans: number }> {
    if (recordIds.length === 0) {
      return { planVersions: 0, plans: 0 };
    }
    const ids = eb.val([...recordIds]);
    const row = await em
      .getKysely<PlansTables>()
      .with('gone_version', (db) =>
        db.deleteFrom('plan_version').where('record_id', '=', eb.fn.any(ids)).returning('plan_id'),
      )
      // Every CTE reads the statement's snapshot, where the versions just deleted are still
      // there: a plan goes when each version it has is one of these records'.
      .with('gone_plan', (db) =>
        db
          .deleteFrom('plan')
          .where('plan.id', 'in', (w) => w.selectFrom('gone_version').select('plan_id'))
          .where((w) =>
            w.not(
              w.exists(
                w
                  .selectFrom('plan_version as v')
                  .select(w.lit(1).as('one'))
                  .whereRef('v.plan_id', '=', 'plan.id')
                  .where((v) => v.not(v('v.record_id', '=', eb.fn.any(ids)))),
              ),
            ),
          )
          .returning('plan.id'),
      )
      .selectFrom('gone_version')
      .select((s) => [
        s.cast<number>(s.fn.countAll(), 'integer').as('plan_versions'),
        s
          .selectFrom('gone_plan')
          .select((c) => c.cast<number>(c.fn.countAll(), 'integer').as('count'))
          .as('plans'),
      ])
      .executeTakeFirstOrThrow();
    return { planVersions: row.plan_versions, plans: row.plans ?? 0 };
  }

  /**
   * Deletes up to `limit` drafts due on `today`: plans with no version, of
   * pupils whose disposal date (`yearsAfterLeaving` after they left) has
   * come, not held. Locked first, skipping any another transaction holds.
   * Returns how many went.
   */
  async disposeDueDrafts(
    em: EntityManager,
    input: {
      readonly today: string;
      readonly yearsAfterLeaving: number;
      readonly limit: number;
      readonly isHeld: PlanCondition;
    },
  ): Promise<number> {
    const rows = await em
      .getKysely<PlansTables>()
      .deleteFrom('plan')
      .where('plan.id', 'in', () =>
        this.dueDrafts(em, input).select('p.id').limit(input.limit).forUpdate('p').skipLocked(),
      )
      .returning('plan.id')
      .execute();
    return rows.length;
  }

  /** How many drafts are due on `today` and not held: the dry run. */
  async countDueDrafts(
    em: EntityManager,
    input: {
      readonly today: string;
      readonly yearsAfterLeaving: number;
      readonly isHeld: PlanCondition;
    },
  ): Promise<number> {
    const row = await this.dueDrafts(em, input)
      .select((s) => s.cast<number>(s.fn.countAll(), 'integer').as('count'))
      .executeTakeFirstOrThrow();
    return row.count;
  }

  private dueDrafts(
    em: EntityManager,
    input: {
      readonly today: string;
      readonly yearsAfterLeaving: number;
      readonly isHeld: PlanCondition;
    },
  ) {
    return em
      .getKysely<PlansTables>()
      .selectFrom('plan as p')
      .innerJoin(pupilDisposalDates(input.yearsAfterLeaving).as('d'), 'd.person_id', 'p.pupil_id')
      .where('d.disposal_date', '<=', input.today)
      .where((w) =>
        w.not(
          w.exists(
            w
              .selectFrom('plan_version as v')
              .select(w.lit(1).as('one'))
              .whereRef('v.plan_id', '=', 'p.id'),
          ),
        ),
      )
      .where((w) => w.not(input.isHeld(w.ref('p.id'))));
  }
}

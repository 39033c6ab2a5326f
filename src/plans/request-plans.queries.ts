import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { PlansTables } from './plans.entities';

/**
 * The plans' answers to the requests module: the period of a draft plan a
 * request names, and the other established versions of a record's plan.
 */
@Injectable()
export class RequestPlans {
  /** Each plan's period (`2026/27 HT`), by plan id, in the caller's transaction. */
  async periodsOf(em: EntityManager, planIds: readonly string[]): Promise<Map<string, string>> {
    const ids = [...new Set(planIds)];
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await em
      .getKysely<PlansTables>()
      .selectFrom('plan')
      .select(['id', 'period'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.id, row.period]));
  }

  /**
   * The public records of every established version of the plan this record
   * is a version of (itself included), in the caller's transaction; empty
   * when the record is no plan version.
   */
  async versionRecordIds(em: EntityManager, recordId: string): Promise<string[]> {
    const rows = await em
      .getKysely<PlansTables>()
      .selectFrom('plan_version as v')
      .innerJoin('plan_version as mine', 'mine.plan_id', 'v.plan_id')
      .select('v.record_id')
      .where('mine.record_id', '=', recordId)
      .where('v.record_id', 'is not', null)
      .execute();
    return rows.flatMap((row) => (row.record_id ? [row.record_id] : []));
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { PlansTables } from './plans.entities';

/** The plans' answers to the requests module: the period of a draft plan a request names. */
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
}

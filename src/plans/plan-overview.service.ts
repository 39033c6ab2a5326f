import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { canAccessPupil } from '../auth/access-policy';
import type { Actor } from '../auth/actor';
import { DirectoryQueries } from '../directory/directory.queries';
import { LatestPlan, PlanSummary } from './plan-views';
import type { PlansTables } from './plans.entities';
import { PlansService } from './plans.service';

/**
 * Plans in overviews: a guardian's children, a class list, a pupil's page. Which plans the
 * person may read is asked of the access policy per pupil; the newest plan of many pupils is
 * one statement.
 */
@Injectable()
export class PlanOverviewService {
  constructor(
    private readonly em: EntityManager,
    private readonly directory: DirectoryQueries,
    private readonly plans: PlansService,
  ) {}

  /**
   * The newest plan of each pupil, for overviews. Callers have already asked
   * the policy about each pupil (e.g. a guardian's own children).
   */
  async findLatestPlans(pupilIds: readonly string[]): Promise<Map<string, LatestPlan>> {
    if (pupilIds.length === 0) {
      return new Map();
    }
    const rows = await this.em
      .fork()
      .getKysely<PlansTables>()
      .selectFrom('plan as p')
      .distinctOn('p.pupil_id')
      .select((eb) => [
        'p.pupil_id',
        'p.id',
        'p.period',
        'p.state',
        'p.established_version',
        sql<string | null>`p.draft #>> '{talk,date}'`.as('planned_talk'),
        eb
          .selectFrom('plan_version as v')
          .select(sql<string | null>`max(v.talk_date)::text`.as('last_talk'))
          .whereRef('v.plan_id', '=', 'p.id')
          .as('last_talk'),
      ])
      .where('p.pupil_id', 'in', [...pupilIds])
      .orderBy('p.pupil_id')
      .orderBy('p.period', 'desc')
      .execute();
    return new Map(
      rows.map((row) => [
        row.pupil_id,
        {
          planId: row.id,
          period: row.period,
          state: row.state,
          establishedVersion: row.established_version,
          lastTalk: row.last_talk ?? null,
          plannedTalk: row.planned_talk ?? null,
        },
      ]),
    );
  }

  /**
   * For overviews: which of these pupils' plans this person may read, and the
   * newest plan of each of those.
   */
  async findPlanOverview(
    actor: Actor,
    pupilIds: readonly string[],
  ): Promise<{ readable: Set<string>; latest: Map<string, LatestPlan> }> {
    const facts = await this.directory.findPupilFactsMany(pupilIds);
    const readable = new Set(
      [...facts.values()]
        .filter((pupil) => canAccessPupil(actor, 'plan.subject.read', pupil))
        .map((pupil) => pupil.pupilId),
    );
    return { readable, latest: await this.findLatestPlans([...readable]) };
  }

  /** For a pupil's page: their plans if this person may see them, and whether they may start one. */
  async findPlansOverview(
    actor: Actor,
    pupilId: string,
  ): Promise<{ visible: boolean; plans: PlanSummary[]; canStart: boolean }> {
    const facts = await this.directory.findPupilFacts(pupilId);
    if (!facts || !canAccessPupil(actor, 'plan.subject.read', facts)) {
      return { visible: false, plans: [], canStart: false };
    }
    const plans = await this.plans.listPlans(actor, pupilId);
    // A plan can be started when there is none for the period a new one would be for.
    const period = canAccessPupil(actor, 'plan.mentor.write', facts)
      ? await this.plans.currentPeriod(facts)
      : null;
    return {
      visible: true,
      plans,
      canStart: period !== null && !plans.some((plan) => plan.period === period),
    };
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { canAccessPupil } from '../auth/access-policy';
import type { Actor } from '../auth/actor';
import { DirectoryQueries } from '../directory/directory.queries';
import { registeredRecords } from '../records/record-joins';
import type { PlanContent } from './plan-content';
import type { PlanState } from './plan-lifecycle';
import type { PlanTemplate } from './plan-template';
import { subjectsOnly } from './plan-views';
import type { PlansTables } from './plans.entities';

/** One plan as a person may see it, with every established version, for their register extract. */
export interface PlanAsSeen {
  readonly planId: string;
  readonly pupilId: string;
  readonly period: string;
  readonly state: PlanState;
  readonly template: PlanTemplate;
  /** The working draft (working material, not a public record), or null. */
  readonly draft: PlanContent | null;
  readonly versions: readonly {
    readonly version: number;
    readonly talkDate: string;
    readonly establishedAt: string;
    readonly registrationNumber: string;
    readonly template: PlanTemplate;
    readonly content: PlanContent;
  }[];
}

/**
 * The plans of some pupils as one person may see them: the plan pages' rules (the access
 * policy's `plan.read`, and a teacher's subjects only), without the reads' audit entries —
 * the caller audits the extract as a whole.
 */
@Injectable()
export class PlanExtractQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly directory: DirectoryQueries,
  ) {}

  async findPlansAsSeenBy(viewer: Actor, pupilIds: readonly string[]): Promise<PlanAsSeen[]> {
    const facts = await this.directory.findPupilFactsMany(pupilIds);
    const db = this.em.fork().getKysely<PlansTables>();
    const seen: PlanAsSeen[] = [];
    for (const pupilId of pupilIds) {
      const pupil = facts.get(pupilId);
      if (!pupil) continue;
      const readsAll = canAccessPupil(viewer, 'plan.read', pupil);
      const plans = await db
        .selectFrom('plan')
        .select(['id', 'period', 'state', 'draft', 'template'])
        .where('pupil_id', '=', pupilId)
        .orderBy('period')
        .execute();
      for (const plan of plans) {
        const subjects = plan.template.subjects.filter((subject) =>
          canAccessPupil(viewer, 'plan.subject.read', pupil, subject),
        );
        if (!readsAll && subjects.length === 0) continue;
        // Versions are read whole or not at all (readVersion asks for plan.read).
        const versions = readsAll
          ? await db
              .selectFrom('plan_version as v')
              .innerJoin(registeredRecords().as('r'), 'r.id', 'v.record_id')
              .select([
                'v.version',
                'v.content',
                'v.template',
                sql<string>`v.talk_date::text`.as('talk_day'),
                'v.established_at',
                'r.registration_number',
              ])
              .where('v.plan_id', '=', plan.id)
              .orderBy('v.version')
              .execute()
          : [];
        seen.push({
          planId: plan.id,
          pupilId,
          period: plan.period,
          state: plan.state,
          template: plan.template,
          draft: plan.draft && !readsAll ? subjectsOnly(plan.draft, subjects) : plan.draft,
          versions: versions.map((version) => ({
            version: version.version,
            talkDate: version.talk_day,
            establishedAt: new Date(version.established_at).toISOString(),
            registrationNumber: version.registration_number,
            template: version.template,
            content: version.content,
          })),
        });
      }
    }
    return seen;
  }
}

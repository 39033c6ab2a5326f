import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { expressionBuilder, sql } from 'kysely';

import { TIME_ZONE } from '../common/stockholm';
import { isUuid } from '../common/uuid';
import type { PlansTables } from './plans.entities';

/** What the plans say of one pupil for the law's cadence (no content: dates only). */
export interface PupilPlanDates {
  /** Each established version: the Swedish day it was established and its talk's date. */
  readonly versions: { readonly establishedOn: string; readonly talkDate: string }[];
  /** The talk dates written in the pupil's open drafts. */
  readonly draftTalkDates: string[];
}

/**
 * The plans' answer to the principal's follow-up of the law's cadence: per pupil, when each
 * version was established and its talk held, and the talk date of an open draft. Dates only:
 * the follow-up never reads what a plan says.
 */
@Injectable()
export class PlanCadenceQueries {
  constructor(private readonly em: EntityManager) {}

  async findPlanDates(pupilIds: readonly string[]): Promise<Map<string, PupilPlanDates>> {
    const ids = [...new Set(pupilIds.filter(isUuid))];
    const dates = new Map<string, PupilPlanDates>();
    if (ids.length === 0) {
      return dates;
    }
    const db = this.em.fork().getKysely<PlansTables>();
    const [versions, drafts] = await Promise.all([
      db
        .selectFrom('plan_version as v')
        .innerJoin('plan as p', 'p.id', 'v.plan_id')
        .select([
          'p.pupil_id',
          sql<string>`(v.established_at at time zone ${TIME_ZONE})::date::text`.as(
            'established_on',
          ),
          sql<string>`v.talk_date::text`.as('talk_date'),
        ])
        .where('p.pupil_id', 'in', ids)
        .execute(),
      db
        .selectFrom('plan as p')
        .select(['p.pupil_id', sql<string | null>`p.draft -> 'talk' ->> 'date'`.as('talk_date')])
        .where('p.pupil_id', 'in', ids)
        .where('p.state', '=', 'draft')
        .execute(),
    ]);
    const entry = (pupilId: string): PupilPlanDates => {
      const known = dates.get(pupilId);
      if (known) return known;
      const made: PupilPlanDates = { versions: [], draftTalkDates: [] };
      dates.set(pupilId, made);
      return made;
    };
    for (const row of versions) {
      entry(row.pupil_id).versions.push({
        establishedOn: row.established_on,
        talkDate: row.talk_date,
      });
    }
    for (const row of drafts) {
      // A draft's date is what the mentor typed (YYYY-MM-DD, checked at saving); null before the talk.
      if (row.talk_date && /^\d{4}-\d{2}-\d{2}$/.test(row.talk_date)) {
        entry(row.pupil_id).draftTalkDates.push(row.talk_date);
      }
    }
    return dates;
  }
}

/**
 * Each established version's public record with the plan's school unit and the version's talk
 * date, as a derived table for another module's statement to join
 * (`innerJoin(planVersionUnits().as('pv'), 'pv.record_id', 'i.record_id')`): the plans' tables
 * are named here only.
 */
export function planVersionUnits() {
  return expressionBuilder<PlansTables>()
    .selectFrom('plan_version as v')
    .innerJoin('plan as p', 'p.id', 'v.plan_id')
    .select(['v.record_id', 'p.school_unit_id', sql<string>`v.talk_date::text`.as('talk_date')]);
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import {
  matchingPersonIds,
  matchingSchoolUnitIds,
  type PersonMatch,
} from '../directory/person-names.queries';
import type { PlansTables } from './plans.entities';

/** What another module shows of a plan: whose it is, where and which school year. */
export interface PlanSummary {
  readonly pupilId: string;
  readonly schoolUnitId: string;
  readonly period: string;
}

/** Plans by id, and the period of established versions by their record, for other modules' pages. */
@Injectable()
export class PlanSummariesQueries {
  constructor(private readonly em: EntityManager) {}

  async findPlans(planIds: readonly string[]): Promise<Map<string, PlanSummary>> {
    const unique = [...new Set(planIds)];
    if (unique.length === 0) {
      return new Map();
    }
    const rows = await this.em
      .fork()
      .getKysely<PlansTables>()
      .selectFrom('plan')
      .select(['id', 'pupil_id', 'school_unit_id', 'period'])
      .where('id', 'in', unique)
      .execute();
    return new Map(
      rows.map((row) => [
        row.id,
        { pupilId: row.pupil_id, schoolUnitId: row.school_unit_id, period: row.period },
      ]),
    );
  }

  /** The period of the plan each record is an established version of, by record id. */
  async findPeriodsOfRecords(recordIds: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(recordIds)];
    if (unique.length === 0) {
      return new Map();
    }
    const rows = await this.em
      .fork()
      .getKysely<PlansTables>()
      .selectFrom('plan_version as v')
      .innerJoin('plan as p', 'p.id', 'v.plan_id')
      .select(['v.record_id', 'p.period'])
      .where('v.record_id', 'in', unique)
      .execute();
    return new Map(rows.map((row) => [row.record_id, row.period]));
  }
}

/** What a request's requester wrote to find plans: the pupil, and maybe the school and period. */
export interface PlanMatch extends PersonMatch {
  /** A `like` pattern on the school unit's lowercased name. */
  readonly schoolPattern: string | null;
  readonly period: string | null;
}

/**
 * The records of established plans that match, newest first, at most `limit`:
 * a subquery (`record_id`) for another module's insert that stays one statement.
 */
export function matchingRecordIds(em: EntityManager, match: PlanMatch, limit: number) {
  let query = em
    .getKysely<PlansTables>()
    .selectFrom('plan_version as v')
    .innerJoin('plan as p', 'p.id', 'v.plan_id')
    .select('v.record_id')
    .where('p.pupil_id', 'in', matchingPersonIds(em, match));
  if (match.schoolPattern) {
    query = query.where('p.school_unit_id', 'in', matchingSchoolUnitIds(em, match.schoolPattern));
  }
  if (match.period) {
    query = query.where('p.period', '=', match.period);
  }
  return query.orderBy('v.established_at', 'desc').limit(limit);
}

/** The draft plans that match, at most `limit`: a subquery (`plan_id`) like matchingRecordIds. */
export function matchingDraftPlanIds(em: EntityManager, match: PlanMatch, limit: number) {
  let query = em
    .getKysely<PlansTables>()
    .selectFrom('plan as p')
    .select('p.id as plan_id')
    .where('p.state', '=', 'draft')
    .where('p.pupil_id', 'in', matchingPersonIds(em, match));
  if (match.schoolPattern) {
    query = query.where('p.school_unit_id', 'in', matchingSchoolUnitIds(em, match.schoolPattern));
  }
  if (match.period) {
    query = query.where('p.period', '=', match.period);
  }
  return query.limit(limit);
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import { personNames, schoolUnitNames } from '../directory/directory-joins';
import { registeredRecords } from '../records/record-joins';
import type { PlanContent } from './plan-content';
import type { PlanTemplate } from './plan-template';
import type { PlansTables } from './plans.entities';

/** What a copy of a plan's public record is made from: the frozen version and who and where. */
export interface PlanRecordSource {
  readonly recordId: string;
  readonly registrationNumber: string;
  readonly pupilId: string;
  readonly confidentialityMarking: string | null;
  readonly pupilName: string;
  readonly schoolUnitName: string;
  readonly period: string;
  readonly version: number;
  /** The development talk's day, `YYYY-MM-DD`. */
  readonly talkDate: string;
  readonly template: PlanTemplate;
  readonly content: PlanContent;
}

/**
 * The established plan version a public record registers, with its registration, pupil and
 * school unit, in one statement (the registry's and the directory's parts joined through their
 * owners' derived tables); null when the record is no established version.
 */
export async function findPlanRecordSource(
  em: EntityManager,
  recordId: string,
): Promise<PlanRecordSource | null> {
  const row = await em
    .getKysely<PlansTables>()
    .selectFrom('plan_version as v')
    .innerJoin(registeredRecords().as('r'), 'r.id', 'v.record_id')
    .innerJoin('plan as p', 'p.id', 'v.plan_id')
    .innerJoin(personNames().as('pe'), 'pe.id', 'r.pupil_id')
    .innerJoin(schoolUnitNames().as('su'), 'su.id', 'r.school_unit_id')
    .select([
      'r.id',
      'r.registration_number',
      'r.pupil_id',
      'r.confidentiality_marking',
      'v.version',
      'v.content',
      'v.template',
      sql<string>`to_char(v.talk_date, 'YYYY-MM-DD')`.as('talk_date'),
      'p.period',
      'pe.given_name',
      'pe.family_name',
      'su.name as school_unit_name',
    ])
    .where('v.record_id', '=', recordId)
    .executeTakeFirst();
  if (!row) {
    return null;
  }
  return {
    recordId: row.id,
    registrationNumber: row.registration_number,
    pupilId: row.pupil_id,
    confidentialityMarking: row.confidentiality_marking,
    pupilName: `${row.given_name} ${row.family_name}`,
    schoolUnitName: row.school_unit_name,
    period: row.period,
    version: row.version,
    talkDate: row.talk_date,
    template: row.template,
    content: row.content,
  };
}

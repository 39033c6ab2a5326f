import { expressionBuilder, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';

import type { DirectoryTables } from './directory.entities';
import type { PupilFacts } from '../auth/actor';
import type { ActorFacts } from './directory.queries';
import { isActiveEnrolment, today } from './directory.sql';

/*
 * Directory data for another module's query to join, as derived tables
 * (`innerJoin(personNames().as('pe'), 'pe.id', 'r.pupil_id')`): one statement, and the
 * directory's tables are named here only. PostgreSQL inlines the subqueries, so the plan is
 * the plain join's.
 */

/** Each person's name. */
export function personNames() {
  return expressionBuilder<DirectoryTables>()
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name']);
}

/** Each school unit's name. */
export function schoolUnitNames() {
  return expressionBuilder<DirectoryTables>().selectFrom('school_unit').select(['id', 'name']);
}

/**
 * Each person as a record search finds them: the name as pages show it, the lower-case
 * "given family" the trigram index covers (person_name_trgm_idx: its own expression, so a
 * similarity or `like` on `search_name` is answered by the index once PostgreSQL inlines
 * this), the civic number to match and the protected-identity signal. Never an address.
 */
export function searchablePersons() {
  return expressionBuilder<DirectoryTables>()
    .selectFrom('person')
    .select([
      'id',
      sql<string>`given_name || ' ' || family_name`.as('name'),
      sql<string>`lower(given_name || ' ' || family_name)`.as('search_name'),
      'civic_no',
      'security_marking',
    ]);
}

/**
 * Each person with what the access policy needs of them, read at every signed-in request
 * (`toActorFacts` makes `ActorFacts` of a row): enrolled today or not, the staff duties in force
 * today as a JSON array, and the pupils in their custody. The subqueries run only for the
 * persons the outer query keeps.
 */
export function actorFacts() {
  return expressionBuilder<DirectoryTables>()
    .selectFrom('person')
    .select((eb) => [
      'person.id',
      'person.given_name',
      'person.family_name',
      eb
        .exists(
          eb
            .selectFrom('enrolment')
            .select(eb.lit(1).as('one'))
            .whereRef('enrolment.person_id', '=', 'person.id')
            .where(isActiveEnrolment),
        )
        .$castTo<boolean>()
        .as('is_pupil'),
      jsonArrayFrom(
        eb
          .selectFrom('staff_duty as d')
          .select(['d.role', 'd.school_unit_id', 'd.group_id', 'd.pupil_id', 'd.subject'])
          .whereRef('d.person_id', '=', 'person.id')
          .where((inner) =>
            inner.and([
              inner.or([inner('d.start_date', 'is', null), inner('d.start_date', '<=', today)]),
              inner.or([inner('d.end_date', 'is', null), inner('d.end_date', '>=', today)]),
            ]),
          ),
      ).as('duties'),
      sql<string[]>`array(${eb
        .selectFrom('guardianship')
        .select('guardianship.pupil_id')
        .whereRef('guardianship.guardian_id', '=', 'person.id')})`.as('guardian_of'),
    ]);
}

/** A row of `actorFacts` as the directory's `ActorFacts`. */
export function toActorFacts(row: {
  readonly given_name: string;
  readonly family_name: string;
  readonly is_pupil: boolean;
  readonly guardian_of: string[];
  readonly duties: readonly {
    readonly role: ActorFacts['duties'][number]['role'];
    readonly school_unit_id: string | null;
    readonly group_id: string | null;
    readonly pupil_id: string | null;
    readonly subject: string | null;
  }[];
}): ActorFacts {
  return {
    givenName: row.given_name,
    familyName: row.family_name,
    isPupil: row.is_pupil,
    guardianOf: row.guardian_of,
    duties: row.duties.map((duty) => ({
      role: duty.role,
      schoolUnitId: duty.school_unit_id,
      groupId: duty.group_id,
      pupilId: duty.pupil_id,
      subject: duty.subject,
    })),
  };
}

/**
 * Each pupil with what the access policy needs of them (`toPupilFacts` makes `PupilFacts` of a
 * row): a pupil has facts when they have an enrolment, in force or not; the school units of
 * those in force and the groups not ended, as arrays.
 */
export function pupilFacts() {
  return expressionBuilder<DirectoryTables>()
    .selectFrom('person')
    .select((eb) => [
      'person.id',
      sql<string[]>`array(${eb
        .selectFrom('enrolment')
        .select('enrolment.school_unit_id')
        .whereRef('enrolment.person_id', '=', 'person.id')
        .where(isActiveEnrolment)})`.as('school_unit_ids'),
      sql<string[]>`array(${eb
        .selectFrom('group_membership as gm')
        .innerJoin('student_group as g', 'g.id', 'gm.group_id')
        .select('gm.group_id')
        .whereRef('gm.person_id', '=', 'person.id')
        .where((inner) =>
          inner.or([inner('g.end_date', 'is', null), inner('g.end_date', '>=', today)]),
        )})`.as('group_ids'),
    ])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('enrolment')
          .select(eb.lit(1).as('one'))
          .whereRef('enrolment.person_id', '=', 'person.id'),
      ),
    );
}

/** A row of `pupilFacts` as the policy's `PupilFacts`. */
export function toPupilFacts(row: {
  readonly id: string;
  readonly school_unit_ids: readonly string[];
  readonly group_ids: readonly string[];
}): PupilFacts {
  return {
    pupilId: row.id,
    groupIds: new Set(row.group_ids),
    schoolUnitIds: new Set(row.school_unit_ids),
  };
}

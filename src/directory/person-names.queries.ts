import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type AliasableExpression, type Expression, type OperandExpression, sql } from 'kysely';

import type { DirectoryTables } from './directory.entities';
import type { DutyRole, SecurityMarking } from './directory.types';

/** A person as another module shows them: the full name and the protected-identity signal. */
export interface PersonName {
  readonly name: string;
  readonly securityMarking: SecurityMarking;
}

/** "given family", the form every page shows a person's name in (and the trigram index covers lowercased). */
const FULL_NAME = sql<string>`given_name || ' ' || family_name`;

/**
 * Names of persons and school units for other modules' lists: one query per
 * set of ids, after the caller has read its own page. The helpers below build
 * subqueries on the directory's tables for a statement of another module
 * that must stay one statement (it names the tables only here).
 */
@Injectable()
export class PersonNamesQueries {
  constructor(private readonly em: EntityManager) {}

  async findPersonNames(ids: readonly string[]): Promise<Map<string, PersonName>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) {
      return new Map();
    }
    const rows = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('person')
      .select(['id', FULL_NAME.as('name'), 'security_marking'])
      .where('id', 'in', unique)
      .execute();
    return new Map(
      rows.map((row) => [row.id, { name: row.name, securityMarking: row.security_marking }]),
    );
  }

  async findSchoolUnitNames(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) {
      return new Map();
    }
    const rows = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('school_unit')
      .select(['id', 'name'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}

/** The person's full name, as a scalar subquery on a person id of the outer statement. */
export function fullNameOf(
  em: EntityManager,
  personId: Expression<string>,
): AliasableExpression<string> {
  return em
    .getKysely<DirectoryTables>()
    .selectFrom('person')
    .select(FULL_NAME.as('name'))
    .where('person.id', '=', personId)
    .$asScalar();
}

/** The e-mail address the directory import gave the person, as a scalar subquery. */
export function importedEmailOf(
  em: EntityManager,
  personId: Expression<string>,
): AliasableExpression<string | null> {
  return em
    .getKysely<DirectoryTables>()
    .selectFrom('person')
    .select('imported_email')
    .where('person.id', '=', personId)
    .$asScalar();
}

/**
 * The persons with a duty of the role: any such duty, or (with `activeOn`) one
 * not ended before that day.
 */
export function personIdsWithDuty(
  em: EntityManager,
  role: DutyRole,
  activeOn?: Expression<string>,
): OperandExpression<string> {
  let query = em
    .getKysely<DirectoryTables>()
    .selectFrom('staff_duty as d')
    .select('d.person_id')
    .where('d.role', '=', role);
  if (activeOn) {
    query = query.where((eb) =>
      eb.or([eb('d.end_date', 'is', null), eb('d.end_date', '>=', activeOn)]),
    );
  }
  return query;
}

/** What a request's requester wrote to find a pupil: personal identity numbers or name parts. */
export interface PersonMatch {
  /** Exactly these persons (a guardian's request names the child by id). */
  readonly personIds?: readonly string[];
  readonly civicNumbers: readonly string[];
  /** `like` patterns on the lowercased full name, all of which must match. */
  readonly namePatterns: readonly string[];
}

/** The persons matching, as a subquery of ids (the name patterns use the trigram index). */
export function matchingPersonIds(
  em: EntityManager,
  match: PersonMatch,
): OperandExpression<string> {
  let query = em.getKysely<DirectoryTables>().selectFrom('person').select('person.id');
  if (match.personIds !== undefined) {
    query = query.where('person.id', 'in', [...match.personIds]);
  }
  if (match.civicNumbers.length > 0) {
    query = query.where('civic_no', 'in', [...match.civicNumbers]);
  }
  for (const pattern of match.namePatterns) {
    query = query.where(sql<string>`lower(${FULL_NAME})`, 'like', pattern);
  }
  return query;
}

/** The school units whose lowercased name matches the `like` pattern, as a subquery of ids. */
export function matchingSchoolUnitIds(
  em: EntityManager,
  namePattern: string,
): OperandExpression<string> {
  return em
    .getKysely<DirectoryTables>()
    .selectFrom('school_unit')
    .select('school_unit.id')
    .where(sql<string>`lower(name)`, 'like', namePattern);
}

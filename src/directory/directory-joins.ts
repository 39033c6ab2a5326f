import { expressionBuilder } from 'kysely';

import type { DirectoryTables } from './directory.entities';

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

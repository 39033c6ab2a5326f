import { expressionBuilder, sql } from 'kysely';

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

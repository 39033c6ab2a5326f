import { expressionBuilder } from 'kysely';

import type { RecordsTables } from './records.entities';

/*
 * The registry's records for another module's query to join, as a derived table
 * (`innerJoin(registeredRecords().as('r'), 'r.id', 'v.record_id')`): one statement, and
 * public_record is named here only. PostgreSQL inlines the subquery, so the plan is the
 * plain join's.
 */

/** Each record's registration number, pupil, school unit and marking. */
export function registeredRecords() {
  return expressionBuilder<RecordsTables>()
    .selectFrom('public_record')
    .select(['id', 'registration_number', 'pupil_id', 'school_unit_id', 'confidentiality_marking']);
}

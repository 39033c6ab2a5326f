import { sql } from 'kysely';
import type { ExpressionBuilder, RawBuilder } from 'kysely';

import { SQL_TODAY } from '../common/stockholm';
import type { DirectoryTables } from './directory.entities';

/** "Today" is a date in Sweden, whatever the server's time zone (a date column reads as YYYY-MM-DD). */
export const today: RawBuilder<string> = sql<string>`${sql.raw(SQL_TODAY)}`;

/**
 * `= any($1::uuid[])`: one parameter for any number of ids (pg sends a JS array as a PostgreSQL
 * array), where `in (…)` would take one parameter per id.
 */
export function anyUuid(ids: readonly string[]): RawBuilder<string> {
  return sql<string>`any(${[...ids]}::uuid[])`;
}

/** An enrolment in force today. */
export const isActiveEnrolment = (eb: ExpressionBuilder<DirectoryTables, 'enrolment'>) =>
  eb.and([
    eb('enrolment.start_date', '<=', today),
    eb.or([eb('enrolment.end_date', 'is', null), eb('enrolment.end_date', '>=', today)]),
  ]);

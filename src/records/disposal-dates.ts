import type { EntityManager } from '@mikro-orm/postgresql';
import { expressionBuilder, sql } from 'kysely';

import type { DirectoryTables } from '../directory/directory.entities';

type Row = Record<string, unknown>;

/**
 * The pupil's end of compulsory school as SQL: the latest enrolment end,
 * or null while any enrolment is open (still enrolled: no disposal date).
 * PostgreSQL's date + interval moves 29 February to the 28th, as
 * `disposalDate` does. One `?`: the years after leaving.
 */
export const PUPIL_DISPOSAL_DATES = `
  select e.person_id,
         case when bool_or(e.end_date is null) then null
              else (max(e.end_date) + make_interval(years => ?))::date end as disposal_date
    from enrolment e
   group by e.person_id`;

/**
 * PUPIL_DISPOSAL_DATES as a Kysely subquery, `(person_id, disposal_date)`,
 * for a query to join: the same rule, held to it (and to `disposalDate`) by
 * the disposal-rules integration test.
 */
export function pupilDisposalDates(yearsAfterLeaving: number) {
  const eb = expressionBuilder<DirectoryTables>();
  return eb
    .selectFrom('enrolment as e')
    .select((s) => [
      'e.person_id',
      s
        .case()
        .when(s.fn.agg<boolean>('bool_or', [s('e.end_date', 'is', null)]))
        .then(s.lit(null))
        // date + interval, back to a date: Kysely builds neither.
        .else(
          sql<string>`(${s.fn.max('e.end_date')} + make_interval(years => ${yearsAfterLeaving}))::date`,
        )
        .end()
        .as('disposal_date'),
    ])
    .groupBy('e.person_id');
}

/**
 * Recomputes every record's disposal date from the enrolments as they are
 * now (after an import changed an end date, or a pupil came back). Only rows
 * whose date changes are written. Returns how many changed.
 */
export async function recomputeDisposalDates(
  em: EntityManager,
  yearsAfterLeaving: number,
): Promise<number> {
  const [row] = await em.execute<Row[]>(
    `with dates as (${PUPIL_DISPOSAL_DATES}),
          changed as (
            update public_record r set disposal_date = d.disposal_date
              from public_record r2 left join dates d on d.person_id = r2.pupil_id
             where r.id = r2.id and r.disposal_date is distinct from d.disposal_date
            returning 1)
     select count(*)::int as count from changed`,
    [yearsAfterLeaving],
  );
  return Number(row?.count ?? 0);
}

/** The service's days are Swedish days, whatever the server's time zone. */
export const TIME_ZONE = 'Europe/Stockholm';

/** Today's date (YYYY-MM-DD) in Sweden. */
export function stockholmToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE }).format(now);
}

/** The same in SQL, for queries that compare with dates. */
export const SQL_TODAY = `(now() at time zone '${TIME_ZONE}')::date`;

/** A PostgreSQL array literal of uuids, bound as one parameter (knex would expand a JS array). */
export function uuidArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

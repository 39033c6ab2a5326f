/** The service's days are Swedish days, whatever the server's time zone. */
export const TIME_ZONE = 'Europe/Stockholm';

// Made once: building an Intl.DateTimeFormat costs far more than using one (it showed in the intake profile).
const DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE });
const YEAR = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, year: 'numeric' });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2023-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Today's date (YYYY-MM-DD) in Sweden. */
export function stockholmToday(now: Date = new Date()): string {
  return DAY.format(now);
}

/** The year in Sweden at an instant. */
export function stockholmYear(now: Date = new Date()): number {
  return Number(YEAR.format(now));
}

/** The same in SQL, for queries that compare with dates. */
export const SQL_TODAY = `(now() at time zone '${TIME_ZONE}')::date`;

/** A PostgreSQL array literal of uuids, bound as one parameter (knex would expand a JS array). */
export function uuidArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

const CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The Swedish clock's year, month, day, hour and minute at an instant. */
function clockParts(instant: Date): Record<string, string> {
  return Object.fromEntries(CLOCK.formatToParts(instant).map((part) => [part.type, part.value]));
}

/** How far Swedish clock time is ahead of UTC at an instant (ms). */
function offsetAt(instant: number): number {
  const parts = clockParts(new Date(instant));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

/** The instant a Swedish date (YYYY-MM-DD) and clock time (HH:MM) name, summer time included. */
export function stockholmInstant(date: string, time: string): Date {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first));
}

/** "HH:MM" in Sweden at an instant. */
export function stockholmClock(instant: Date): string {
  const parts = clockParts(instant);
  return `${parts.hour}:${parts.minute}`;
}

/**
 * Working days in Sweden: Monday to Friday except public holidays (allmänna
 * helgdagar, lagen 1989:253) and the eves a municipality keeps closed
 * (midsommarafton, julafton, nyårsafton). Dates are `YYYY-MM-DD` in
 * Swedish time; nothing here reads a clock.
 */

const cache = new Map<number, ReadonlySet<string>>();

/** Easter Sunday (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return format(new Date(Date.UTC(year, month - 1, day)));
}

/** The days of `year` that are not working days although they fall on Monday to Friday or a weekend. */
export function swedishHolidays(year: number): ReadonlySet<string> {
  const known = cache.get(year);
  if (known) {
    return known;
  }
  const easter = easterSunday(year);
  const fixed = (month: number, day: number): string =>
    format(new Date(Date.UTC(year, month - 1, day)));
  /** The first given weekday (0 Sunday … 6 Saturday) on or after the date. */
  const firstWeekdayFrom = (month: number, day: number, weekday: number): string => {
    const date = new Date(Date.UTC(year, month - 1, day));
    while (date.getUTCDay() !== weekday) {
      date.setUTCDate(date.getUTCDate() + 1);
    }
    return format(date);
  };
  const holidays = new Set([
    fixed(1, 1), // nyårsdagen
    fixed(1, 6), // trettondedag jul
    addDays(easter, -2), // långfredagen
    easter, // påskdagen
    addDays(easter, 1), // annandag påsk
    fixed(5, 1), // första maj
    addDays(easter, 39), // Kristi himmelsfärdsdag
    addDays(easter, 49), // pingstdagen
    fixed(6, 6), // Sveriges nationaldag
    firstWeekdayFrom(6, 19, 5), // midsommarafton (fredag 19–25 juni)
    firstWeekdayFrom(6, 20, 6), // midsommardagen (lördag 20–26 juni)
    firstWeekdayFrom(10, 31, 6), // alla helgons dag (lördag 31 okt–6 nov)
    fixed(12, 24), // julafton
    fixed(12, 25), // juldagen
    fixed(12, 26), // annandag jul
    fixed(12, 31), // nyårsafton
  ]);
  cache.set(year, holidays);
  return holidays;
}

export function isWorkingDay(date: string): boolean {
  const weekday = parse(date).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !swedishHolidays(Number(date.slice(0, 4))).has(date);
}

/** The date itself when it is a working day, else the next working day. */
export function firstWorkingDayFrom(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) {
    day = addDays(day, 1);
  }
  return day;
}

/** `days` working days after `date` (0: the first working day from `date`). */
export function addWorkingDays(date: string, days: number): string {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`addWorkingDays needs a whole number of days ≥ 0, not ${days}`);
  }
  let day = firstWorkingDayFrom(date);
  for (let left = days; left > 0; left -= 1) {
    day = firstWorkingDayFrom(addDays(day, 1));
  }
  return day;
}

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (isWorkingDay(day)) {
      count += 1;
    }
  }
  return count;
}

export function addDays(date: string, days: number): string {
  const next = parse(date);
  next.setUTCDate(next.getUTCDate() + days);
  return format(next);
}

function parse(date: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  }
  return new Date(`${date}T00:00:00Z`);
}

function format(date: Date): string {
  return date.toISOString().slice(0, 10);
}
